/** Claim topics the platform issues and tokens may require (ONCHAINID uint256 topics). */
export const CLAIM_TOPICS = {
  KYC: 1n,
  AML: 2n,
  ACCREDITED_INVESTOR: 7n,
} as const

/** ONCHAINID key purposes and types (ERC-734). */
export const KEY_PURPOSE = { MANAGEMENT: 1n, ACTION: 2n, CLAIM: 3n } as const
export const KEY_TYPE_ECDSA = 1n
/** ECDSA signature scheme id for addClaim. */
export const CLAIM_SCHEME_ECDSA = 1n
