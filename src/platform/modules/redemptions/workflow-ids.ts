/** The REDEMPTION_OFFER workflow of an offer or window (one; a retry resumes it). */
export const offerWorkflowId = (offerId: string) => `redemption-offer:${offerId}`
/** custody externalTxId of the token owner making the settlement contract a token agent (once per token). */
export const addAgentExternalTxId = (tokenId: string) => `dvp:token:${tokenId}:add-agent`
/** custody externalTxId of the payer's stablecoin approval of the settlement contract for an offer's total. */
export const approveExternalTxId = (offerId: string) => `dvp:${offerId}:approve`
/** custody externalTxId of one settlement (one per request). */
export const settleExternalTxId = (offerId: string, requestId: string) => `dvp:${offerId}:settle:${requestId}`
