/**
 * Transfer restriction codes (ERC-1404 style): stable numbers and names. 0
 * means the transfer may go; any other code names the first reason it may not.
 * Never renumber; add new codes at the end.
 */
export const RESTRICTIONS = {
  SUCCESS: { code: 0, message: 'transfer allowed' },
  TOKEN_PAUSED: { code: 1, message: 'the token is paused' },
  SENDER_NOT_VERIFIED: { code: 2, message: 'the sender is not a verified investor' },
  RECEIVER_NOT_VERIFIED: { code: 3, message: 'the receiver is not verified in the token’s identity registry' },
  SENDER_KYC_EXPIRED: { code: 4, message: 'the sender’s KYC has expired' },
  RECEIVER_KYC_EXPIRED: { code: 5, message: 'the receiver’s KYC has expired' },
  SENDER_FROZEN: { code: 6, message: 'the sender’s address is frozen' },
  RECEIVER_FROZEN: { code: 7, message: 'the receiver’s address is frozen' },
  INSUFFICIENT_UNFROZEN_BALANCE: { code: 8, message: 'the sender’s unfrozen balance is smaller than the quantity' },
  COUNTRY_NOT_ALLOWED: { code: 9, message: 'the receiver’s country is not allowed to hold this token' },
  MAX_BALANCE_EXCEEDED: { code: 10, message: 'the receiver would hold more than the token’s maximum balance' },
  SUPPLY_LIMIT_EXCEEDED: { code: 11, message: 'the total supply would exceed the token’s supply limit' },
  LOCKUP_NOT_OVER: { code: 12, message: 'the sender’s tokens are still locked up' },
  COMPLIANCE_REFUSED: { code: 13, message: 'the token’s compliance refuses the transfer' },
  MAX_HOLDERS_EXCEEDED: { code: 14, message: 'the token would have more holders than its maximum' },
} as const

export type RestrictionName = keyof typeof RESTRICTIONS

export interface Restriction {
  code: number
  name: RestrictionName
  message: string
}

export const restriction = (name: RestrictionName, detail?: string): Restriction => ({
  code: RESTRICTIONS[name].code,
  name,
  message: detail ? `${RESTRICTIONS[name].message}: ${detail}` : RESTRICTIONS[name].message,
})
