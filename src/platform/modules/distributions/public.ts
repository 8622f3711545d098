// The distributions module's door: routes, workflows, the payout and claim helpers (bench, CLI). See README.md.
export { buildClaimTree, claimLeafHash, type ClaimLeaf, type ClaimTree } from './merkle-tree.ts'
export { PAYOUT_CHUNK_SIZE, payoutCalldata, payoutChunkId, planPayoutChunks, type PayoutItem } from './payout-chunks.ts'
export { DISTRIBUTION_WORKFLOW_DEFINITIONS } from './distribution-workflow.ts'
export { registerDistributionRoutes } from './routes.ts'
export { DISTRIBUTION_VAULT_PURPOSES } from './declare-distribution.ts'
