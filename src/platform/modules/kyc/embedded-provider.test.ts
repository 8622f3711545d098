import { appendFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../../shared/clock.ts'
import { createLogger } from '../../../shared/logger.ts'
import { DEFAULT_COUNTRY_DENY, EmbeddedKycProvider, type EmbeddedKycConfig } from './embedded-provider.ts'
import type { KycSubject, ScreeningOutcome } from './kyc-provider.ts'

const FIXTURE = fileURLToPath(new URL('./fixtures/sdn-sample/', import.meta.url))
const DAY = 86_400_000
const START = new Date('2026-01-01T00:00:00Z')

const config: EmbeddedKycConfig = {
  sanctionsListDir: FIXTURE,
  requireAccreditation: true,
  acceptedAccreditationMethods: ['income', 'net_worth', 'third_party_letter'],
}

const clean: KycSubject = {
  name: 'Margaret Ellison',
  email: 'margaret@example.com',
  country: 'US',
  type: 'individual',
  accreditation: { method: 'income', evidenceRef: 'doc_8f2a', expiresAt: '2026-06-30T00:00:00Z' },
  walletAddresses: ['0x9999999999999999999999999999999999999999'],
}

describe('EmbeddedKycProvider.screen', () => {
  const clock = new ManualClock(START)
  let kyc: EmbeddedKycProvider
  beforeAll(async () => {
    kyc = await EmbeddedKycProvider.create(config, { clock })
  })

  it('approves a clean investor and says when and against which list', async () => {
    const r = await kyc.screen(clean)
    expect(r).toMatchObject({ outcome: 'APPROVE', reasons: [], sanctionsMatches: [], checkedAt: '2026-01-01T00:00:00.000Z' })
    expect(r.providerRef.startsWith(`embedded:${kyc.listInfo().version.slice(0, 16)}:`)).toBe(true)
    expect((await kyc.screen(clean)).providerRef).not.toBe(r.providerRef)
  })

  const cases: [string, Partial<KycSubject>, ScreeningOutcome, string[]][] = [
    ['country in lower case', { country: 'de' }, 'APPROVE', []],
    ['entity investor', { name: 'Harbourview Pension Trust', type: 'entity' }, 'APPROVE', []],
    ['country not ISO 3166-1 (UK is GB)', { country: 'UK' }, 'REJECT', ['INVALID_COUNTRY']],
    ['country made up', { country: 'ZZ' }, 'REJECT', ['INVALID_COUNTRY']],
    ['country denied by default: Iran', { country: 'IR' }, 'REJECT', ['COUNTRY_DENIED']],
    ['country denied by default: North Korea', { country: 'kp' }, 'REJECT', ['COUNTRY_DENIED']],
    ['accreditation missing', { accreditation: undefined }, 'REVIEW', ['ACCREDITATION_MISSING']],
    ['accreditation without an evidence reference', { accreditation: { method: 'income', evidenceRef: ' ', expiresAt: '2027-01-01' } }, 'REVIEW', ['ACCREDITATION_MISSING']],
    ['accreditation expiry not a date', { accreditation: { method: 'income', evidenceRef: 'doc', expiresAt: 'soon' } }, 'REVIEW', ['ACCREDITATION_MISSING']],
    ['accreditation expired', { accreditation: { method: 'net_worth', evidenceRef: 'doc', expiresAt: '2025-12-31T23:59:59Z' } }, 'REVIEW', ['ACCREDITATION_EXPIRED']],
    ['accreditation expiring this instant', { accreditation: { method: 'income', evidenceRef: 'doc', expiresAt: START } }, 'REVIEW', ['ACCREDITATION_EXPIRED']],
    ['accreditation method unknown', { accreditation: { method: 'self_certified', evidenceRef: 'doc', expiresAt: '2027-01-01' } }, 'REVIEW', ['ACCREDITATION_METHOD_UNKNOWN']],
    ['accreditation method in another case', { accreditation: { method: 'Net_Worth', evidenceRef: 'doc', expiresAt: '2027-01-01' } }, 'APPROVE', []],
    ['name of a listed individual, order transposed', { name: 'Dmitriy Volkov' }, 'REVIEW', ['SANCTIONS_NAME_MATCH']],
    ['name of a listed individual with diacritics', { name: 'José Luis García Méndez' }, 'REVIEW', ['SANCTIONS_NAME_MATCH']],
    ['name of a listed entity', { name: 'Severnaya Zvezda JSC', type: 'entity' }, 'REVIEW', ['SANCTIONS_NAME_MATCH']],
    ['name in a script the list cannot be compared with', { name: 'محمد علي' }, 'REVIEW', ['NAME_NOT_SCREENABLE']],
    ['wallet listed (ETH, other case)', { walletAddresses: ['0x333C327E364A6E7C6ED69039027EC4864BC42F3D'] }, 'REJECT', ['SANCTIONS_ADDRESS_MATCH']],
    ['wallet listed (XBT)', { walletAddresses: ['35udF2zsG58zppTbtBNFmRv9thz8a8ckew'] }, 'REJECT', ['SANCTIONS_ADDRESS_MATCH']],
    ['wallet listed only in SDN_COMMENTS', { walletAddresses: ['0x5f91746453459569ad905a0e09fa4a954c0d2507'] }, 'REJECT', ['SANCTIONS_ADDRESS_MATCH']],
    ['wallet listed (USDT on Tron: base58, compared as listed)', { walletAddresses: ['TW1XAX6VLiiFEb1JjnJTqsFMqA7Gmm5PMV'] }, 'REJECT', ['SANCTIONS_ADDRESS_MATCH']],
    ['Tron address differing only in case is a different address', { walletAddresses: ['tw1xax6vliifeb1jjnjtqsfmqa7gmm5pmv'] }, 'APPROVE', []],
    ['vessel names are not investors: no name match', { name: 'Oceanic Tempest', type: 'entity' }, 'APPROVE', []],
    [
      'several problems at once: every reason, worst outcome',
      { name: 'Yuriy Krasnov', country: 'SY', accreditation: undefined, walletAddresses: ['0x0462577e368d204a151510f43e580900808ff3e4'] },
      'REJECT',
      ['COUNTRY_DENIED', 'ACCREDITATION_MISSING', 'SANCTIONS_ADDRESS_MATCH', 'SANCTIONS_NAME_MATCH'],
    ],
  ]
  it.each(cases)('%s → %s %j', async (_label, change, outcome, codes) => {
    const r = await kyc.screen({ ...clean, ...change })
    expect(r.outcome).toBe(outcome)
    expect(r.reasons.map((x) => x.code)).toEqual(codes)
    for (const reason of r.reasons) expect(reason.message).not.toBe('')
  })

  it('shows a name hit with the entry, what matched, the score and the program', async () => {
    const r = await kyc.screen({ ...clean, name: 'Dmitri Volkow' })
    expect(r.sanctionsMatches[0]).toEqual({
      listEntryId: 'SDN-90101',
      name: 'VOLKOV, Dmitriy Aleksandrovich',
      matchedOn: 'alias',
      alias: 'VOLKOV, Dmitry', // ties with the alias WOLKOW, Dmitrij: the first in ALT.CSV is shown
      score: 1,
      program: 'CYBER2, RUSSIA-EO14024',
    })
    expect(r.reasons[0]!.message).toContain('SDN-90101')
  })

  it('shows an address hit with the address as listed', async () => {
    const r = await kyc.screen({ ...clean, name: 'Unrelated Holder', walletAddresses: ['0x01946A27549163DAECD81AAE24A6F3DD055ADCBB'] })
    expect(r.sanctionsMatches).toEqual([
      {
        listEntryId: 'SDN-90110',
        name: 'CINDERWALL PROTOCOL',
        matchedOn: 'address',
        score: 1,
        address: '0x01946a27549163DAeCd81Aae24A6F3dd055ADcBB',
        program: 'CYBER2',
      },
    ])
  })

  it('rounds every score to 3 decimals in 0..1', async () => {
    const r = await kyc.screen({ ...clean, name: 'Anton Belov' })
    expect(r.sanctionsMatches.length).toBeGreaterThan(0)
    for (const m of r.sanctionsMatches) {
      expect(m.score).toBeGreaterThanOrEqual(0.85)
      expect(m.score).toBeLessThanOrEqual(1)
      expect(Math.round(m.score * 1000) / 1000).toBe(m.score)
    }
  })

  it('refuses a subject without a name as invalid input', async () => {
    await expect(kyc.screen({ ...clean, name: '  ' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', status: 400 })
  })
})

describe('EmbeddedKycProvider configuration', () => {
  const clock = new ManualClock(START)

  it('documents its default deny list', () => {
    expect(DEFAULT_COUNTRY_DENY).toEqual(['CU', 'IR', 'KP', 'SY'])
  })

  it.each<[string, Partial<EmbeddedKycConfig>, KycSubject, ScreeningOutcome, string[]]>([
    ['allow list: country outside it', { countryAllow: ['US', 'DE'] }, { ...clean, country: 'FR' }, 'REJECT', ['COUNTRY_NOT_ALLOWED']],
    ['allow list: country inside it', { countryAllow: ['US', 'DE'] }, { ...clean, country: 'DE' }, 'APPROVE', []],
    ['deny wins over allow', { countryAllow: ['US', 'IR'] }, { ...clean, country: 'IR' }, 'REJECT', ['COUNTRY_DENIED']],
    ['deny list replaced', { countryDeny: ['RU'] }, { ...clean, country: 'RU' }, 'REJECT', ['COUNTRY_DENIED']],
    ['deny list replaced: defaults no longer apply', { countryDeny: ['RU'] }, { ...clean, country: 'CU' }, 'APPROVE', []],
    ['accreditation not required', { requireAccreditation: false }, { ...clean, accreditation: undefined }, 'APPROVE', []],
    ['accreditation failure set to REJECT', { accreditationFailureOutcome: 'REJECT' }, { ...clean, accreditation: undefined }, 'REJECT', ['ACCREDITATION_MISSING']],
    ['strict threshold: a partial name match passes', { reviewThreshold: 0.99 }, { ...clean, name: 'Anton Belov' }, 'APPROVE', []],
    ['loose threshold: a looser match reviews', { reviewThreshold: 0.6 }, { ...clean, name: 'Anton Belovsky' }, 'REVIEW', ['SANCTIONS_NAME_MATCH']],
  ])('%s', async (_label, overrides, subject, outcome, codes) => {
    const kyc = await EmbeddedKycProvider.create({ ...config, ...overrides }, { clock })
    const r = await kyc.screen(subject)
    expect([r.outcome, r.reasons.map((x) => x.code)]).toEqual([outcome, codes])
  })

  it.each<[string, Partial<EmbeddedKycConfig>, string]>([
    ['a deny-list code that is not ISO', { countryDeny: ['UK'] }, 'CONFIG_INVALID'],
    ['an allow-list code that is not ISO', { countryAllow: ['USA'] }, 'CONFIG_INVALID'],
    ['a threshold of 0', { reviewThreshold: 0 }, 'CONFIG_INVALID'],
    ['a threshold above 1', { reviewThreshold: 1.5 }, 'CONFIG_INVALID'],
    ['accreditation required with no accepted method', { acceptedAccreditationMethods: [] }, 'CONFIG_INVALID'],
    ['a list directory that does not exist', { sanctionsListDir: join(FIXTURE, 'missing') }, 'KYC_LIST_MISSING'],
  ])('refuses %s', async (_label, overrides, code) => {
    await expect(EmbeddedKycProvider.create({ ...config, ...overrides }, { clock })).rejects.toMatchObject({ code })
  })

  it('logs outcomes and reason codes, never the investor’s name, email or wallet', async () => {
    const lines: string[] = []
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString())
        done()
      },
    })
    const logger = createLogger({ service: 'platform', destination })
    const kyc = await EmbeddedKycProvider.create(config, { clock, logger })
    const subject = { ...clean, name: 'Dmitriy Volkov', walletAddresses: ['0x333c327e364a6e7c6ed69039027ec4864bc42f3d'] }
    await kyc.screen(subject, { correlationId: 'req-77' })
    const out = lines.join('')
    expect(out).toContain('"correlationId":"req-77"')
    expect(out).toContain('SANCTIONS_ADDRESS_MATCH')
    for (const secret of [subject.name, subject.email, subject.walletAddresses[0]!]) expect(out).not.toContain(secret)
  })
})

