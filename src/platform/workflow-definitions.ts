import type { WorkflowDefinitions } from './workflows/types.ts'
import { WORKFLOW_DEFINITIONS } from './onboarding/definitions.ts'
import { TOKEN_WORKFLOW_DEFINITIONS } from './tokens/definitions.ts'
import { BATCH_MINT_WORKFLOW_DEFINITIONS } from './issuance/batch-mint-workflow.ts'
import { OFFERING_WORKFLOW_DEFINITIONS } from './offerings/definitions.ts'

/** Every workflow the platform's workers run, by kind: one line per feature. */
export const PLATFORM_WORKFLOWS: WorkflowDefinitions = {
  ...WORKFLOW_DEFINITIONS,
  ...TOKEN_WORKFLOW_DEFINITIONS,
  ...BATCH_MINT_WORKFLOW_DEFINITIONS,
  ...OFFERING_WORKFLOW_DEFINITIONS,
}
