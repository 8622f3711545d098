import { describe, expect, it } from 'vitest'
import { computeEntitlements, type SnapshotHolder } from './compute-entitlements.ts'

const h = (holder: string, balance: bigint, extra: Partial<SnapshotHolder> = {}): SnapshotHolder => ({ holder, investorId: holder, country: 'DE', balance, frozen: false, investorStatus: 'ACTIVE', ...extra })
const policy = { frozen: 'ESCROW', suspended: 'ESCROW', kycExpired: 'EXCLUDE' } as const

describe('entitlements at the record point', () => {
  it('floors a pro-rata total to base units, reports the remainder, and the sums are exact', () => {
    const r = computeEntitlements({ holders: [h('a', 1n), h('b', 1n), h('c', 1n)], amountPerToken: null, totalAmount: 100n, tokenDecimals: 0, policy, rateOf: () => ({ bps: 0, source: 'DEFAULT' }) })
    expect(r.items.map((e) => e.gross)).toEqual([33n, 33n, 33n])
    expect(r.remainder).toBe(1n)
    expect(r.grossTotal + r.remainder).toBe(100n)
  })

  it('pays per whole token, withholds by rate (holder keeps the sub-unit), and treats frozen, suspended and expired holders by the policy', () => {
    const r = computeEntitlements({
      holders: [h('a', 1_250n), h('b', 333n, { country: 'FR' }), h('c', 100n, { frozen: true }), h('d', 7n, { investorStatus: 'EXPIRED' }), h('e', 0n)],
      amountPerToken: 1_000_001n,
      totalAmount: null,
      tokenDecimals: 2,
      policy,
      rateOf: (x) => (x.country === 'FR' ? { bps: 1_250, source: 'COUNTRY:FR' } : { bps: 2_500, source: 'DEFAULT' }),
    })
    expect(r.items.map((e) => [e.holder, e.gross, e.withheld, e.net, e.treatment])).toEqual([
      ['a', 12_500_012n, 3_125_003n, 9_375_009n, 'PAY'],
      ['b', 3_330_003n, 416_250n, 2_913_753n, 'PAY'],
      ['c', 1_000_001n, 250_000n, 750_001n, 'ESCROW'],
      ['d', 70_000n, 17_500n, 52_500n, 'EXCLUDE'],
    ])
    for (const e of r.items) expect(e.net + e.withheld).toBe(e.gross)
    expect(r.grossTotal + r.remainder).toBe((1_690n * 1_000_001n) / 100n)
    expect(r.netTotal + r.withheldTotal + r.escrowedTotal + r.excludedTotal).toBe(r.grossTotal)
  })
})
