import type { WorkflowKind } from '../db/schema.ts'
import type { WorkflowDefinition } from '../workflows/types.ts'
import { onboardWorkflow } from './onboard-workflow.ts'
import { revokeClaimWorkflow } from './revoke-claim-workflow.ts'
import { screenWorkflow } from './screen-workflow.ts'

/** Every workflow the platform runs, by kind. */
export const WORKFLOW_DEFINITIONS: Record<WorkflowKind, WorkflowDefinition> = {
  SCREEN: screenWorkflow,
  ONBOARD: onboardWorkflow,
  REVOKE_CLAIM: revokeClaimWorkflow,
}
