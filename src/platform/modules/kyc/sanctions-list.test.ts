import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  loadSanctionsList,
  normaliseWalletAddress,
  parseDigitalCurrencyAddresses,
  parseSanctionsFiles,
  type SanctionsEntry,
  type SanctionsList,
} from './sanctions-list.ts'

const FIXTURE = fileURLToPath(new URL('./fixtures/sdn-sample/', import.meta.url))

describe('loadSanctionsList on the OFAC-layout fixture', () => {
  let list: SanctionsList
  const entry = (id: string): SanctionsEntry => {
    const e = list.entries.find((x) => x.id === id)
    if (!e) throw new Error(`no ${id} in fixture`)
    return e
  }
  beforeAll(async () => {
    list = await loadSanctionsList(FIXTURE)
  })

  it('reads every file of the set and names the list version', () => {
    expect(list.entries).toHaveLength(16)
    expect(list.files).toEqual(['SDN.CSV', 'ALT.CSV', 'ADD.CSV', 'SDN_COMMENTS.CSV'])
    expect(list.version).toMatch(/^[0-9a-f]{64}$/)
  })

  it.each([
    ['SDN-90101', 'VOLKOV, Dmitriy Aleksandrovich', 'individual', ['CYBER2', 'RUSSIA-EO14024']],
    ['SDN-90102', 'NORDLINE CAPITAL OOO', 'entity', ['RUSSIA-EO14024']],
    ['SDN-90105', 'JOINT STOCK COMPANY "SEVERNAYA ZVEZDA"', 'entity', ['RUSSIA-EO14024']],
    ['SDN-90106', 'TRANSCASPIAN LOGISTICS, LLC', 'entity', ['IRAN-EO13846']],
    ['SDN-90107', 'OCEANIC TEMPEST', 'vessel', ['IRAN-EO13846']],
    ['SDN-90109', 'PAK, Chol Su', 'individual', ['DPRK3', 'DPRK4']],
    ['SDN-90116', 'SKYGATE AVIATION FZE', 'entity', ['SDGT', 'IRGC']],
  ])('%s: name (quoted commas and doubled quotes intact), type, programs', (id, name, type, programs) => {
    expect(entry(id)).toMatchObject({ name, type, programs, list: 'SDN' })
  })

  it('turns the -0- null marker into absent fields', () => {
    const e = entry('SDN-90102')
    expect(e.title).toBeUndefined()
    expect(e.vessel).toBeUndefined()
    expect(entry('SDN-90104').title).toBe('Deputy Director, Technical Operations')
  })

  it('keeps vessel details, including a quoted number with a comma', () => {
    expect(entry('SDN-90107').vessel).toEqual({
      callSign: '9HA5521',
      type: 'Crude Oil Tanker',
      grt: '81,479',
      flag: 'Panama',
      owner: 'TRANSCASPIAN LOGISTICS, LLC',
    })
  })

  it('joins aliases from ALT.CSV, doubled quotes included', () => {
    expect(entry('SDN-90105').aliases.map((a) => [a.type, a.name])).toEqual([
      ['aka', 'JSC SEVERNAYA ZVEZDA'],
      ['aka', 'AO "NORTHERN STAR"'],
    ])
    expect(entry('SDN-90102').aliases).toEqual([{ altNum: '70003', type: 'fka', name: 'NORDLINE INVEST OOO' }])
  })

  it('joins postal addresses from ADD.CSV', () => {
    expect(entry('SDN-90102').addresses).toEqual([
      { addNum: '80001', address: 'Presnenskaya Naberezhnaya 12, Office 45', cityStatePostal: 'Moscow 123317', country: 'Russia' },
    ])
    expect(entry('SDN-90110').addresses).toEqual([{ addNum: '80003', remarks: 'Website only' }])
  })

  it.each([
    [
      'SDN-90101',
      [
        ['XBT', '1hTna67e4iwXX73iLnaYEv9XD7L847EQi3'], // base58: case kept
        ['XBT', 'bc1qrtv80kj8jaadh956ed8u5c570h0kw0tp3kd0an'],
        ['ETH', '0x333c327e364a6e7c6ed69039027ec4864bc42f3d'], // listed in mixed case
      ],
    ],
    [
      'SDN-90102',
      [
        ['USDT', '0x1731df00c4bea95ca4d1bf8e0085d291e7da02af'], // USDT on an EVM chain: lower-cased
        ['USDT', 'TW1XAX6VLiiFEb1JjnJTqsFMqA7Gmm5PMV'], // USDT on Tron: base58, case kept
        ['ETH', '0xaae1155c4230eea7ce6a5c1870c5036c2949e307'],
      ],
    ],
    [
      'SDN-90110',
      [
        ['ETH', '0x01946a27549163daecd81aae24a6f3dd055adcbb'],
        ['ETH', '0x62aef0ca3711ed7e7eadf74922de56f944f7c0c6'],
        ['ETH', '0xe5601e16053dfa35aa5642ccde0d05a13216877e'],
        ['USDT', '0x500094c865189fcfff2e13f9c7a857f40bde7fac'],
        ['ARB', '0x4a2e2e7565ae27dc9e1a434f9c90ff6e904d052f'],
      ],
    ],
    [
      // Remarks overflow into SDN_COMMENTS.CSV; addresses there count too.
      'SDN-90113',
      [
        ['XBT', '1G1gjKomgyv8kseApKEtP3M6RM6xKtya2'],
        ['ETH', '0x5f91746453459569ad905a0e09fa4a954c0d2507'],
        ['LTC', 'LV7wLQ7pf4StkebJbHCT8gpCnrf6Ej6hAN'],
      ],
    ],
    ['SDN-90103', []],
  ])('%s: digital currency addresses from Remarks', (id, expected) => {
    expect(entry(id).digitalCurrencyAddresses.map((d) => [d.currency, d.normalised])).toEqual(expected)
  })

  it('keeps each address as listed beside its normalised form', () => {
    expect(entry('SDN-90101').digitalCurrencyAddresses[2]).toEqual({
      currency: 'ETH',
      address: '0x333C327E364A6E7c6Ed69039027eC4864Bc42F3d',
      normalised: '0x333c327e364a6e7c6ed69039027ec4864bc42f3d',
    })
  })
})

