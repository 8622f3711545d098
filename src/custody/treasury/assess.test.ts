import { describe, expect, it } from 'vitest'
import { assessBalance, boundsProblem, proposalExternalTxId } from './assess.ts'

const b = { floor: 100n, target: 500n, ceiling: 1000n }

describe('treasury arithmetic', () => {
  it('tops up to the target strictly below the floor', () => {
    expect(assessBalance(99n, b)).toEqual({ state: 'BELOW_FLOOR', proposal: { direction: 'TOPUP', amount: 401n } })
    expect(assessBalance(0n, b)).toEqual({ state: 'BELOW_FLOOR', proposal: { direction: 'TOPUP', amount: 500n } })
  })
  it('sweeps down to the target strictly above the ceiling', () => {
    expect(assessBalance(1001n, b)).toEqual({ state: 'ABOVE_CEILING', proposal: { direction: 'SWEEP', amount: 501n } })
    const huge = 2n ** 255n
    expect(assessBalance(huge, b).proposal?.amount).toBe(huge - 500n)
  })
  it('does nothing at the bounds or between them', () => {
    for (const x of [100n, 500n, 1000n, 777n]) expect(assessBalance(x, b)).toEqual({ state: 'OK', proposal: null })
  })
  it('accepts only floor < target < ceiling', () => {
    expect(boundsProblem(b)).toBeNull()
    expect(boundsProblem({ floor: 0n, target: 1n, ceiling: 2n })).toBeNull()
    expect(boundsProblem({ ...b, floor: 500n })).toMatch(/floor/)
    expect(boundsProblem({ ...b, ceiling: 500n })).toMatch(/ceiling/)
    expect(boundsProblem({ ...b, floor: -1n })).toMatch(/negative/)
  })
  it('names one proposal per rule and episode', () => {
    expect(proposalExternalTxId('r1', 3)).toBe('treasury:r1:3')
    expect(proposalExternalTxId('r1', 3)).toBe(proposalExternalTxId('r1', 3))
    expect(proposalExternalTxId('r1', 4)).not.toBe(proposalExternalTxId('r1', 3))
  })
})
