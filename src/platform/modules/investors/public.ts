// The investors module's door for commands: the status machine and the record's writers.
// Its queries are read-investors.ts. See README.md.
export { changeInvestorStatus, lockInvestor, type StatusChange } from './change-status.ts'
export { INVESTOR_TRANSITIONS, InvestorStatusConflictError } from './investor-status.ts'
export { insertInvestor, recordInvestorIdentity, recordInvestorScreening, recordInvestorVault, recordKycDecision, type NewInvestor } from './record-investor.ts'
export { registerInvestorRoutes } from './routes.ts'
export { Investor, InvestorStatus } from './schemas.ts'
export { serializeInvestor, type InvestorView } from './serialize.ts'
export { INVESTOR_STATUSES, type InvestorStatus as InvestorStatusName } from './tables.ts'