describe('rescreen and reload', () => {
  const clock = new ManualClock(START)
  let dir: string
  let kyc: EmbeddedKycProvider
  const investor: KycSubject = { ...clean, name: 'Nadia Karimova', accreditation: { method: 'income', evidenceRef: 'doc_1', expiresAt: '2026-03-01T00:00:00Z' } }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custos-kyc-reload-'))
    await cp(FIXTURE, dir, { recursive: true })
    kyc = await EmbeddedKycProvider.create({ ...config, sanctionsListDir: dir }, { clock })
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('reports no change when the files are the same', async () => {
    const before = kyc.listInfo()
    expect(await kyc.reload()).toMatchObject({ changed: false, version: before.version })
  })

  it('picks up an entry the operator adds and a rescreen reports the new hit', async () => {
    const onboarding = await kyc.screen(investor)
    expect(onboarding.outcome).toBe('APPROVE')
    const before = kyc.listInfo()

    clock.advance(7 * DAY)
    await appendFile(
      join(dir, 'SDN.CSV'),
      '90117,"KARIMOVA, Nadia Rustamovna","individual","RUSSIA-EO14024","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","DOB 1985."\r\n',
    )
    const info = await kyc.reload()
    expect(info).toMatchObject({ changed: true, entries: before.entries + 1, loadedAt: clock.now().toISOString() })
    expect(info.version).not.toBe(before.version)

    const later = await kyc.rescreen(investor, onboarding)
    expect(later.escalated).toBe(true)
    expect(later.result.outcome).toBe('REVIEW')
    expect(later.newMatches.map((m) => m.listEntryId)).toEqual(['SDN-90117'])
    expect(later.result.providerRef).toContain(info.version.slice(0, 16))

    const again = await kyc.rescreen(investor, later.result)
    expect([again.escalated, again.newMatches]).toEqual([false, []])
  })

  it('keeps screening against the old list when a new file is broken', async () => {
    const before = kyc.listInfo()
    await writeFile(join(dir, 'SDN.CSV'), '90001,"UNTERMINATED\r\n')
    await expect(kyc.reload()).rejects.toMatchObject({ code: 'KYC_LIST_INVALID' })
    expect(kyc.listInfo().version).toBe(before.version)
    expect((await kyc.screen({ ...investor, name: 'Dmitriy Volkov' })).outcome).toBe('REVIEW')
  })

  it('rescreen notices accreditation that expired since onboarding (ManualClock)', async () => {
    const subject = { ...clean, accreditation: { method: 'income', evidenceRef: 'doc_2', expiresAt: '2026-02-01T00:00:00Z' } }
    const c = new ManualClock(START)
    const fresh = await EmbeddedKycProvider.create(config, { clock: c })
    const first = await fresh.screen(subject)
    expect(first.outcome).toBe('APPROVE')

    c.set(new Date('2026-01-31T23:59:59Z'))
    expect((await fresh.rescreen(subject, first)).escalated).toBe(false)

    c.set(new Date('2026-02-01T00:00:00Z'))
    const expired = await fresh.rescreen(subject, first)
    expect(expired).toMatchObject({ escalated: true, newMatches: [], result: { outcome: 'REVIEW', checkedAt: '2026-02-01T00:00:00.000Z' } })
    expect(expired.result.reasons.map((r) => r.code)).toEqual(['ACCREDITATION_EXPIRED'])
  })

  it('without a previous result, a rescreen treats every match as new', async () => {
    const r = await kyc.rescreen({ ...clean, name: 'Dmitriy Volkov' })
    expect(r.escalated).toBe(true)
    expect(r.newMatches.map((m) => m.listEntryId)).toContain('SDN-90101')
  })
})
