/** Workflow id of the automatic payment a confirmed deposit starts (one per deposit). */
export const autoPayWorkflowId = (depositId: string) => `cash-autopay:${depositId}`
/** Workflow id of a withdrawal. */
export const withdrawalWorkflowId = (withdrawalId: string) => `cash-withdrawal:${withdrawalId}`
/** custody externalTxId of a withdrawal: the investor's vault sends the stablecoin to the whitelisted address. */
export const withdrawalExternalTxId = (withdrawalId: string) => `cash:withdrawal:${withdrawalId}`

/** Ledger references: one per fact, so a fact entered again changes nothing. */
export const refs = {
  deposit: (depositId: string) => `deposit:${depositId}`,
  retraction: (depositId: string) => `deposit:${depositId}:retracted`,
  /** A reservation for a subscription's payment attempt (the k-th, should an earlier one have been released unused). */
  payment: (subscriptionId: string, attempt: number, k: number) => `subscription:${subscriptionId}:pay:${attempt}:r${k}`,
  withdrawal: (withdrawalId: string, phase: string) => `withdrawal:${withdrawalId}:${phase}`,
}
