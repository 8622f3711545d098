import type { WorkflowDefinitions } from './engine/types.ts'
import { WORKFLOW_DEFINITIONS } from './modules/onboarding/workflows.ts'
import { TOKEN_WORKFLOW_DEFINITIONS } from './modules/tokens/workflows.ts'
import { BATCH_MINT_WORKFLOW_DEFINITIONS } from './modules/issuance/batch-mint-workflow.ts'
import { OFFERING_WORKFLOW_DEFINITIONS } from './modules/offerings/workflows.ts'

/** Every workflow the platform's workers run, by kind: one line per feature. */
export const PLATFORM_WORKFLOWS: WorkflowDefinitions = {
  ...WORKFLOW_DEFINITIONS,
  ...TOKEN_WORKFLOW_DEFINITIONS,
  ...BATCH_MINT_WORKFLOW_DEFINITIONS,
  ...OFFERING_WORKFLOW_DEFINITIONS,
}
