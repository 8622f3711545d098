import { randomUUID } from 'node:crypto'
import type { Clock } from '../../../shared/clock.ts'
import { ConfigError, ValidationError } from '../../../shared/errors.ts'
import type { Logger } from '../../../shared/logger.ts'
import { normaliseCountryCode } from './country-codes.ts'
import {
  isEscalation,
  KycReasonCode,
  matchKey,
  worseOutcome,
  type KycProvider,
  type KycSubject,
  type SanctionsMatch,
  type ScreeningContext,
  type ScreeningOutcome,
  type ScreeningReason,
  type ScreeningResult,
} from './kyc-provider.ts'
import { normaliseName } from './normalise-name.ts'
import { loadSanctionsList } from './sanctions-list.ts'
import { buildScreeningIndex, findAddressMatches, findNameMatches, type ScreeningIndex } from './screening-index.ts'

/**
 * Countries refused by default: the jurisdictions under comprehensive US
 * embargo (OFAC country programs) — Cuba, Iran, North Korea, Syria. The US
 * lifted most Syria sanctions in 2025; it stays here until your counsel says
 * otherwise. Regions without an ISO code (Crimea, the so-called DNR/LNR) cannot
 * be expressed here and need the address check of a vendor or a reviewer.
 */
export const DEFAULT_COUNTRY_DENY: readonly string[] = ['CU', 'IR', 'KP', 'SY']

/** A name scoring at least this against a listed name or alias goes to review. */
export const DEFAULT_REVIEW_THRESHOLD = 0.85

export interface EmbeddedKycConfig {
  /** Directory holding OFAC's SDN.CSV (and optionally ALT.CSV, ADD.CSV, SDN_COMMENTS.CSV, CONS_*.CSV). */
  sanctionsListDir: string
  /** If set, only these countries may onboard (ISO 3166-1 alpha-2). */
  countryAllow?: string[]
  /** Countries refused outright; defaults to {@link DEFAULT_COUNTRY_DENY}. Wins over the allow list. */
  countryDeny?: string[]
  requireAccreditation: boolean
  /** Accreditation methods accepted, compared case-insensitively (e.g. `income`, `net_worth`). */
  acceptedAccreditationMethods: string[]
  /** 0..1, default {@link DEFAULT_REVIEW_THRESHOLD}. */
  reviewThreshold?: number
  /**
   * What missing, expired or unknown-method accreditation leads to. Default
   * REVIEW: none of these suggests wrongdoing, and a compliance officer can
   * cure each by obtaining new evidence. Set REJECT to refuse outright.
   */
  accreditationFailureOutcome?: 'REVIEW' | 'REJECT'
}

export interface EmbeddedKycDeps {
  clock: Clock
  logger?: Logger
}

/** Which list the provider screens against. */
export interface SanctionsListInfo {
  /** SHA-256 of the files read; also embedded in every `providerRef`. */
  version: string
  files: string[]
  entries: number
  indexedNames: number
  walletAddresses: number
  loadedAt: string
}

export interface RescreenResult {
  result: ScreeningResult
  /** The outcome is more severe than the previous one (APPROVE → REVIEW/REJECT, REVIEW → REJECT). */
  escalated: boolean
  /** Matches not present in the previous result (all matches when there is none). */
  newMatches: SanctionsMatch[]
}

/**
 * The built-in KYC/AML provider: checks the country (valid, not denied,
 * allowed), accreditation evidence, the name against a sanctions list's names
 * and aliases, and wallet addresses against the list's digital currency
 * addresses. Pure computation over a list loaded from disk; no network.
 *
 * @example
 * const kyc = await EmbeddedKycProvider.create(
 *   { sanctionsListDir: 'var/ofac', requireAccreditation: true, acceptedAccreditationMethods: ['income', 'net_worth'] },
 *   { clock: systemClock, logger },
 * )
 * const result = await kyc.screen(investor, { correlationId })
 */
export class EmbeddedKycProvider implements KycProvider {
  readonly name = 'embedded'
  readonly #dir: string
  readonly #deny: ReadonlySet<string>
  readonly #allow: ReadonlySet<string> | undefined
  readonly #requireAccreditation: boolean
  readonly #methods: ReadonlySet<string>
  readonly #threshold: number
  readonly #accreditationOutcome: 'REVIEW' | 'REJECT'
  readonly #clock: Clock
  readonly #logger: Logger | undefined
  #index: ScreeningIndex
  #loadedAt: Date
  #reloading: Promise<unknown> = Promise.resolve()

