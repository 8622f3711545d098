/** The DISTRIBUTION workflow of a distribution (one; a retry resumes it). */
export const distributionWorkflowId = (distributionId: string) => `distribution:${distributionId}`
/** custody externalTxId of the treasury's approval of PayoutBatch for a distribution's total. */
export const approveExternalTxId = (distributionId: string) => `dist:${distributionId}:approve`
/** custody externalTxId of a payout chunk. */
export const chunkExternalTxId = (distributionId: string, chunkIndex: number) => `dist:${distributionId}:chunk:${chunkIndex}`
