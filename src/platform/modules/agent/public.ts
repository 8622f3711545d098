// The agent module's door: the agent's powers on holders (freeze, partial freeze, forced
// transfer, burn), wallet recovery, and the lock-up release watch. See README.md.
export { createAgentAction, type AgentActionParameters } from './create-action.ts'
export { startWalletRecovery, type WalletRecoveryParameters } from './recover-wallet.ts'
export { notifyReleasedLots, scanLockupLots } from './lockup-scan.ts'
export { startLockupWatch, type LockupWatch } from './start-lockup-watch.ts'
export { registerAgentRoutes } from './routes.ts'
export { AGENT_WORKFLOW_DEFINITIONS } from './workflows.ts'
