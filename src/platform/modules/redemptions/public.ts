// The redemptions module's door: routes, the workflow, the allocation rule. See README.md.
export { allocateProRata, type Allocation, type AllocationRequest } from './allocate-pro-rata.ts'
export { REDEMPTION_WORKFLOW_DEFINITIONS } from './offer-workflow.ts'
export { registerRedemptionRoutes } from './routes.ts'
