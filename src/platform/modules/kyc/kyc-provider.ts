/** Evidence that an investor is accredited (or professional / qualified). */
export interface Accreditation {
  /** How accreditation was established, e.g. `income`, `net_worth`, `third_party_letter`. */
  method: string
  /** Where the evidence is kept (document id, vendor reference); never the document itself. */
  evidenceRef: string
  /** When the evidence stops being valid: an ISO 8601 string or a Date. */
  expiresAt: string | Date
}

/** The investor as submitted for screening. */
export interface KycSubject {
  name: string
  email: string
  /** ISO 3166-1 alpha-2 country of residence (individual) or incorporation (entity). */
  country: string
  type: 'individual' | 'entity'
  accreditation?: Accreditation
  /** Addresses the investor will send from or receive to, in any chain's format. */
  walletAddresses?: string[]
}

export type ScreeningOutcome = 'APPROVE' | 'REJECT' | 'REVIEW'

/**
 * Stable reason codes. Clients and the review queue key on these; the
 * message beside each is for people and may change.
 */
export const KycReasonCode = {
  /** The name resembles a list entry's name or alias at or above the review threshold. */
  SANCTIONS_NAME_MATCH: 'SANCTIONS_NAME_MATCH',
  /** A wallet address of the subject is listed. */
  SANCTIONS_ADDRESS_MATCH: 'SANCTIONS_ADDRESS_MATCH',
  /** The country is on the deny list. */
  COUNTRY_DENIED: 'COUNTRY_DENIED',
  /** An allow list is configured and the country is not on it. */
  COUNTRY_NOT_ALLOWED: 'COUNTRY_NOT_ALLOWED',
  /** The country is not an ISO 3166-1 alpha-2 code. */
  INVALID_COUNTRY: 'INVALID_COUNTRY',
  /** Accreditation is required and no usable evidence was given. */
  ACCREDITATION_MISSING: 'ACCREDITATION_MISSING',
  /** The accreditation evidence has expired. */
  ACCREDITATION_EXPIRED: 'ACCREDITATION_EXPIRED',
  /** The accreditation method is not one the platform accepts. */
  ACCREDITATION_METHOD_UNKNOWN: 'ACCREDITATION_METHOD_UNKNOWN',
  /** The name is in a script we cannot compare with a Latin-script list (Arabic, CJK…), or is empty after normalisation. */
  NAME_NOT_SCREENABLE: 'NAME_NOT_SCREENABLE',
  /** An external vendor has the case and will answer later by webhook. */
  VENDOR_PENDING: 'VENDOR_PENDING',
} as const

export type KycReasonCode = (typeof KycReasonCode)[keyof typeof KycReasonCode]

export interface ScreeningReason {
  code: KycReasonCode
  message: string
}

/** One sanctions-list entry the subject resembles or whose wallet address it uses. */
export interface SanctionsMatch {
  /** The list's own id for the entry, prefixed by the list (`SDN-12345`, `CONS-6789`). */
  listEntryId: string
  /** The entry's primary name as listed. */
  name: string
  matchedOn: 'name' | 'alias' | 'address'
  /** Similarity 0..1 with 3 decimals; 1 for an address hit. */
  score: number
  /** The alias that matched, when `matchedOn` is `alias`. */
  alias?: string
  /** Sanctions programs of the entry, comma-separated (e.g. `CYBER2, RUSSIA-EO14024`). */
  program?: string
  /** The listed wallet address that matched, as listed, when `matchedOn` is `address`. */
  address?: string
}

/** What a provider decided, and why. Plain JSON: safe to store and send as is. */
export interface ScreeningResult {
  outcome: ScreeningOutcome
  reasons: ScreeningReason[]
  sanctionsMatches: SanctionsMatch[]
  /** ISO 8601 time the check ran, from the injected clock. */
  checkedAt: string
  /** The provider's reference for this check (the embedded one names the list version in it). */
  providerRef: string
}

/** Per-call context; everything is optional. */
export interface ScreeningContext {
  /** Carried into logs so a screening can be traced to the request that asked for it. */
  correlationId?: string
  /** Why the check runs; providers may log it or pass it to a vendor. */
  purpose?: 'onboarding' | 'rescreen'
}

/**
 * A KYC/AML screening provider: the embedded one, or an adapter for an
 * external vendor (whose final answer may arrive later by signed webhook).
 *
 * @example
 * const result = await provider.screen(investor, { correlationId })
 * if (result.outcome === 'REVIEW') await reviewQueue.add(investor.id, result)
 */
export interface KycProvider {
  readonly name: string
  screen(subject: KycSubject, ctx?: ScreeningContext): Promise<ScreeningResult>
}

const SEVERITY: Record<ScreeningOutcome, number> = { APPROVE: 0, REVIEW: 1, REJECT: 2 }

/** The more severe of two outcomes (REJECT > REVIEW > APPROVE). */
export function worseOutcome(a: ScreeningOutcome, b: ScreeningOutcome): ScreeningOutcome {
  return SEVERITY[b] > SEVERITY[a] ? b : a
}

/** Whether `next` is more severe than `previous`. */
export function isEscalation(previous: ScreeningOutcome, next: ScreeningOutcome): boolean {
  return SEVERITY[next] > SEVERITY[previous]
}

/**
 * Identity of a match across screenings: the entry plus, for address hits, the
 * address. A name hit that later matches through an alias is the same hit.
 */
export function matchKey(m: SanctionsMatch): string {
  return m.matchedOn === 'address' ? `${m.listEntryId}|address|${m.address ?? ''}` : `${m.listEntryId}|name`
}
