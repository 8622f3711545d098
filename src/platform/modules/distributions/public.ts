// The distributions module's door: what other modules, the CLI and the bench may use.
export { buildClaimTree, claimLeafHash, type ClaimLeaf, type ClaimTree } from './merkle-tree.ts'
export { PAYOUT_CHUNK_SIZE, payoutCalldata, payoutChunkId, planPayoutChunks, type PayoutItem } from './payout-chunks.ts'
