import type { WorkflowKind } from '../../engine/tables.ts'

/** Sends one agent action (freeze, partial freeze, forced transfer, burn, …) through custody and records its outcome. */
export const AGENT_ACTION: WorkflowKind = 'AGENT_ACTION'
/** Moves an investor to a new custodial wallet: identity, balances, frozen amounts, lock-up lots. */
export const WALLET_RECOVERY: WorkflowKind = 'WALLET_RECOVERY'

export const actionWorkflowId = (actionId: string) => `agent-action:${actionId}`
export const recoveryWorkflowId = (recoveryId: string) => `wallet-recovery:${recoveryId}`
