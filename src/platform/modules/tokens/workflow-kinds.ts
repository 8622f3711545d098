import type { WorkflowKind } from '../../engine/tables.ts'

/** Deploys a token suite through custody and records its addresses. */
export const TOKEN_DEPLOY: WorkflowKind = 'TOKEN_DEPLOY'
/** Sends one token operation (mint, transfer, pause, unpause, freeze) through custody and records its outcome. */
export const TOKEN_OPERATION: WorkflowKind = 'TOKEN_OPERATION'

/** Workflow id of a token's deployment. */
export const deployWorkflowId = (tokenId: string) => `token-deploy:${tokenId}`
/** Workflow id of a token operation. */
export const operationWorkflowId = (operationId: string) => `token-op:${operationId}`
