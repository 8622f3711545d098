import type { WorkflowDefinitions } from '../../engine/types.ts'
import { agentActionWorkflow } from './action-workflow.ts'
import { walletRecoveryWorkflow } from './recovery-workflow.ts'

/** The agent module's workflows, by kind. */
export const AGENT_WORKFLOW_DEFINITIONS: WorkflowDefinitions = {
  AGENT_ACTION: agentActionWorkflow,
  WALLET_RECOVERY: walletRecoveryWorkflow,
}
