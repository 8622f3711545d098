/** The DISTRIBUTION workflow of a distribution (one; a retry resumes it). */
export const distributionWorkflowId = (distributionId: string) => `distribution:${distributionId}`
/** custody externalTxId of the treasury's approval of PayoutBatch for a distribution's total. */
export const approveExternalTxId = (distributionId: string) => `dist:${distributionId}:approve`
/** custody externalTxId of a payout chunk. */
export const chunkExternalTxId = (distributionId: string, chunkIndex: number) => `dist:${distributionId}:chunk:${chunkIndex}`
/** custody externalTxId of the treasury's approval of MerkleDistributor for a CLAIM round's total. */
export const claimApproveExternalTxId = (distributionId: string) => `dist:${distributionId}:claims:approve`
/** custody externalTxId of the transaction that funds and publishes a CLAIM round. */
export const claimPublishExternalTxId = (distributionId: string) => `dist:${distributionId}:claims:create`
/** custody externalTxId of the claim of one leaf (a leaf is claimed once, whoever asks). */
export const claimExternalTxId = (distributionId: string, claimIndex: number) => `dist:${distributionId}:claim:${claimIndex}`
/** custody externalTxId of one attempt of a leaf's claim: the first is {@link claimExternalTxId}, each retry after a failed one its own. */
export const claimAttemptExternalTxId = (distributionId: string, claimIndex: number, attempt: number) => (attempt <= 1 ? claimExternalTxId(distributionId, claimIndex) : `${claimExternalTxId(distributionId, claimIndex)}:attempt:${attempt}`)
/** custody externalTxId of the issuer's reclaim of what was not claimed by the deadline. */
export const reclaimExternalTxId = (distributionId: string) => `dist:${distributionId}:claims:reclaim`
/** The DISTRIBUTION_CLAIM workflow of one leaf. */
export const claimWorkflowId = (distributionId: string, claimIndex: number) => `distribution-claim:${distributionId}:${claimIndex}`
/** The batch mint (idempotency key) of a stock dividend. */
export const stockBatchMintKey = (distributionId: string) => `distribution:${distributionId}:stock`
/** custody externalTxId of the transfer of a CLAIM round's withholding (of what was claimed) to the tax vault. */
export const claimTaxExternalTxId = (distributionId: string) => `dist:${distributionId}:claims:tax`
