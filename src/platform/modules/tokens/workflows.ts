import type { WorkflowDefinitions } from '../../engine/types.ts'
import { tokenDeployWorkflow } from './deploy-workflow.ts'
import { tokenOperationWorkflow } from './operation-workflow.ts'
import { investorFreezeWorkflow } from './freeze-investor.ts'

/** The workflows of tokens and their operations, by kind. */
export const TOKEN_WORKFLOW_DEFINITIONS: WorkflowDefinitions = {
  TOKEN_DEPLOY: tokenDeployWorkflow,
  TOKEN_OPERATION: tokenOperationWorkflow,
  INVESTOR_FREEZE: investorFreezeWorkflow,
}
