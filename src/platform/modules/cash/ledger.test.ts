import { describe, expect, it } from 'vitest'
import { deltasOf } from './ledger.ts'

describe('cash ledger entries', () => {
  const a = 300n
  it.each([
    ['DEPOSIT', 'SETTLED', a, 0n],
    ['RETRACTION', 'SETTLED', -a, 0n],
    ['SUBSCRIPTION_PAYMENT', 'RESERVED', -a, a],
    ['SUBSCRIPTION_PAYMENT', 'SETTLED', 0n, -a],
    ['SUBSCRIPTION_PAYMENT', 'RELEASED', a, -a],
    ['WITHDRAWAL', 'RESERVED', -a, a],
    ['WITHDRAWAL', 'SETTLED', 0n, -a],
    ['WITHDRAWAL', 'RELEASED', a, -a],
  ] as const)('%s %s moves available by %s and reserved by %s', (kind, phase, available, reserved) => {
    expect(deltasOf(kind, phase, a)).toEqual({ available, reserved })
  })

  it('leaves the total as it was when a reservation is released, and lowers it by the amount when it settles', () => {
    const sum = (...ds: { available: bigint; reserved: bigint }[]) => ds.reduce((t, d) => t + d.available + d.reserved, 0n)
    const deposit = deltasOf('DEPOSIT', 'SETTLED', 1_000n)
    expect(sum(deposit, deltasOf('WITHDRAWAL', 'RESERVED', a), deltasOf('WITHDRAWAL', 'RELEASED', a))).toBe(1_000n)
    expect(sum(deposit, deltasOf('WITHDRAWAL', 'RESERVED', a), deltasOf('WITHDRAWAL', 'SETTLED', a))).toBe(700n)
  })
})
