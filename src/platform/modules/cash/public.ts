// The cash module's door: its routes, workflows, and what the webhook inbox hands it
// (custody's deposit and whitelist events). See README.md.
export { registerCashRoutes } from './routes.ts'
export { CASH_WORKFLOW_DEFINITIONS } from './workflows.ts'
export { applyDepositEvent } from './credit-deposit.ts'
export { applyWhitelistEvent } from './withdrawal-addresses.ts'
