import { canonicalJson, sha256, type AuditJson } from '../hashing.ts'

/**
 * Member names that hold personal data in our services' audit entries
 * (investor records, KYC cases). Matched exactly, at any depth of
 * `before`, `after` and `details`.
 */
export const DEFAULT_PERSONAL_DATA_FIELDS: readonly string[] = Object.freeze([
  'name',
  'firstName',
  'lastName',
  'fullName',
  'email',
  'phone',
  'dateOfBirth',
  'birthDate',
  'address',
  'postalAddress',
  'nationalId',
  'taxId',
  'passportNumber',
  'documentNumber',
])

/** What a redacted value is replaced with: `sha256:` and the hex SHA-256 of the value's canonical JSON. */
export const REDACTED_PREFIX = 'sha256:'

export interface Redactor {
  readonly fields: readonly string[]
  /** The value with every member named in `fields` replaced by its hash; `count` says how many were. */
  redact(value: AuditJson | null): { value: AuditJson | null; count: number }
}

/**
 * A redactor for a list of member names. The replacement is deterministic
 * (the same value always gives the same hash), so a reader can still follow
 * one person through the log, and can confirm a value they already know by
 * hashing it; short values such as a date of birth can also be guessed that
 * way, so this is pseudonymisation, not anonymisation.
 *
 * @example
 * createRedactor(['email']).redact({ email: 'a@b.c', country: 'DE' })
 * // { value: { email: 'sha256:…', country: 'DE' }, count: 1 }
 */
export function createRedactor(fields: readonly string[]): Redactor {
  const names = new Set(fields)
  function walk(v: AuditJson | null, counter: { n: number }): AuditJson | null {
    if (v === null || typeof v !== 'object' || v instanceof Date) return v
    if (Array.isArray(v)) return v.map((x) => walk(x, counter) as AuditJson)
    const out: Record<string, AuditJson> = {}
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue
      if (names.has(k) && x !== null) {
        counter.n++
        out[k] = REDACTED_PREFIX + sha256(Buffer.from(canonicalJson(x), 'utf8')).toString('hex')
      } else {
        out[k] = walk(x, counter) as AuditJson
      }
    }
    return out
  }
  return {
    fields: [...names],
    redact(value) {
      if (names.size === 0) return { value, count: 0 }
      const counter = { n: 0 }
      const out = walk(value, counter)
      return { value: out, count: counter.n }
    },
  }
}
