import type { WorkflowDefinitions } from '../../engine/types.ts'
import { onboardWorkflow } from './onboard-workflow.ts'
import { revokeClaimWorkflow } from './revoke-claim-workflow.ts'
import { screenWorkflow } from './screen-workflow.ts'

/** Onboarding's workflows, by kind. */
export const ONBOARDING_WORKFLOW_DEFINITIONS: WorkflowDefinitions = {
  SCREEN: screenWorkflow,
  ONBOARD: onboardWorkflow,
  REVOKE_CLAIM: revokeClaimWorkflow,
}
