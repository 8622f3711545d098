import { describe, expect, it } from 'vitest'
import { concat, getAddress, keccak256, type Hex } from 'viem'
import { computeEntitlements, type SnapshotHolder } from './compute-entitlements.ts'
import { claimLeafHash } from './merkle-tree.ts'
import { planClaimRound } from './claim-round.ts'
import { stockUnpayable } from './take-snapshot.ts'

const addr = (n: number) => getAddress(`0x${n.toString(16).padStart(40, '0')}`)
const ESCROW = addr(0xaaa2)
const ent = (holder: string, net: bigint, treatment: 'PAY' | 'ESCROW' | 'EXCLUDE' = 'PAY') => ({ holder, investor_id: `inv-${holder.slice(-4)}`, treatment, net: net.toString() })

/** What MerkleProof.verify does: fold the proof with sorted pairs. */
const verify = (proof: readonly Hex[], root: Hex, leaf: Hex) => proof.reduce((h, p) => (BigInt(h) < BigInt(p) ? keccak256(concat([h, p])) : keccak256(concat([p, h]))), leaf) === root

describe('a claim round', () => {
  it('has one leaf per paid holder by address, then the escrow sum; the total is every leaf, and every proof leads to the root', () => {
    const plan = planClaimRound([ent(addr(3), 850n), ent(addr(1), 90n), ent(addr(2), 0n), ent(addr(4), 45n, 'ESCROW'), ent(addr(6), 5n, 'ESCROW'), ent(addr(5), 70n, 'EXCLUDE')], { escrow: ESCROW })!
    expect(plan.leaves.map((l) => [l.index, l.kind, l.account, l.amount, l.investorId])).toEqual([
      [0, 'HOLDER', addr(1), 90n, 'inv-0001'],
      [1, 'HOLDER', addr(3), 850n, 'inv-0003'],
      [2, 'ESCROW', ESCROW, 50n, null],
    ])
    expect(plan.leaves[2]!.holders).toEqual([addr(4), addr(6)])
    expect(plan.total).toBe(90n + 850n + 50n)
    for (const l of plan.leaves) expect(verify(l.proof, plan.root, claimLeafHash(l))).toBe(true)
    // A leaf with another amount does not verify.
    expect(verify(plan.leaves[0]!.proof, plan.root, claimLeafHash({ ...plan.leaves[0]!, amount: 91n }))).toBe(false)
  })

  it('has nothing to publish when nobody is paid', () => {
    expect(planClaimRound([ent(addr(1), 0n), ent(addr(2), 10n, 'EXCLUDE')], { escrow: ESCROW })).toBeNull()
  })
})

describe('a stock dividend’s entitlements', () => {
  const h = (holder: string, balance: bigint, extra: Partial<SnapshotHolder> = {}): SnapshotHolder => ({ holder, investorId: holder, country: 'DE', balance, frozen: false, investorStatus: 'ACTIVE', ...extra })
  it('are floored in token units with the remainder reported, withhold nothing, and leave out whoever cannot be minted to', () => {
    const r = computeEntitlements({
      holders: [h('a', 1_000n), h('b', 500n), h('c', 300n, { investorId: null, investorStatus: null }), h('d', 200n, { frozen: true }), h('e', 7n, { investorStatus: 'SUSPENDED' })],
      amountPerToken: 15n,
      totalAmount: null,
      tokenDecimals: 2,
      policy: { frozen: 'PAY', suspended: 'EXCLUDE', kycExpired: 'EXCLUDE' },
      rateOf: () => ({ bps: 0, source: 'NONE' }),
      unpayable: stockUnpayable,
    })
    // 15 units per whole token (100 units): a 150, b 75, c 45, d 30, e floor(1.05) = 1.
    expect(r.items.map((e) => [e.holder, e.gross, e.withheld, e.treatment])).toEqual([
      ['a', 150n, 0n, 'PAY'],
      ['b', 75n, 0n, 'PAY'],
      ['c', 45n, 0n, 'EXCLUDE'],
      ['d', 30n, 0n, 'PAY'],
      ['e', 1n, 0n, 'EXCLUDE'],
    ])
    expect(r.items.find((e) => e.holder === 'c')!.treatmentReason).toMatch(/not a platform investor/)
    expect(r.items.find((e) => e.holder === 'e')!.treatmentReason).toBe('investor suspended')
    expect(r.remainder).toBe((2_007n * 15n) / 100n - 301n)
    expect(r.netTotal).toBe(255n)
    expect(r.excludedTotal).toBe(46n)
  })
})