describe('parseDigitalCurrencyAddresses', () => {
  it.each([
    ['single ETH', 'Digital Currency Address - ETH 0xAbCdEf0123456789abcdef0123456789ABCDEF01;', [['ETH', '0xabcdef0123456789abcdef0123456789abcdef01']]],
    ['alt. prefix and closing period', 'DOB 1980; alt. Digital Currency Address - XBT 1BoatSLRHtKNngkdXEeobR76b53LETtpyT.', [['XBT', '1BoatSLRHtKNngkdXEeobR76b53LETtpyT']]],
    [
      'several tickers in a row',
      'Digital Currency Address - USDC 0x1111111111111111111111111111111111111111; Digital Currency Address - XMR 44AFFq5kSiGBoZ; Digital Currency Address - TRX TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW;',
      [
        ['USDC', '0x1111111111111111111111111111111111111111'],
        ['XMR', '44AFFq5kSiGBoZ'],
        ['TRX', 'TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW'],
      ],
    ],
    ['bech32 upper case', 'Digital Currency Address - XBT BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ', [['XBT', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq']]],
    ['no addresses', 'DOB 01 Jan 1970; nationality Russia', []],
  ])('%s', (_label, remarks, expected) => {
    expect(parseDigitalCurrencyAddresses(remarks).map((d) => [d.currency, d.normalised])).toEqual(expected)
  })
})

describe('normaliseWalletAddress', () => {
  it.each([
    ['EVM hex, mixed case', ' 0xAbCdEf0123456789abcdef0123456789ABCDEF01 ', '0xabcdef0123456789abcdef0123456789abcdef01'],
    ['bech32', 'BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'],
    ['base58 Bitcoin kept', '1BoatSLRHtKNngkdXEeobR76b53LETtpyT', '1BoatSLRHtKNngkdXEeobR76b53LETtpyT'],
    ['Tron kept', 'TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW', 'TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW'],
    ['hex of the wrong length kept', '0xABC', '0xABC'],
  ])('%s', (_label, input, expected) => {
    expect(normaliseWalletAddress(input)).toBe(expected)
  })
})

describe('loading from a directory', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custos-kyc-list-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  const fresh = async (files: Record<string, string | Uint8Array>) => {
    const d = await mkdtemp(join(dir, 'case-'))
    for (const [name, text] of Object.entries(files)) await writeFile(join(d, name), text)
    return d
  }
  const row = (ent: string, name: string, type = '-0- ') =>
    `${ent},"${name}","${type}","SDGT","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","-0- "\r\n`

  it('finds files whatever their case, and the consolidated list beside the SDN list', async () => {
    const d = await fresh({
      'sdn.csv': row('1', 'FIRST ENTITY'),
      'cons_prim.csv': row('1', 'OTHER, Person', 'individual'),
      'Cons_Alt.csv': '1,9,"aka","OTHER, P.","-0- "\r\n',
    })
    const list = await loadSanctionsList(d)
    expect(list.entries.map((e) => [e.id, e.name, e.aliases.length])).toEqual([
      ['SDN-1', 'FIRST ENTITY', 0],
      ['CONS-1', 'OTHER, Person', 1],
    ])
  })

  it('reads a download that is Windows-1252 rather than UTF-8', async () => {
    const d = await fresh({ 'SDN.CSV': Buffer.from(row('2', 'CAF\xc9 DEL MAR, S.A.'), 'latin1') })
    expect((await loadSanctionsList(d)).entries[0]!.name).toBe('CAFÉ DEL MAR, S.A.')
  })

  it('gives a new version when the files change', async () => {
    const a = await fresh({ 'SDN.CSV': row('1', 'A') })
    const b = await fresh({ 'SDN.CSV': row('1', 'B') })
    expect((await loadSanctionsList(a)).version).not.toBe((await loadSanctionsList(b)).version)
  })

  it.each([
    ['a directory that does not exist', async () => join(dir, 'nope'), 'KYC_LIST_MISSING'],
    ['a directory without SDN.CSV', async () => fresh({ 'ALT.CSV': '' }), 'KYC_LIST_MISSING'],
    ['an SDN.CSV with no entries', async () => fresh({ 'SDN.CSV': '\r\n\x1a' }), 'KYC_LIST_EMPTY'],
    ['an ent_num that is not a number', async () => fresh({ 'SDN.CSV': row('X1', 'A') }), 'KYC_LIST_INVALID'],
    ['the same ent_num twice', async () => fresh({ 'SDN.CSV': row('1', 'A') + row('1', 'B') }), 'KYC_LIST_INVALID'],
    ['an unterminated quote', async () => fresh({ 'SDN.CSV': '1,"A\r\n' }), 'KYC_LIST_INVALID'],
  ])('refuses %s', async (_label, makeDir, code) => {
    await expect(loadSanctionsList(await makeDir())).rejects.toMatchObject({ code })
  })

  it('ignores aliases and addresses of entries it does not know', () => {
    const entries = parseSanctionsFiles({ primary: row('1', 'A'), alt: '2,1,"aka","B","-0- "', add: '3,1,"x","y","z","-0- "' })
    expect(entries[0]).toMatchObject({ aliases: [], addresses: [] })
  })
})
