// The onboarding module's door: its routes, workflows and scheduled jobs, and the vendor
// screening the webhook inbox hands over. See README.md.
export { registerOnboardingRoutes } from './routes.ts'
export { startScheduler, type Scheduler } from './scheduler.ts'
export { applyVendorScreening, type VendorScreeningResult } from './vendor-screening.ts'
export { ONBOARDING_WORKFLOW_DEFINITIONS } from './workflows.ts'
