// The offerings module's door: its routes, workflows and the stablecoin payment command (cash
// pays subscriptions from a deposit). Other modules read lock-ups through read-lockups.ts and
// unpaid subscriptions through read-subscriptions.ts. See README.md.
export { registerOfferingRoutes } from './routes.ts'
export { OFFERING_WORKFLOW_DEFINITIONS } from './workflows.ts'
export { payWithStablecoin } from './pay-with-stablecoin.ts'
export { paymentExternalTxId } from './workflow-ids.ts'
