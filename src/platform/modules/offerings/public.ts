// The offerings module's door: its routes and workflows. Other modules read lock-ups
// through read-lockups.ts. See README.md.
export { registerOfferingRoutes } from './routes.ts'
export { OFFERING_WORKFLOW_DEFINITIONS } from './workflows.ts'
