import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CustosError } from '../../../shared/errors.ts'
import { parseCsv } from './parse-csv.ts'

export type SanctionsEntryType = 'individual' | 'entity' | 'vessel' | 'aircraft'

export interface SanctionsAlias {
  altNum: string
  /** `aka`, `fka` or `nka` as listed. */
  type: string
  name: string
  remarks?: string
}

export interface SanctionsPostalAddress {
  addNum: string
  address?: string
  cityStatePostal?: string
  country?: string
  remarks?: string
}

export interface DigitalCurrencyAddress {
  /** The ticker as listed: XBT, ETH, USDT, USDC, XMR, TRX… */
  currency: string
  /** The address exactly as listed. */
  address: string
  /** The form used for matching (see {@link normaliseWalletAddress}). */
  normalised: string
}

export interface SanctionsEntry {
  /** List-prefixed id, unique across the files loaded: `SDN-36`, `CONS-17001`. */
  id: string
  list: 'SDN' | 'CONS'
  entNum: string
  name: string
  type: SanctionsEntryType
  programs: string[]
  title?: string
  remarks?: string
  aliases: SanctionsAlias[]
  addresses: SanctionsPostalAddress[]
  digitalCurrencyAddresses: DigitalCurrencyAddress[]
  vessel?: { callSign?: string; type?: string; tonnage?: string; grt?: string; flag?: string; owner?: string }
}

export interface SanctionsList {
  entries: SanctionsEntry[]
  /** SHA-256 over the files read (names and bytes): which list a screening used. */
  version: string
  /** File names read, in the order hashed. */
  files: string[]
}

/** The texts of one list's files, in the OFAC CSV layout. */
export interface SanctionsListFiles {
  /** SDN.CSV (or CONS_PRIM.CSV): ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks. */
  primary: string
  /** ALT.CSV: ent_num, alt_num, alt_type, alt_name, alt_remarks. */
  alt?: string
  /** ADD.CSV: ent_num, add_num, address, city/state/province/postal code, country, add_remarks. */
  add?: string
  /** SDN_COMMENTS.CSV: ent_num, remarks_extended — the part of Remarks past its 1,000 characters. */
  comments?: string
}

const LIST_FILES = {
  SDN: { primary: 'SDN.CSV', alt: 'ALT.CSV', add: 'ADD.CSV', comments: 'SDN_COMMENTS.CSV' },
  CONS: { primary: 'CONS_PRIM.CSV', alt: 'CONS_ALT.CSV', add: 'CONS_ADD.CSV', comments: 'CONS_COMMENTS.CSV' },
} as const

/**
 * Reads a directory holding OFAC's CSV downloads: the SDN list (`SDN.CSV`,
 * optionally `ALT.CSV`, `ADD.CSV`, `SDN_COMMENTS.CSV`) and/or the consolidated
 * non-SDN list (`CONS_PRIM.CSV`, `CONS_ALT.CSV`, …). File names match in any case.
 * Refuses a directory with neither primary file, or with no entries at all:
 * screening against an empty list would approve everyone.
 *
 * @example
 * const list = await loadSanctionsList('/var/lib/custos/ofac')
 */
export async function loadSanctionsList(dir: string): Promise<SanctionsList> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (cause) {
    throw new CustosError('KYC_LIST_MISSING', `sanctions list directory ${dir} cannot be read`, { cause, details: { dir } })
  }
  const byUpper = new Map(names.map((n) => [n.toUpperCase(), n]))
  const hash = createHash('sha256')
  const read: string[] = []
  const readOne = async (upper: string): Promise<string | undefined> => {
    const actual = byUpper.get(upper)
    if (actual === undefined) return undefined
    const bytes = await readFile(join(dir, actual))
    hash.update(`${upper}\0${bytes.length}\0`).update(bytes)
    read.push(actual)
    return decodeText(bytes)
  }
  const entries: SanctionsEntry[] = []
  for (const list of ['SDN', 'CONS'] as const) {
    const f = LIST_FILES[list]
    const primary = await readOne(f.primary)
    if (primary === undefined) continue
    const files: SanctionsListFiles = { primary }
    const alt = await readOne(f.alt)
    const add = await readOne(f.add)
    const comments = await readOne(f.comments)
    if (alt !== undefined) files.alt = alt
    if (add !== undefined) files.add = add
    if (comments !== undefined) files.comments = comments
    entries.push(...parseSanctionsFiles(files, list))
  }
  if (read.length === 0) {
    throw new CustosError('KYC_LIST_MISSING', `no SDN.CSV or CONS_PRIM.CSV in ${dir}`, { details: { dir } })
  }
  if (entries.length === 0) {
    throw new CustosError('KYC_LIST_EMPTY', `the sanctions list in ${dir} has no entries`, { details: { dir, files: read } })
  }
  return { entries, version: hash.digest('hex'), files: read }
}

/**
 * Parses one list's files (already read as text) into entries, joining
 * aliases, addresses and extended remarks by `ent_num`. Rows of ALT/ADD that
 * name an unknown `ent_num` are ignored.
 */
