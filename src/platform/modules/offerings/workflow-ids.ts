/** Workflow id of an offering's close (one per offering; a retry resumes it). */
export const closeWorkflowId = (offeringId: string) => `offering-close:${offeringId}`
/** Workflow id of a subscription's n-th stablecoin payment attempt. */
export const paymentWorkflowId = (subscriptionId: string, attempt: number) => `sub-pay:${subscriptionId}:${attempt}`
/** Workflow id of a subscription's n-th refund attempt. */
export const refundWorkflowId = (subscriptionId: string, attempt: number) => `sub-refund:${subscriptionId}:${attempt}`

/** custody externalTxId of a payment attempt: the investor's vault sends the stablecoin to the treasury. */
export const paymentExternalTxId = (subscriptionId: string, attempt: number) => `sub:${subscriptionId}:pay:${attempt}`
/** custody externalTxId of a refund attempt: the treasury vault sends the stablecoin back. */
export const refundExternalTxId = (subscriptionId: string, attempt: number) => `sub:${subscriptionId}:refund:${attempt}`
/** Issuance idempotency key of a subscription's allocation (`mint:<key>` at custody); a retry after a failed mint adds `:r<n>`. */
export const mintIdempotencyKey = (offeringId: string, subscriptionId: string, attempt: number) =>
  `offering:${offeringId}:subscription:${subscriptionId}${attempt > 1 ? `:r${attempt}` : ''}`
