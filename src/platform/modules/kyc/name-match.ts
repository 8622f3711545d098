import { normaliseName } from './normalise-name.ts'

/** Token pairs below this similarity count as unmatched. */
export const TOKEN_MATCH_FLOOR = 0.8

/**
 * Jaro-Winkler similarity of two strings, 0..1 (prefix scale 0.1 over at
 * most 4 characters, applied when the Jaro score exceeds 0.7).
 *
 * @example
 * jaroWinkler('petrov', 'petrof') // 0.9333…
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1
  const la = a.length
  const lb = b.length
  if (la === 0 || lb === 0) return 0
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1)
  const fa = scratch(0, la)
  const fb = scratch(1, lb)
  let m = 0
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i)
    const end = Math.min(i + window + 1, lb)
    for (let j = Math.max(0, i - window); j < end; j++) {
      if (fb[j] === 0 && b.charCodeAt(j) === c) {
        fa[i] = 1
        fb[j] = 1
        m++
        break
      }
    }
  }
  if (m === 0) return 0
  let t = 0
  for (let i = 0, j = 0; i < la; i++) {
    if (fa[i] === 0) continue
    while (fb[j] === 0) j++
    if (a.charCodeAt(i) !== b.charCodeAt(j)) t++
    j++
  }
  const jaro = (m / la + m / lb + (m - t / 2) / m) / 3
  if (jaro <= 0.7) return jaro
  let p = 0
  const maxP = Math.min(4, la, lb)
  while (p < maxP && a.charCodeAt(p) === b.charCodeAt(p)) p++
  return jaro + p * 0.1 * (1 - jaro)
}

const flags = [new Uint8Array(64), new Uint8Array(64)]
function scratch(k: 0 | 1, n: number): Uint8Array {
  if (flags[k]!.length < n) flags[k] = new Uint8Array(n * 2)
  const f = flags[k]!
  f.fill(0, 0, n)
  return f
}

/**
 * Similarity of two folded tokens. Jaro-Winkler rewards a shared prefix so
 * much that a given name looks like its own patronymic (Ivan/Ivanovich 0.89);
 * tokens 3+ letters apart in length are capped at 1 − ½·(difference / longer).
 */
export function tokenSimilarity(a: string, b: string): number {
  const jw = jaroWinkler(a, b)
  const diff = Math.abs(a.length - b.length)
  if (diff < 3) return jw
  return Math.min(jw, 1 - (0.5 * diff) / Math.max(a.length, b.length))
}

/**
 * Scores two token lists 0..1 (unrounded). Tokens are paired one-to-one,
 * best pair first (greedy), pairs under {@link TOKEN_MATCH_FLOOR} unmatched.
 * Coverage of each side = matched similarity weighted by token length.
 * With two or more pairs: 0.8 × the better coverage + 0.2 × the worse, so a
 * missing middle name or patronymic still reaches review. With a single pair
 * between multi-token names: the mean coverage, so sharing only a first name
 * or only a surname does not.
 */
export function scoreTokens(q: readonly string[], c: readonly string[], sim: (qi: number, cj: number) => number): number {
  const nq = q.length
  const nc = c.length
  if (nq === 0 || nc === 0) return 0
  let wq = 0
  let wc = 0
  for (const t of q) wq += t.length
  for (const t of c) wc += t.length
  let usedQ = 0
  let usedC = 0
  let covQ = 0
  let covC = 0
  let pairs = 0
  // Names have a handful of tokens: repeated best-pair selection beats sorting.
  for (;;) {
    let best = TOKEN_MATCH_FLOOR
    let bi = -1
    let bj = -1
    for (let i = 0; i < nq && i < 31; i++) {
      if (usedQ & (1 << i)) continue
      for (let j = 0; j < nc && j < 31; j++) {
        if (usedC & (1 << j)) continue
        const s = sim(i, j)
        if (s > best || (s === best && bi < 0)) {
          best = s
          bi = i
          bj = j
        }
      }
    }
    if (bi < 0) break
    usedQ |= 1 << bi
    usedC |= 1 << bj
    covQ += best * q[bi]!.length
    covC += best * c[bj]!.length
    pairs++
  }
  if (pairs === 0) return 0
  covQ /= wq
  covC /= wc
  if (pairs === 1 && (nq > 1 || nc > 1)) return (covQ + covC) / 2
  return 0.8 * Math.max(covQ, covC) + 0.2 * Math.min(covQ, covC)
}

/**
 * Similarity 0..1 (3 decimals) of two names after {@link normaliseName}.
 *
 * @example
 * nameSimilarity('VOLKOV, Dmitriy', 'Dmitry Volkov') // 1 (order, and -iy/-y, do not matter)
 */
export function nameSimilarity(a: string, b: string): number {
  const tb = normaliseName(b).tokens
  let best = 0
  for (const ta of queryVariants(normaliseName(a).tokens)) {
    best = Math.max(best, scoreTokens(ta, tb, (i, j) => tokenSimilarity(ta[i]!, tb[j]!)))
  }
  return round3(best)
}

/**
 * The query's tokens as given, plus each pair of neighbours written together,
 * since given names are split or joined at will (Wen Jun / Wenjun,
 * Abdul Karim / Abdulkarim). Only the query side is varied: the list side
 * would double the index.
 */
export function queryVariants(tokens: readonly string[]): string[][] {
  const out = [[...tokens]]
  if (tokens.length < 2 || tokens.length > 6) return out
  for (let i = 0; i + 1 < tokens.length; i++) {
    out.push([...tokens.slice(0, i), tokens[i]! + tokens[i + 1]!, ...tokens.slice(i + 2)])
  }
  return out
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000
}

