import type { CompiledRule, NormalizedRequest } from './compile-policy.ts'

// For one request field: the rules without that matcher ("wild"), and for every value some
// rule lists, the rules that accept it (that value's listers plus the wild ones).
interface Dimension {
  readonly wild: Uint32Array
  readonly byValue: ReadonlyMap<string, Uint32Array>
}

type SingleField = 'operation' | 'tier' | 'destKind' | 'destAddress' | 'asset' | 'vaultId' | 'selector'

// Most selective first: the AND over a word stops as soon as it reaches zero.
const SINGLE_FIELDS: readonly { field: SingleField; of: (r: CompiledRule) => ReadonlySet<string> | null }[] = [
  { field: 'vaultId', of: (r) => r.sourceVaults },
  { field: 'destAddress', of: (r) => r.destinationAddresses },
  { field: 'selector', of: (r) => r.methodSelectors },
  { field: 'asset', of: (r) => r.assets },
  { field: 'operation', of: (r) => r.operations },
  { field: 'destKind', of: (r) => r.destinationKinds },
  { field: 'tier', of: (r) => r.sourceTiers },
]

// Amount bounds as elementary intervals: `bounds` are the sorted distinct values where some
// rule's range starts (min) or ends (max + 1); `sets[j]` holds the rules whose range covers
// [bounds[j - 1], bounds[j]) (with bounds[-1] = 0 and bounds[k] = infinity).
interface AmountDimension {
  readonly bounds: readonly bigint[]
  readonly sets: readonly Uint32Array[]
}

/** Receives candidate rule positions in document order; returns true to stop. */
export interface CandidateVisitor {
  visit(position: number): boolean
}

/**
 * A bitset per (field, value) over the ordered rules. ANDing the sets a request selects
 * leaves the rules whose indexed matchers all accept it, still in document order, so
 * "first match wins" is kept while most non-candidates are skipped 32 at a time.
 * Fields no rule constrains are left out entirely. Velocity is not indexed: it depends on
 * the ledger at evaluation time, so the caller checks it on each candidate.
 */
export class RuleIndex {
  readonly #words: number
  readonly #all: Uint32Array
  readonly #fields: readonly SingleField[]
  readonly #dims: readonly Dimension[]
  readonly #initiators: Dimension | null
  readonly #amount: AmountDimension | null

  constructor(rules: readonly CompiledRule[]) {
    this.#words = Math.max(1, Math.ceil(rules.length / 32))
    this.#all = new Uint32Array(this.#words)
    for (let i = 0; i < rules.length; i++) setBit(this.#all, i)
    const fields: SingleField[] = []
    const dims: Dimension[] = []
    for (const { field, of } of SINGLE_FIELDS) {
      const dim = buildDimension(rules, of, this.#words)
      if (dim) {
        fields.push(field)
        dims.push(dim)
      }
    }
    this.#fields = fields
    this.#dims = dims
    this.#initiators = buildDimension(rules, (r) => r.initiators, this.#words)
    this.#amount = buildAmountDimension(rules, this.#words)
  }

  /**
   * Visits the position of each rule the indexed fields allow, in document order, until the
   * visitor returns true. Returns whether it did.
   */
  forEachCandidate(n: NormalizedRequest, visitor: CandidateVisitor): boolean {
    const dims = this.#dims
    const sets: Uint32Array[] = new Array(dims.length)
    for (let d = 0; d < dims.length; d++) {
      const value = n[this.#fields[d]!]
      const dim = dims[d]!
      sets[d] = (value === undefined ? undefined : dim.byValue.get(value)) ?? dim.wild
    }
    if (this.#amount) sets.push(amountSet(this.#amount, n.amount))
    let anyOf: Uint32Array[] | null = null
    if (this.#initiators) {
      const dim = this.#initiators
      anyOf = [dim.byValue.get(n.keyId) ?? dim.wild]
      if (n.initiator !== n.keyId) {
        const s = dim.byValue.get(n.initiator)
        if (s) anyOf.push(s)
      }
      for (let g = 0; g < n.groups.length; g++) {
        const s = dim.byValue.get(n.groups[g]!)
        if (s) anyOf.push(s)
      }
    }
    for (let w = 0; w < this.#words; w++) {
      let bits = this.#all[w]!
      for (let s = 0; s < sets.length && bits !== 0; s++) bits &= sets[s]![w]!
      if (bits !== 0 && anyOf) {
        let either = 0
        for (let s = 0; s < anyOf.length; s++) either |= anyOf[s]![w]!
        bits &= either
      }
      while (bits !== 0) {
        const low = bits & -bits
        bits ^= low
        if (visitor.visit(w * 32 + 31 - Math.clz32(low))) return true
      }
    }
    return false
  }
}

const MAX_AMOUNT_INDEX_WORDS = 4 * 1024 * 1024

function amountSet(dim: AmountDimension, amount: bigint): Uint32Array {
  // The number of bounds at or below the amount is the index of its interval.
  let lo = 0
  let hi = dim.bounds.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (dim.bounds[mid]! <= amount) lo = mid + 1
    else hi = mid
  }
  return dim.sets[lo]!
}

function buildAmountDimension(rules: readonly CompiledRule[], words: number): AmountDimension | null {
  const ranged = rules.filter((r) => r.amountMin !== null || r.amountMax !== null)
  if (ranged.length === 0) return null
  const points = new Set<bigint>()
  for (const r of ranged) {
    if (r.amountMin !== null) points.add(r.amountMin)
    if (r.amountMax !== null) points.add(r.amountMax + 1n)
  }
  // Memory grows with bounds × rules; past this the amount matchers are simply checked on
  // each candidate instead (as they always are, for safety).
  if ((points.size + 1) * words > MAX_AMOUNT_INDEX_WORDS) return null
  const bounds = [...points].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const position = new Map(bounds.map((b, i) => [b, i]))
  const wild = new Uint32Array(words)
  rules.forEach((r, i) => {
    if (r.amountMin === null && r.amountMax === null) setBit(wild, i)
  })
  const sets = Array.from({ length: bounds.length + 1 }, () => wild.slice())
  for (const r of ranged) {
    const from = r.amountMin === null ? 0 : position.get(r.amountMin)! + 1
    const to = r.amountMax === null ? sets.length : position.get(r.amountMax + 1n)! + 1
    for (let j = from; j < to; j++) setBit(sets[j]!, r.position)
  }
  return { bounds, sets }
}

function buildDimension(rules: readonly CompiledRule[], of: (r: CompiledRule) => ReadonlySet<string> | null, words: number): Dimension | null {
  if (!rules.some((r) => of(r) !== null)) return null
  const wild = new Uint32Array(words)
  const listers = new Map<string, number[]>()
  rules.forEach((r, i) => {
    const values = of(r)
    if (values === null) setBit(wild, i)
    else
      for (const v of values) {
        const list = listers.get(v)
        if (list) list.push(i)
        else listers.set(v, [i])
      }
  })
  const byValue = new Map<string, Uint32Array>()
  for (const [v, positions] of listers) {
    const set = wild.slice()
    for (const i of positions) setBit(set, i)
    byValue.set(v, set)
  }
  return { wild, byValue }
}

function setBit(set: Uint32Array, i: number): void {
  set[i >>> 5]! |= 1 << (i & 31)
}
