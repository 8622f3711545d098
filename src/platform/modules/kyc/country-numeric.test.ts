import { describe, expect, it } from 'vitest'
import { ISO_3166_ALPHA2, USER_ASSIGNED_COUNTRY_CODES } from './country-codes.ts'
import { COUNTRY_NUMERIC, countryNumeric } from './country-numeric.ts'

describe('ISO 3166-1 numeric codes for the identity registry', () => {
  it('has a numeric code for every country the platform accepts, and no two countries share one', () => {
    const accepted = [...ISO_3166_ALPHA2, ...USER_ASSIGNED_COUNTRY_CODES].sort()
    expect(Object.keys(COUNTRY_NUMERIC).sort()).toEqual(accepted)
    const numbers = Object.values(COUNTRY_NUMERIC)
    expect(new Set(numbers).size).toBe(numbers.length)
    for (const n of numbers) expect(n > 0 && n < 1000).toBe(true)
  })

  it('maps well-known codes as ISO assigns them', () => {
    expect(countryNumeric('US')).toBe(840)
    expect(countryNumeric('de')).toBe(276)
    expect(countryNumeric('GB')).toBe(826)
    expect(countryNumeric('CH')).toBe(756)
    expect(countryNumeric('SG')).toBe(702)
    expect(countryNumeric('SS')).toBe(728)
    expect(countryNumeric('XK')).toBe(900)
  })

  it('refuses a code that is not ISO alpha-2', () => {
    expect(() => countryNumeric('UK')).toThrow(/not an ISO 3166-1 alpha-2/)
  })
})
