import { CustosError } from '../../shared/errors.ts'
import type { Operation, VaultTier } from './policy-document.ts'

/**
 * Where the funds go, as custody classified the address: one of our own vaults
 * (`INTERNAL`), an address on the whitelist (`WHITELISTED`), or anything else (`EXTERNAL`,
 * which a rule's `destination.type: ONE_TIME` matches).
 */
export type DestinationKind = 'WHITELISTED' | 'INTERNAL' | 'EXTERNAL'

/**
 * What the evaluator is asked about. The pipeline builds it from custody's own decoding of
 * the transaction, not from the caller's stated intent.
 *
 * `asset` is `'NATIVE'` or the token contract address; `amount` is in that asset's base
 * units (0n for a message signature or a call that moves nothing).
 */
export interface PolicyRequest {
  /**
   * The key that asked and its approval groups; `principal` is the person or service acting
   * (a service key's signed on-behalf-of claim, else the key's own principal): INITIATOR
   * velocity counts by it, so two keys of one person share one budget. Absent: the key.
   */
  initiator: { keyId: string; groups: readonly string[]; principal?: string }
  operation: Operation
  sourceVault: { id: string; tier: VaultTier }
  destination: { address: string; kind: DestinationKind }
  asset: string
  amount: bigint
  methodSelector?: string
}

/** Addresses and selectors compare case-insensitively; `NATIVE` stays as written. */
export function normalizeAsset(asset: string): string {
  return asset === 'NATIVE' ? asset : asset.toLowerCase()
}

/** @throws CustosError `POLICY_REQUEST_INVALID` for a negative amount, which no rule can reason about. */
export function assertValidRequest(request: PolicyRequest): void {
  if (typeof request.amount !== 'bigint' || request.amount < 0n) {
    throw new CustosError('POLICY_REQUEST_INVALID', 'amount must be a non-negative bigint of base units', {
      status: 400,
      details: { amount: String(request.amount) },
    })
  }
}
