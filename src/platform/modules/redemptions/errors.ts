import { CustosError } from '../../../shared/errors.ts'
import type { OfferKind } from './tables.ts'

/** Code prefix of an offer's refusals: `TENDER_OFFER_…` or `REDEMPTION_WINDOW_…`. */
export const offerPrefix = (kind: OfferKind) => (kind === 'TENDER' ? 'TENDER_OFFER' : 'REDEMPTION_WINDOW')
/** Code prefix of a request's refusals: `TENDER_…` or `REDEMPTION_REQUEST_…`. */
export const requestPrefix = (kind: OfferKind) => (kind === 'TENDER' ? 'TENDER' : 'REDEMPTION_REQUEST')

/** Why an offer or a window is refused (422 unless said); nothing is recorded. */
export const OFFER_REFUSALS = {
  WINDOW_INVALID: 'closesAt must be after opensAt',
  CLOSES_IN_PAST: 'closesAt is already past',
  MAX_QUANTITY_MISSING: 'a tender offer needs a maxQuantity',
  TOKEN_NOT_ACTIVE: 'the token is not deployed and active',
  CONTRACTS_NOT_DEPLOYED: 'the settlement contract is not deployed on this chain (redeploy the infrastructure)',
  TREASURY_NOT_VERIFIED: 'TREASURY settlement needs the token’s treasury vault registered as a verified identity of the token (T-REX refuses tokens to an unverified wallet); use BURN, or register it',
} as const
export type OfferRefusal = keyof typeof OFFER_REFUSALS

export class OfferRefusedError extends CustosError {
  override readonly name = 'OfferRefusedError'
  constructor(kind: OfferKind, reason: OfferRefusal, field: string, detail?: string) {
    super(`${offerPrefix(kind)}_${reason}`, `${field}: ${OFFER_REFUSALS[reason]}${detail ? ` (${detail})` : ''}`, { status: reason === 'TOKEN_NOT_ACTIVE' ? 409 : 422, details: { field, reason } })
  }
}

/** Why a tender or a redemption request is refused; nothing is recorded. */
export const REQUEST_REFUSALS = {
  NOT_OPEN: 'the offer does not take requests now (before opensAt, after closesAt, or closed)',
  INVESTOR_NOT_ACTIVE: 'only an ACTIVE investor with a custodial wallet may tender or redeem',
  INVESTOR_FROZEN: 'the investor’s wallet is frozen on this token',
  EXCEEDS_FREE_BALANCE: 'the quantity exceeds the investor’s free balance (unlocked, unfrozen, not already tendered)',
  ALREADY_SUBMITTED: 'this investor already has a request in this offer with another quantity',
} as const
export type RequestRefusal = keyof typeof REQUEST_REFUSALS

export class RequestRefusedError extends CustosError {
  override readonly name = 'RequestRefusedError'
  constructor(kind: OfferKind, reason: RequestRefusal, detail?: string, details: Record<string, unknown> = {}) {
    const status = reason === 'NOT_OPEN' || reason === 'ALREADY_SUBMITTED' ? 409 : 422
    super(`${requestPrefix(kind)}_${reason}`, `${REQUEST_REFUSALS[reason]}${detail ? ` (${detail})` : ''}`, { status, details: { reason, ...details } })
  }
}
