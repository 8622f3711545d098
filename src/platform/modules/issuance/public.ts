// The issuance module's door: minting to an investor (offerings mint their allocations with it),
// its routes and its workflow. See README.md.
export { mintAsset, MintRestrictedError, type MintInput } from './mint.ts'
export { InvestorNotActiveError } from './investor-not-active.ts'
export { requestMintLockup, type MintLockupInput } from './mint-lockup.ts'
export { DEFAULT_CHUNK_GAS_BUDGET, FIRST_TIME_BOUND_PERCENT, TX_GAS_CAP, custodyGasLimit, holdersPerChunk, measureHolderGas, planChunks } from './batch-mint-gas.ts'
export { acceptBatchMint, getBatchMint, type BatchMintInput, type BatchMintView } from './batch-mint.ts'
export { BATCH_MINT_WORKFLOW_DEFINITIONS } from './batch-mint-workflow.ts'
export { registerIssuanceRoutes } from './routes.ts'
