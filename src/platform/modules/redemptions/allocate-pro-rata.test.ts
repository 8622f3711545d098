import { describe, expect, it } from 'vitest'
import { allocateProRata } from './allocate-pro-rata.ts'

describe('pro-rata allocation of a tender offer', () => {
  it('gives everyone what they tendered when the offer is not oversubscribed', () => {
    expect(allocateProRata([{ id: 'a', quantity: 30n }, { id: 'b', quantity: 20n }], 100n).map((r) => r.allocated)).toEqual([30n, 20n])
  })

  it('halves every tender when oversubscribed 2:1', () => {
    expect(allocateProRata([{ id: 'a', quantity: 600n }, { id: 'b', quantity: 400n }], 500n).map((r) => r.allocated)).toEqual([300n, 200n])
  })

  it('hands the flooring remainder to the largest fractions, ties to the earlier tender', () => {
    const out = allocateProRata([{ id: 'a', quantity: 100n }, { id: 'b', quantity: 100n }, { id: 'c', quantity: 100n }], 200n)
    expect(out.map((r) => r.allocated)).toEqual([67n, 67n, 66n])
    // 7 × 10 / 13 = 5.38, 3 × 10 / 13 = 2.31, 3 × 10 / 13 = 2.31: one unit left, to the largest fraction (a).
    expect(allocateProRata([{ id: 'a', quantity: 7n }, { id: 'b', quantity: 3n }, { id: 'c', quantity: 3n }], 10n).map((r) => r.allocated)).toEqual([6n, 2n, 2n])
  })

  it('allocates exactly the maximum and never more than a tender asked', () => {
    for (let seed = 1; seed < 200; seed++) {
      const requests = Array.from({ length: 1 + (seed % 9) }, (_, i) => ({ id: String(i), quantity: BigInt(1 + ((seed * 7919 + i * 104729) % 1000)) }))
      const total = requests.reduce((s, r) => s + r.quantity, 0n)
      const max = total / 2n + 1n
      const out = allocateProRata(requests, max)
      expect(out.reduce((s, r) => s + r.allocated, 0n)).toBe(max < total ? max : total)
      for (const r of out) expect(r.allocated <= r.quantity && r.allocated >= 0n).toBe(true)
    }
  })
})