  private constructor(config: EmbeddedKycConfig, deps: EmbeddedKycDeps, index: ScreeningIndex) {
    this.#dir = config.sanctionsListDir
    this.#deny = new Set((config.countryDeny ?? DEFAULT_COUNTRY_DENY).map((c) => configCountry(c, 'countryDeny')))
    this.#allow = config.countryAllow && new Set(config.countryAllow.map((c) => configCountry(c, 'countryAllow')))
    this.#requireAccreditation = config.requireAccreditation
    this.#methods = new Set(config.acceptedAccreditationMethods.map((m) => m.trim().toLowerCase()))
    this.#threshold = config.reviewThreshold ?? DEFAULT_REVIEW_THRESHOLD
    this.#accreditationOutcome = config.accreditationFailureOutcome ?? 'REVIEW'
    this.#clock = deps.clock
    this.#logger = deps.logger
    this.#index = index
    this.#loadedAt = deps.clock.now()
  }

  /** Validates the configuration, then loads the sanctions list. */
  static async create(config: EmbeddedKycConfig, deps: EmbeddedKycDeps): Promise<EmbeddedKycProvider> {
    const t = config.reviewThreshold ?? DEFAULT_REVIEW_THRESHOLD
    if (!(t > 0 && t <= 1)) throw new ConfigError(`reviewThreshold must be in (0, 1], got ${t}`)
    if (config.requireAccreditation && config.acceptedAccreditationMethods.length === 0) {
      throw new ConfigError('requireAccreditation is set but acceptedAccreditationMethods is empty: nobody could pass')
    }
    for (const c of config.countryDeny ?? []) configCountry(c, 'countryDeny')
    for (const c of config.countryAllow ?? []) configCountry(c, 'countryAllow')
    const index = buildScreeningIndex(await loadSanctionsList(config.sanctionsListDir))
    const provider = new EmbeddedKycProvider(config, deps, index)
    provider.#logger?.info({ kyc: provider.listInfo() }, 'sanctions list loaded')
    return provider
  }

  /** The list currently screened against. */
  listInfo(): SanctionsListInfo {
    return {
      version: this.#index.version,
      files: this.#index.files,
      entries: this.#index.entries,
      indexedNames: this.#index.names.size,
      walletAddresses: this.#index.wallets.size,
      loadedAt: this.#loadedAt.toISOString(),
    }
  }

  /**
   * Re-reads the list directory (e.g. after the operator drops in a new SDN
   * file). The new list replaces the old one only once fully loaded; if it
   * cannot be read or parsed, the old list stays in use and the error is
   * thrown. Screenings running meanwhile use whichever list they started with.
   */
  async reload(): Promise<SanctionsListInfo & { changed: boolean }> {
    const run = this.#reloading.then(async () => {
      const list = await loadSanctionsList(this.#dir)
      if (list.version === this.#index.version) return { ...this.listInfo(), changed: false }
      const previous = this.#index.version
      this.#index = buildScreeningIndex(list)
      this.#loadedAt = this.#clock.now()
      const info = this.listInfo()
      this.#logger?.info({ kyc: info, previousVersion: previous }, 'sanctions list reloaded')
      return { ...info, changed: true }
    })
    this.#reloading = run.catch(() => undefined)
    return run
  }

