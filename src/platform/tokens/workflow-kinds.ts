import type { WorkflowKind } from '../db/schema.ts'

// The engine's WorkflowKind union lists onboarding's kinds only (onboarding/definitions.ts
// must name every member); these widen it at the database level (migration 0020).
/** Deploys a token suite through custody and records its addresses. */
export const TOKEN_DEPLOY = 'TOKEN_DEPLOY' as unknown as WorkflowKind
/** Sends one token operation (mint, transfer, pause, unpause) through custody and records its outcome. */
export const TOKEN_OPERATION = 'TOKEN_OPERATION' as unknown as WorkflowKind

/** Workflow id of a token's deployment. */
export const deployWorkflowId = (tokenId: string) => `token-deploy:${tokenId}`
/** Workflow id of a token operation. */
export const operationWorkflowId = (operationId: string) => `token-op:${operationId}`
