import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { verifyConsistency, verifyInclusion } from '../verify/tree.ts'
import {
  appendToFrontier,
  consistencyProofFromNodes,
  inclusionProofFromNodes,
  nodeKey,
  rootFromFrontier,
  rootFromNodes,
  withFetchedNodes,
  type Frontier,
  type NodeGetter,
} from './merkle.ts'

// An independent reference written straight from RFC 6962 §2.1, over all leaves.
const H = (...parts: Uint8Array[]) => createHash('sha256').update(Buffer.concat(parts)).digest()
const refLeaf = (d: Uint8Array) => H(Buffer.from([0]), d)
const lp2 = (n: number) => {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}
function mth(d: Buffer[]): Buffer {
  if (d.length === 0) return H()
  if (d.length === 1) return d[0]!
  const k = lp2(d.length)
  return H(Buffer.from([1]), mth(d.slice(0, k)), mth(d.slice(k)))
}
function path(m: number, d: Buffer[]): Buffer[] {
  if (d.length <= 1) return []
  const k = lp2(d.length)
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))]
}
function subproof(m: number, d: Buffer[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [mth(d)]
  const k = lp2(d.length)
  return m <= k ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))] : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))]
}

// The RFC 6962 test tree used by Certificate Transparency implementations.
const CT_DATA = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'))
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
]
const CT_INCLUSION = [
  { index: 0, size: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { index: 5, size: 8, proof: ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  { index: 0, size: 5, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
]
const CT_CONSISTENCY = [
  { from: 1, to: 1, proof: [] },
  { from: 1, to: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { from: 6, to: 8, proof: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { from: 2, to: 5, proof: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
]

/** Builds the writer's stored form (leaves + completed subtrees) by appending one leaf at a time. */
function build(leaves: Buffer[]): { get: NodeGetter; frontiers: Frontier[] } {
  const nodes = new Map<string, Uint8Array>()
  leaves.forEach((l, i) => nodes.set(nodeKey(0, i), l))
  let frontier: Frontier = { size: 0, hashes: [] }
  const frontiers = [frontier]
  for (const leaf of leaves) {
    const next = appendToFrontier(frontier, [leaf])
    for (const n of next.nodes) nodes.set(nodeKey(n.level, n.index), n.hash)
    frontier = next.frontier
    frontiers.push(frontier)
  }
  return {
    frontiers,
    get: (level, index) => {
      const h = nodes.get(nodeKey(level, index))
      if (!h) throw new Error(`missing ${nodeKey(level, index)}`)
      return h
    },
  }
}

const hex = (hs: Uint8Array[]) => hs.map((h) => Buffer.from(h).toString('hex'))

describe('Merkle tree heads and proofs (RFC 6962 §2.1)', () => {
  const ct = build(CT_DATA.map(refLeaf))

  it('matches the RFC 6962 reference roots for sizes 0 to 8, from stored nodes and from the frontier', () => {
    for (let n = 0; n <= 8; n++) {
      expect(Buffer.from(rootFromNodes(ct.get, n)).toString('hex'), `size ${n}`).toBe(CT_ROOTS[n])
      expect(Buffer.from(rootFromFrontier(ct.frontiers[n]!)).toString('hex'), `frontier ${n}`).toBe(CT_ROOTS[n])
    }
  })

  it('produces the reference inclusion and consistency proofs, and the verifier accepts them', () => {
    for (const v of CT_INCLUSION) {
      const proof = inclusionProofFromNodes(ct.get, v.index, v.size)
      expect(hex(proof)).toEqual(v.proof)
      expect(verifyInclusion(refLeaf(CT_DATA[v.index]!), v.index, v.size, proof, Buffer.from(CT_ROOTS[v.size]!, 'hex'))).toBe(true)
    }
    for (const v of CT_CONSISTENCY) {
      const proof = consistencyProofFromNodes(ct.get, v.from, v.to)
      expect(hex(proof)).toEqual(v.proof)
      expect(verifyConsistency(v.from, v.to, Buffer.from(CT_ROOTS[v.from]!, 'hex'), Buffer.from(CT_ROOTS[v.to]!, 'hex'), proof)).toBe(true)
    }
  })

  it('agrees with the reference for every size, leaf and pair up to 70 leaves', () => {
    const data = Array.from({ length: 70 }, (_, i) => Buffer.from(`entry ${i}`))
    const leaves = data.map(refLeaf)
    const t = build(leaves)
    const roots = Array.from({ length: 71 }, (_, n) => mth(leaves.slice(0, n)))
    for (let n = 0; n <= 70; n++) {
      expect(Buffer.from(rootFromNodes(t.get, n)).equals(roots[n]!)).toBe(true)
      for (let i = 0; i < n; i++) {
        const proof = inclusionProofFromNodes(t.get, i, n)
        expect(hex(proof)).toEqual(hex(path(i, leaves.slice(0, n))))
        expect(verifyInclusion(leaves[i]!, i, n, proof, roots[n]!)).toBe(true)
      }
      for (let m = 0; m <= n; m++) {
        const proof = consistencyProofFromNodes(t.get, m, n)
        expect(hex(proof)).toEqual(m === 0 || m === n ? [] : hex(subproof(m, leaves.slice(0, n), true)))
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof)).toBe(true)
      }
    }
  })

  it('lets the verifier reject altered, shortened, lengthened or misplaced proofs', () => {
    const leaves = Array.from({ length: 37 }, (_, i) => refLeaf(Buffer.from([i, i * 7])))
    const t = build(leaves)
    const root = rootFromNodes(t.get, 37)
    for (let i = 0; i < 37; i++) {
      const proof = inclusionProofFromNodes(t.get, i, 37)
      const flipped = proof.map((h, j) => (j === proof.length - 1 ? Buffer.from(h).fill(h[0]! ^ 1, 0, 1) : h))
      expect(verifyInclusion(leaves[i]!, i, 37, flipped, root)).toBe(false)
      expect(verifyInclusion(leaves[i]!, i, 37, proof.slice(0, -1), root)).toBe(false)
      expect(verifyInclusion(leaves[i]!, i, 37, [...proof, Buffer.alloc(32)], root)).toBe(false)
      expect(verifyInclusion(leaves[i]!, (i + 1) % 37, 37, proof, root)).toBe(false)
    }
    for (let m = 1; m < 37; m++) {
      const proof = consistencyProofFromNodes(t.get, m, 37)
      const mRoot = rootFromNodes(t.get, m)
      expect(verifyConsistency(m, 37, mRoot, root, proof.slice(1))).toBe(false)
      expect(verifyConsistency(m, 37, mRoot, root, [...proof, Buffer.alloc(32)])).toBe(false)
      expect(verifyConsistency(m, 37, rootFromNodes(t.get, m - 1), root, proof)).toBe(false)
    }
  })

  it('fetches exactly the nodes a computation reads, in one round', async () => {
    const leaves = Array.from({ length: 1000 }, (_, i) => refLeaf(Buffer.from(String(i))))
    const t = build(leaves)
    let rounds = 0
    let fetched = 0
    const proof = await withFetchedNodes(
      async (ids) => {
        rounds++
        fetched += ids.length
        return new Map(ids.map((id) => [nodeKey(id.level, id.index), t.get(id.level, id.index)]))
      },
      (get) => inclusionProofFromNodes(get, 777, 999),
    )
    expect(rounds).toBe(1)
    expect(fetched).toBeLessThan(40)
    expect(verifyInclusion(leaves[777]!, 777, 999, proof, mth(leaves.slice(0, 999)))).toBe(true)
  })
})