  async screen(subject: KycSubject, ctx: ScreeningContext = {}): Promise<ScreeningResult> {
    validateSubject(subject)
    const index = this.#index
    const now = this.#clock.now()
    const reasons: ScreeningReason[] = []
    let outcome: ScreeningOutcome = 'APPROVE'
    const flag = (o: ScreeningOutcome, code: KycReasonCode, message: string) => {
      outcome = worseOutcome(outcome, o)
      reasons.push({ code, message })
    }

    const country = normaliseCountryCode(subject.country)
    if (country === undefined) {
      flag('REJECT', KycReasonCode.INVALID_COUNTRY, `${JSON.stringify(subject.country)} is not an ISO 3166-1 alpha-2 country code`)
    } else if (this.#deny.has(country)) {
      flag('REJECT', KycReasonCode.COUNTRY_DENIED, `investors from ${country} are not accepted`)
    } else if (this.#allow && !this.#allow.has(country)) {
      flag('REJECT', KycReasonCode.COUNTRY_NOT_ALLOWED, `${country} is not among the countries this platform onboards`)
    }

    if (this.#requireAccreditation) {
      for (const r of this.#checkAccreditation(subject, now)) flag(this.#accreditationOutcome, r.code, r.message)
    }

    const { tokens, unscreenable } = normaliseName(subject.name)
    if (unscreenable || tokens.length === 0) {
      flag('REVIEW', KycReasonCode.NAME_NOT_SCREENABLE, 'the name cannot be compared with the sanctions list automatically; check it by hand')
    }
    const addressMatches = findAddressMatches(index, subject.walletAddresses ?? [])
    if (addressMatches.length > 0) {
      const listed = [...new Set(addressMatches.map((m) => m.address))].join(', ')
      flag('REJECT', KycReasonCode.SANCTIONS_ADDRESS_MATCH, `wallet address on the sanctions list: ${listed}`)
    }
    const nameMatches = findNameMatches(index, subject.name, this.#threshold)
    const best = nameMatches[0]
    if (best !== undefined) {
      const more = nameMatches.length > 1 ? ` and ${nameMatches.length - 1} more` : ''
      flag('REVIEW', KycReasonCode.SANCTIONS_NAME_MATCH, `name resembles ${best.listEntryId} ${best.name} (score ${best.score})${more}`)
    }

    const result: ScreeningResult = {
      outcome,
      reasons,
      sanctionsMatches: [...addressMatches, ...nameMatches],
      checkedAt: now.toISOString(),
      providerRef: `embedded:${index.version.slice(0, 16)}:${randomUUID()}`,
    }
    // Never the subject's name, email or addresses: logs are not a place for personal data.
    this.#logger?.info(
      { correlationId: ctx.correlationId, purpose: ctx.purpose ?? 'onboarding', outcome, reasons: reasons.map((r) => r.code), providerRef: result.providerRef },
      'kyc screening',
    )
    return result
  }

  /**
   * Screens again (for a periodic job) and says whether anything got worse
   * since `previous`: a new list entry, an expired accreditation, a country
   * newly denied.
   */
  async rescreen(subject: KycSubject, previous?: ScreeningResult, ctx: ScreeningContext = {}): Promise<RescreenResult> {
    const result = await this.screen(subject, { ...ctx, purpose: 'rescreen' })
    const before = new Set((previous?.sanctionsMatches ?? []).map(matchKey))
    const newMatches = result.sanctionsMatches.filter((m) => !before.has(matchKey(m)))
    return { result, escalated: isEscalation(previous?.outcome ?? 'APPROVE', result.outcome), newMatches }
  }

  #checkAccreditation(subject: KycSubject, now: Date): ScreeningReason[] {
    const a = subject.accreditation
    if (a === undefined || typeof a.evidenceRef !== 'string' || a.evidenceRef.trim() === '') {
      return [{ code: KycReasonCode.ACCREDITATION_MISSING, message: 'accreditation is required and no evidence was given' }]
    }
    const out: ScreeningReason[] = []
    const method = typeof a.method === 'string' ? a.method.trim().toLowerCase() : ''
    if (!this.#methods.has(method)) {
      out.push({
        code: KycReasonCode.ACCREDITATION_METHOD_UNKNOWN,
        message: `accreditation method ${JSON.stringify(a.method)} is not accepted (accepted: ${[...this.#methods].join(', ')})`,
      })
    }
    const expires = a.expiresAt instanceof Date ? a.expiresAt : new Date(a.expiresAt)
    if (Number.isNaN(expires.getTime())) {
      out.push({ code: KycReasonCode.ACCREDITATION_MISSING, message: 'accreditation evidence has no valid expiry date' })
    } else if (expires.getTime() <= now.getTime()) {
      out.push({ code: KycReasonCode.ACCREDITATION_EXPIRED, message: `accreditation evidence expired at ${expires.toISOString()}` })
    }
    return out
  }
}

function configCountry(code: string, field: string): string {
  const c = normaliseCountryCode(code)
  if (c === undefined) throw new ConfigError(`${field}: ${JSON.stringify(code)} is not an ISO 3166-1 alpha-2 country code`)
  return c
}

function validateSubject(s: KycSubject): void {
  if (typeof s !== 'object' || s === null) throw new ValidationError('subject must be an object')
  if (typeof s.name !== 'string' || s.name.trim() === '') throw new ValidationError('subject.name must be a non-empty string')
  if (typeof s.country !== 'string') throw new ValidationError('subject.country must be a string')
  if (s.walletAddresses !== undefined && (!Array.isArray(s.walletAddresses) || s.walletAddresses.some((w) => typeof w !== 'string'))) {
    throw new ValidationError('subject.walletAddresses must be an array of strings')
  }
}
