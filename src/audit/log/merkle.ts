import { EMPTY_TREE_ROOT, HASH_SIZE, nodeHash } from '../hashing.ts'

/*
 * RFC 6962 §2.1 / RFC 9162 §2.1 tree heads and proofs, written over
 * "complete subtree" hashes: node (level, index) is the root of the perfect
 * subtree over leaves [index·2^level, (index+1)·2^level); level 0 is a leaf
 * hash. Every range RFC 6962 recurses into starts on a multiple of a power
 * of two at least as large as itself, so it splits into O(log n) such nodes.
 *
 * Sizes and indexes are JS numbers (exact to 2^53); no 32-bit bit operators.
 */

/** A complete subtree: leaves [index·2^level, (index+1)·2^level). */
export interface NodeId {
  level: number
  index: number
}

/** Returns a complete subtree's hash; must know every node it is asked for. */
export type NodeGetter = (level: number, index: number) => Uint8Array

/** Fetches complete subtree hashes by id; the result is keyed by nodeKey(). */
export type NodeFetcher = (ids: NodeId[]) => Promise<Map<string, Uint8Array>>

export function nodeKey(level: number, index: number): string {
  return `${level}/${index}`
}

/** The largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

function isPowerOfTwo(n: number): boolean {
  let k = 1
  while (k < n) k *= 2
  return k === n
}

function levelOf(size: number): number {
  let level = 0
  for (let k = 1; k < size; k *= 2) level++
  return level
}

/** MTH(D[start:end]) for a range RFC 6962 can recurse into. */
function rangeHash(get: NodeGetter, start: number, end: number): Uint8Array {
  const n = end - start
  if (isPowerOfTwo(n) && start % n === 0) return get(levelOf(n), start / n)
  const k = splitPoint(n)
  return nodeHash(rangeHash(get, start, start + k), rangeHash(get, start + k, end))
}

/** The Merkle tree head of the first `size` leaves. */
export function rootFromNodes(get: NodeGetter, size: number): Uint8Array {
  return size === 0 ? EMPTY_TREE_ROOT : rangeHash(get, 0, size)
}

/** RFC 6962 PATH(index, D[0:size]): sibling hashes from the leaf up. */
export function inclusionProofFromNodes(get: NodeGetter, index: number, size: number): Uint8Array[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of size ${size}`)
  const path = (m: number, start: number, end: number): Uint8Array[] => {
    if (end - start === 1) return []
    const k = splitPoint(end - start)
    return m < k
      ? [...path(m, start, start + k), rangeHash(get, start + k, end)]
      : [...path(m - k, start + k, end), rangeHash(get, start, start + k)]
  }
  return path(index, 0, size)
}

/** RFC 6962 PROOF(m, D[0:n]); empty when m is 0 or m equals n. */
export function consistencyProofFromNodes(get: NodeGetter, m: number, n: number): Uint8Array[] {
  if (!(m >= 0 && m <= n)) throw new RangeError(`no consistency proof from size ${m} to size ${n}`)
  if (m === 0 || m === n) return []
  const sub = (m: number, start: number, end: number, whole: boolean): Uint8Array[] => {
    if (m === end - start) return whole ? [] : [rangeHash(get, start, end)]
    const k = splitPoint(end - start)
    return m <= k
      ? [...sub(m, start, start + k, whole), rangeHash(get, start + k, end)]
      : [...sub(m - k, start + k, end, false), rangeHash(get, start, start + k)]
  }
  return sub(m, 0, n, true)
}

const PLACEHOLDER = new Uint8Array(HASH_SIZE)

/**
 * Runs a computation over complete-subtree hashes that live elsewhere (the
 * database): a first pass with placeholders records which nodes it reads
 * (the recursion never depends on hash values), one fetch brings them, and a
 * second pass computes the answer.
 */
export async function withFetchedNodes<T>(fetch: NodeFetcher, compute: (get: NodeGetter) => T): Promise<T> {
  const wanted = new Map<string, NodeId>()
  compute((level, index) => {
    wanted.set(nodeKey(level, index), { level, index })
    return PLACEHOLDER
  })
  const found = wanted.size === 0 ? new Map<string, Uint8Array>() : await fetch([...wanted.values()])
  return compute((level, index) => {
    const h = found.get(nodeKey(level, index))
    if (!h) throw new RangeError(`Merkle node ${nodeKey(level, index)} is missing`)
    return h
  })
}

/** The right edge of a tree: one complete subtree hash per set bit of size, largest first. */
export interface Frontier {
  size: number
  hashes: Uint8Array[]
}

/** A complete subtree finished by an append (level ≥ 1; leaves are stored with their entries). */
export interface NewNode extends NodeId {
  hash: Uint8Array
}

/**
 * Appends leaf hashes to a frontier, returning the new frontier and every
 * complete subtree the appends finished.
 */
export function appendToFrontier(frontier: Frontier, leaves: Uint8Array[]): { frontier: Frontier; nodes: NewNode[] } {
  const hashes = frontier.hashes.slice()
  let size = frontier.size
  const nodes: NewNode[] = []
  for (const leaf of leaves) {
    let h = leaf
    let level = 0
    let rest = size
    while (rest % 2 === 1) {
      h = nodeHash(hashes.pop()!, h)
      level++
      rest = (rest - 1) / 2
      nodes.push({ level, index: rest, hash: h })
    }
    hashes.push(h)
    size++
  }
  return { frontier: { size, hashes }, nodes }
}

/** The tree head from a frontier. */
export function rootFromFrontier(frontier: Frontier): Uint8Array {
  const { hashes } = frontier
  if (hashes.length === 0) return EMPTY_TREE_ROOT
  let acc = hashes[hashes.length - 1]!
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i]!, acc)
  return acc
}

/** How many set bits (= frontier hashes) a size has. */
export function frontierLength(size: number): number {
  let bits = 0
  for (let rest = size; rest > 0; rest = Math.floor(rest / 2)) bits += rest % 2
  return bits
}
