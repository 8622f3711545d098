import { ValidationError } from '../../../shared/errors.ts'
import { COUNTRY_NUMERIC } from '../../../shared/compliance/country-numeric.ts'
import { normaliseCountryCode } from './country-codes.ts'

export { COUNTRY_NUMERIC }

/**
 * The ISO 3166-1 numeric code for an alpha-2 code (`DE` → 276, `US` → 840).
 *
 * @example
 * countryNumeric('gb') // 826
 */
export function countryNumeric(alpha2: string): number {
  const code = normaliseCountryCode(alpha2)
  const n = code === undefined ? undefined : COUNTRY_NUMERIC[code]
  if (n === undefined) throw new ValidationError(`${JSON.stringify(alpha2)} is not an ISO 3166-1 alpha-2 country code`, { field: 'country' })
  return n
}
