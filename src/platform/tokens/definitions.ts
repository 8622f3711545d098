import type { WorkflowDefinition } from '../workflows/types.ts'
import { tokenDeployWorkflow } from './deploy-workflow.ts'
import { tokenOperationWorkflow } from './operation-workflow.ts'

/** The workflows of tokens and their operations, by kind (merged with onboarding's in service.ts). */
export const TOKEN_WORKFLOW_DEFINITIONS: Record<string, WorkflowDefinition> = {
  TOKEN_DEPLOY: tokenDeployWorkflow,
  TOKEN_OPERATION: tokenOperationWorkflow,
}