export function parseSanctionsFiles(files: SanctionsListFiles, list: 'SDN' | 'CONS' = 'SDN'): SanctionsEntry[] {
  const src = LIST_FILES[list]
  const entries: SanctionsEntry[] = []
  const byEnt = new Map<string, SanctionsEntry>()
  parseCsv(files.primary, src.primary).forEach((r, i) => {
    const entNum = requireEntNum(r, src.primary, i)
    const name = value(r[1])
    if (name === undefined) throw invalidRow(src.primary, i, 'SDN_Name is empty')
    const vessel = {
      callSign: value(r[5]),
      type: value(r[6]),
      tonnage: value(r[7]),
      grt: value(r[8]),
      flag: value(r[9]),
      owner: value(r[10]),
    }
    const entry: SanctionsEntry = {
      id: `${list}-${entNum}`,
      list,
      entNum,
      name,
      type: entryType(value(r[2])),
      programs: parsePrograms(value(r[3])),
      aliases: [],
      addresses: [],
      digitalCurrencyAddresses: [],
    }
    const title = value(r[4])
    const remarks = value(r[11])
    if (title !== undefined) entry.title = title
    if (remarks !== undefined) entry.remarks = remarks
    if (Object.values(vessel).some((v) => v !== undefined)) entry.vessel = dropUndefined(vessel)
    if (byEnt.has(entNum)) throw invalidRow(src.primary, i, `ent_num ${entNum} appears twice`)
    byEnt.set(entNum, entry)
    entries.push(entry)
  })
  if (files.comments !== undefined) {
    parseCsv(files.comments, src.comments).forEach((r, i) => {
      const entry = byEnt.get(requireEntNum(r, src.comments, i))
      const extra = value(r[1])
      if (entry && extra !== undefined) entry.remarks = (entry.remarks ?? '') + extra
    })
  }
  if (files.alt !== undefined) {
    parseCsv(files.alt, src.alt).forEach((r, i) => {
      const entry = byEnt.get(requireEntNum(r, src.alt, i))
      const name = value(r[3])
      if (!entry || name === undefined) return
      entry.aliases.push(dropUndefined({ altNum: r[1]?.trim() ?? '', type: value(r[2]) ?? 'aka', name, remarks: value(r[4]) }))
    })
  }
  if (files.add !== undefined) {
    parseCsv(files.add, src.add).forEach((r, i) => {
      const entry = byEnt.get(requireEntNum(r, src.add, i))
      if (!entry) return
      entry.addresses.push(
        dropUndefined({
          addNum: r[1]?.trim() ?? '',
          address: value(r[2]),
          cityStatePostal: value(r[3]),
          country: value(r[4]),
          remarks: value(r[5]),
        }),
      )
    })
  }
  for (const e of entries) {
    if (e.remarks !== undefined) e.digitalCurrencyAddresses = parseDigitalCurrencyAddresses(e.remarks)
  }
  return entries
}

const DIGITAL_CURRENCY = /Digital Currency Address\s*-\s*([A-Za-z0-9]+)\s+([^\s;,]+)/g

/**
 * Extracts every `Digital Currency Address - <TICKER> <address>` from an SDN
 * Remarks field (OFAC writes them as `…; alt. Digital Currency Address - XBT 1Ab…;`).
 *
 * @example
 * parseDigitalCurrencyAddresses('Digital Currency Address - ETH 0xAbC…; Gender Male')
 */
export function parseDigitalCurrencyAddresses(remarks: string): DigitalCurrencyAddress[] {
  const out: DigitalCurrencyAddress[] = []
  for (const m of remarks.matchAll(DIGITAL_CURRENCY)) {
    // A listing's last item is followed by the record's closing period.
    const address = (m[2] ?? '').replace(/\.+$/, '')
    if (address === '') continue
    out.push({ currency: (m[1] ?? '').toUpperCase(), address, normalised: normaliseWalletAddress(address) })
  }
  return out
}

/**
 * The form of a wallet address used for matching. EVM addresses (ETH, ETC,
 * USDT/USDC on EVM chains, BSC, ARB…) are hex, case-insensitive (mixed case
 * is only an EIP-55 checksum), so they are lower-cased; so are bech32 and
 * cashaddr addresses, which are case-insensitive by definition. Base58
 * addresses (legacy Bitcoin, Tron, Solana, Monero) are case-sensitive and
 * kept as they are.
 */
export function normaliseWalletAddress(address: string): string {
  const a = address.trim()
  if (/^0x[0-9a-f]{40}$/i.test(a)) return a.toLowerCase()
  if (/^(bc|tb|bcrt|ltc|tltc)1[02-9ac-hj-np-z]{6,}$/i.test(a)) return a.toLowerCase()
  if (/^(bitcoincash|bchtest):/i.test(a)) return a.toLowerCase()
  return a
}

/** OFAC writes several programs as `CYBER2] [RUSSIA-EO14024` (the outer brackets dropped). */
function parsePrograms(raw: string | undefined): string[] {
  if (raw === undefined) return []
  return raw
    .split(/\]\s*\[/)
    .map((p) => p.replace(/^\[|\]$/g, '').trim())
    .filter((p) => p !== '')
}

function entryType(raw: string | undefined): SanctionsEntryType {
  switch (raw?.toLowerCase()) {
    case 'individual':
      return 'individual'
    case 'vessel':
      return 'vessel'
    case 'aircraft':
      return 'aircraft'
    default:
      // OFAC leaves SDN_Type null (-0-) for entities.
      return 'entity'
  }
}

/** `-0-` (OFAC's null, usually written `-0- `) and blank become undefined. */
function value(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined
  const v = raw.trim()
  return v === '' || v === '-0-' ? undefined : v
}

function requireEntNum(row: string[], file: string, index: number): string {
  const ent = row[0]?.trim() ?? ''
  if (!/^\d+$/.test(ent)) throw invalidRow(file, index, `ent_num ${JSON.stringify(ent)} is not a number`)
  return ent
}

function invalidRow(file: string, index: number, problem: string): CustosError {
  return new CustosError('KYC_LIST_INVALID', `${file} row ${index + 1}: ${problem}`, { details: { file, row: index + 1 } })
}

function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k]
  return o
}

/** OFAC's files are ASCII in practice; fall back to Windows-1252 if a download is not valid UTF-8. */
function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('windows-1252').decode(bytes)
  }
}