export interface NameIndexHit<T> {
  ref: T
  /** The indexed name as given. */
  name: string
  /** 0..1, 3 decimals. */
  score: number
}

/**
 * Names prepared for fast fuzzy search. Each distinct folded token is stored
 * once; a query compares its tokens with the vocabulary (skipping lengths that
 * cannot reach the floor), then scores only the names that share a close token.
 *
 * @example
 * const index = new NameIndex([{ name: 'VOLKOV, Dmitriy', ref: 'SDN-1' }])
 * index.search('Dmitriy Volkof', 0.85) // [{ ref: 'SDN-1', name: 'VOLKOV, Dmitriy', score: 0.967 }]
 */
export class NameIndex<T> {
  readonly #vocab: string[] = []
  readonly #vocabId = new Map<string, number>()
  readonly #byLength: number[][] = []
  readonly #postings: number[][] = []
  readonly #names: { name: string; ref: T; tokenIds: number[]; tokens: string[] }[] = []
  #masks: Int32Array = new Int32Array(0)
  #repeats: Uint8Array = new Uint8Array(0)

  constructor(names: Iterable<{ name: string; ref: T }>) {
    for (const { name, ref } of names) {
      const tokens = normaliseName(name).tokens
      if (tokens.length === 0) continue
      const idx = this.#names.length
      const tokenIds = tokens.map((t) => {
        let id = this.#vocabId.get(t)
        if (id === undefined) {
          id = this.#vocab.length
          this.#vocab.push(t)
          this.#vocabId.set(t, id)
          this.#postings.push([])
          ;(this.#byLength[t.length] ??= []).push(id)
        }
        const post = this.#postings[id]!
        if (post[post.length - 1] !== idx) post.push(idx)
        return id
      })
      this.#names.push({ name, ref, tokenIds, tokens })
    }
    this.#masks = new Int32Array(this.#vocab.length)
    this.#repeats = new Uint8Array(this.#vocab.length)
    this.#vocab.forEach((t, id) => {
      const mask = letterMask(t)
      this.#masks[id] = mask
      this.#repeats[id] = Math.min(255, t.length - popcount(mask))
    })
  }

  /** Number of names indexed. */
  get size(): number {
    return this.#names.length
  }

  /** Every indexed name scoring at least `threshold` against `query`, best first (ties in the order indexed). */
  search(query: string, threshold: number): NameIndexHit<T>[] {
    const tokens = normaliseName(query).tokens
    if (tokens.length === 0) return []
    const sims = new Map<string, Map<number, number>>()
    for (const t of queryVariants(tokens).flat()) if (!sims.has(t)) sims.set(t, this.#similarTokens(t))
    // A joined pair that resembles nothing listed cannot raise any score.
    const variants = queryVariants(tokens).filter((v, k) => k === 0 || v.every((t) => sims.get(t)!.size > 0 || tokens.includes(t)))
    const candidates = new Set<number>()
    for (const m of sims.values()) for (const id of m.keys()) for (const n of this.#postings[id]!) candidates.add(n)
    const hits: (NameIndexHit<T> & { n: number })[] = []
    for (const n of candidates) {
      const entry = this.#names[n]!
      let best = 0
      for (const q of variants) {
        const qs = q.map((t) => sims.get(t)!)
        best = Math.max(best, scoreTokens(q, entry.tokens, (i, j) => qs[i]!.get(entry.tokenIds[j]!) ?? 0))
      }
      const score = round3(best)
      if (score >= threshold) hits.push({ ref: entry.ref, name: entry.name, score, n })
    }
    // Ties in the order names were given, so results do not depend on hashing.
    return hits.sort((a, b) => b.score - a.score || a.n - b.n).map(({ ref, name, score }) => ({ ref, name, score }))
  }

  #similarTokens(t: string): Map<number, number> {
    const out = new Map<number, number>()
    const L = t.length
    const mask = letterMask(t)
    const repeats = L - popcount(mask)
    const first = t.charCodeAt(0)
    // Jaro-Winkler reaches the floor only if Jaro reaches jMin (any shared
    // prefix) or the floor itself (first letters differ, so no boost).
    const jMinPrefix = (TOKEN_MATCH_FLOOR - 0.4) / 0.6
    for (let len = 1; len < this.#byLength.length; len++) {
      const diff = Math.abs(len - L)
      // Mirrors the cap in tokenSimilarity: these lengths cannot reach the floor.
      if (diff >= 3 && 1 - (0.5 * diff) / Math.max(len, L) < TOKEN_MATCH_FLOOR) continue
      const ids = this.#byLength[len]
      if (ids === undefined) continue
      const maxM = Math.min(len, L)
      for (const id of ids) {
        const v = this.#vocab[id]!
        // Matching characters cannot exceed the distinct letters both share
        // plus the repeated letters of either: a cheap bound on Jaro.
        const m = Math.min(maxM, popcount(mask & this.#masks[id]!) + Math.min(repeats, this.#repeats[id]!))
        const jaroBound = (m / L + m / len + 1) / 3
        if (jaroBound < (v.charCodeAt(0) === first ? jMinPrefix : TOKEN_MATCH_FLOOR)) continue
        const s = tokenSimilarity(t, v)
        if (s >= TOKEN_MATCH_FLOOR) out.set(id, s)
      }
    }
    return out
  }
}

/** One bit per letter a–z; digits share the six spare bits (a looser, still valid bound). */
function letterMask(t: string): number {
  let mask = 0
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i)
    mask |= c >= 97 && c <= 122 ? 1 << (c - 97) : 1 << (26 + (c % 6))
  }
  return mask
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555)
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24
}
