// The tokens module's door for commands and shared types: token operations (every
// custody transaction on a token is one), the restriction codes, the token's compliance
// explained, quantities. Its queries are read-tokens.ts and read-operations.ts. See README.md.
export { complianceRefusal } from './compliance-refusal.ts'
export { createOperation, hashRequest, insertOperation, type NewOperation, type OperationRecord } from './create-operation.ts'
export { startInvestorFreeze, type FreezeMode } from './freeze-investor.ts'
export { parseQuantity } from './parse-quantity.ts'
export { operationStatusOf, recordCustodyOutcome } from './record-custody-outcome.ts'
export { markOperationReincluded, markOperationReorged } from './operation-reorged.ts'
export { formatAmount, restriction, restrictionOfModule, RESTRICTIONS, type Restriction, type RestrictionName } from './restriction-codes.ts'
export { registerTokenRoutes } from './routes.ts'
export { Operation, Token } from './schemas.ts'
export type { TokenOperationKind, TokenOperationStatus } from './tables.ts'
export { readTokenState, TOKEN_SELECTORS, tokenAddressOf } from './token-chain.ts'
export { suiteColumns } from './deploy-workflow.ts'
export { TOKEN_WORKFLOW_DEFINITIONS } from './workflows.ts'
