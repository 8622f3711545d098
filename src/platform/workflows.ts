import type { WorkflowDefinitions } from './engine/types.ts'
import { ONBOARDING_WORKFLOW_DEFINITIONS } from './modules/onboarding/public.ts'
import { TOKEN_WORKFLOW_DEFINITIONS } from './modules/tokens/public.ts'
import { BATCH_MINT_WORKFLOW_DEFINITIONS } from './modules/issuance/public.ts'
import { OFFERING_WORKFLOW_DEFINITIONS } from './modules/offerings/public.ts'
import { DISTRIBUTION_WORKFLOW_DEFINITIONS } from './modules/distributions/public.ts'
import { REDEMPTION_WORKFLOW_DEFINITIONS } from './modules/redemptions/public.ts'
import { AGENT_WORKFLOW_DEFINITIONS } from './modules/agent/public.ts'
import { CASH_WORKFLOW_DEFINITIONS } from './modules/cash/public.ts'

/** Every workflow the platform's workers run, by kind: one line per feature. */
export const PLATFORM_WORKFLOWS: WorkflowDefinitions = {
  ...ONBOARDING_WORKFLOW_DEFINITIONS,
  ...TOKEN_WORKFLOW_DEFINITIONS,
  ...BATCH_MINT_WORKFLOW_DEFINITIONS,
  ...OFFERING_WORKFLOW_DEFINITIONS,
  ...DISTRIBUTION_WORKFLOW_DEFINITIONS,
  ...REDEMPTION_WORKFLOW_DEFINITIONS,
  ...AGENT_WORKFLOW_DEFINITIONS,
  ...CASH_WORKFLOW_DEFINITIONS,
}
