import { describe, expect, it } from 'vitest'
import { ISO_3166_ALPHA2, normaliseCountryCode } from './country-codes.ts'

describe('country codes', () => {
  it('ships all 249 assigned ISO 3166-1 alpha-2 codes', () => {
    expect(ISO_3166_ALPHA2.size).toBe(249)
    for (const c of ISO_3166_ALPHA2) expect(c).toMatch(/^[A-Z]{2}$/)
  })

  it.each([
    ['US', 'US'],
    [' de ', 'DE'],
    ['gb', 'GB'],
    ['XK', 'XK'], // user-assigned, in general use for Kosovo
    ['UK', undefined], // the ISO code is GB
    ['EU', undefined],
    ['ZZ', undefined],
    ['USA', undefined],
    ['', undefined],
  ])('%j → %j', (input, expected) => {
    expect(normaliseCountryCode(input)).toBe(expected)
  })
})
