import { keccak256, stringToHex, type Hex } from 'viem'

/** What a KYC claim attests, kept off-chain; only its hash goes on-chain. */
export interface KycClaimPayload {
  v: 1
  kind: 'custos.kyc'
  investor: string
  seq: number
  provider: string
  ref: string
  approvedAt: string
  expiresAt: string
}

/**
 * The `data` of an ONCHAINID KYC claim: keccak256 of the payload's JSON. No
 * personal data reaches the chain; the platform keeps the payload, so anyone
 * holding it can check it against the claim. Each (re-)verification has its
 * own payload, hence its own signature, which can be revoked on its own.
 *
 * @example
 * kycClaimData({ v: 1, kind: 'custos.kyc', investor, seq: 1, provider: 'embedded', ref, approvedAt, expiresAt })
 */
export function kycClaimData(p: KycClaimPayload): Hex {
  // Fixed key order: the hash must not depend on how the object was built.
  const canonical = JSON.stringify({ v: p.v, kind: p.kind, investor: p.investor, seq: p.seq, provider: p.provider, ref: p.ref, approvedAt: p.approvedAt, expiresAt: p.expiresAt })
  return keccak256(stringToHex(canonical))
}
