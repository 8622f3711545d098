import type { SanctionsMatch } from './kyc-provider.ts'
import { NameIndex } from './name-match.ts'
import { normaliseWalletAddress, type SanctionsEntry, type SanctionsList } from './sanctions-list.ts'

interface NameRef {
  entry: SanctionsEntry
  alias?: string
}

interface WalletRef {
  entry: SanctionsEntry
  currency: string
  listed: string
}

/** A loaded sanctions list prepared for screening. Immutable: a reload builds a new one. */
export interface ScreeningIndex {
  version: string
  files: string[]
  entries: number
  names: NameIndex<NameRef>
  wallets: Map<string, WalletRef[]>
}

/**
 * Indexes the names and aliases of individuals and entities (vessels and
 * aircraft are not investors, so their names are left out; their listed wallet
 * addresses, if any, are kept) and every digital currency address.
 */
export function buildScreeningIndex(list: SanctionsList): ScreeningIndex {
  const names: { name: string; ref: NameRef }[] = []
  const wallets = new Map<string, WalletRef[]>()
  for (const entry of list.entries) {
    if (entry.type === 'individual' || entry.type === 'entity') {
      names.push({ name: entry.name, ref: { entry } })
      for (const a of entry.aliases) names.push({ name: a.name, ref: { entry, alias: a.name } })
    }
    for (const d of entry.digitalCurrencyAddresses) {
      const refs = wallets.get(d.normalised) ?? []
      refs.push({ entry, currency: d.currency, listed: d.address })
      wallets.set(d.normalised, refs)
    }
  }
  return { version: list.version, files: list.files, entries: list.entries.length, names: new NameIndex(names), wallets }
}

/** Entries whose name or an alias scores at least `threshold`; one match per entry (its best), best first. */
export function findNameMatches(index: ScreeningIndex, name: string, threshold: number): SanctionsMatch[] {
  const best = new Map<string, SanctionsMatch>()
  for (const hit of index.names.search(name, threshold)) {
    const { entry, alias } = hit.ref
    const seen = best.get(entry.id)
    // Hits arrive best first; on a tie the primary name reads better than an alias.
    if (seen && (seen.score > hit.score || alias !== undefined)) continue
    const m: SanctionsMatch = { listEntryId: entry.id, name: entry.name, matchedOn: alias === undefined ? 'name' : 'alias', score: hit.score }
    if (alias !== undefined) m.alias = alias
    if (entry.programs.length > 0) m.program = entry.programs.join(', ')
    best.set(entry.id, m)
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.listEntryId.localeCompare(b.listEntryId))
}

/** Entries listing any of `addresses` (compared in normalised form). */
export function findAddressMatches(index: ScreeningIndex, addresses: readonly string[]): SanctionsMatch[] {
  const out: SanctionsMatch[] = []
  const seen = new Set<string>()
  for (const raw of addresses) {
    const key = normaliseWalletAddress(raw)
    for (const ref of index.wallets.get(key) ?? []) {
      const id = `${ref.entry.id}|${key}`
      if (seen.has(id)) continue
      seen.add(id)
      const m: SanctionsMatch = { listEntryId: ref.entry.id, name: ref.entry.name, matchedOn: 'address', score: 1, address: ref.listed }
      if (ref.entry.programs.length > 0) m.program = ref.entry.programs.join(', ')
      out.push(m)
    }
  }
  return out
}
