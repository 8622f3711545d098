import { EMPTY_TREE_ROOT, HASH_SIZE, nodeHash } from '../hashing.ts'

/*
 * The verifier's own RFC 6962/9162 Merkle code, independent of the writer's:
 * an incremental frontier to recompute tree heads while streaming leaves,
 * and the RFC 9162 §2.1.3.2 / §2.1.4.2 proof verification algorithms.
 */

/** Tree heads of a growing list of leaves in O(log n) memory. */
export class MerkleFrontier {
  // Complete subtree hashes, largest first; sizes[i] leaves under hashes[i].
  readonly #hashes: Uint8Array[] = []
  readonly #sizes: number[] = []
  #count = 0

  get size(): number {
    return this.#count
  }

  push(leaf: Uint8Array): void {
    let h = leaf
    let size = 1
    while (this.#sizes.length > 0 && this.#sizes[this.#sizes.length - 1] === size) {
      this.#sizes.pop()
      h = nodeHash(this.#hashes.pop()!, h)
      size *= 2
    }
    this.#hashes.push(h)
    this.#sizes.push(size)
    this.#count++
  }

  root(): Uint8Array {
    const n = this.#hashes.length
    if (n === 0) return EMPTY_TREE_ROOT
    let acc = this.#hashes[n - 1]!
    for (let i = n - 2; i >= 0; i--) acc = nodeHash(this.#hashes[i]!, acc)
    return acc
  }
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0
}

function validHashes(hs: Uint8Array[]): boolean {
  return hs.every((h) => h instanceof Uint8Array && h.length === HASH_SIZE)
}

/**
 * RFC 9162 §2.1.3.2: does `proof` show that `leaf` is leaf `index` of the
 * tree of `size` leaves whose head is `root`?
 */
export function verifyInclusion(leaf: Uint8Array, index: number, size: number, proof: Uint8Array[], root: Uint8Array): boolean {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) return false
  if (!validHashes([leaf, root, ...proof])) return false
  let fn = index
  let sn = size - 1
  let r = leaf
  for (const p of proof) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r)
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2
          sn = Math.floor(sn / 2)
        }
      }
    } else {
      r = nodeHash(r, p)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 && same(r, root)
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show that the tree of `size1` leaves with
 * head `root1` is a prefix of the tree of `size2` leaves with head `root2`?
 */
export function verifyConsistency(size1: number, size2: number, root1: Uint8Array, root2: Uint8Array, proof: Uint8Array[]): boolean {
  if (!(Number.isSafeInteger(size1) && Number.isSafeInteger(size2) && size1 >= 0 && size1 <= size2)) return false
  if (!validHashes([root1, root2, ...proof])) return false
  if (size1 === size2) return proof.length === 0 && same(root1, root2)
  if (size1 === 0) return proof.length === 0 && same(root1, EMPTY_TREE_ROOT)
  if (proof.length === 0) return false
  let path = proof
  // When size1 is a power of two, its root is the first node the proof omits.
  let pow2 = 1
  while (pow2 < size1) pow2 *= 2
  if (pow2 === size1) path = [root1, ...proof]
  let fn = size1 - 1
  let sn = size2 - 1
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2
    sn = Math.floor(sn / 2)
  }
  let fr = path[0]!
  let sr = path[0]!
  for (const c of path.slice(1)) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr)
      sr = nodeHash(c, sr)
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2
          sn = Math.floor(sn / 2)
        }
      }
    } else {
      sr = nodeHash(sr, c)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 && same(fr, root1) && same(sr, root2)
}
