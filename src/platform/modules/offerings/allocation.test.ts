import { describe, expect, it } from 'vitest'
import { allocationOf, investmentStep } from './allocation.ts'

describe('allocation', () => {
  it('buys floor(amount × 10^decimals / price) base units and reports the rest', () => {
    // 1,000 cUSD at 50 cUSD per token of 2 decimals: 20.00 tokens.
    expect(allocationOf(1_000_000_000n, 50_000_000n, 2)).toEqual({ units: 2000n, remainder: 0n })
    expect(allocationOf(1_500_000n, 1_000_000n, 0)).toEqual({ units: 1n, remainder: 500_000n })
    expect(allocationOf(999_999n, 1_000_000n, 0)).toEqual({ units: 0n, remainder: 999_999n })
    // 18 decimals at 3 cUSD per token: a third of the amount, scaled.
    expect(allocationOf(3n, 3_000_000n, 18)).toEqual({ units: 10n ** 12n, remainder: 0n })
  })

  it('gives the smallest amount that buys whole base units; every exact amount is a multiple of it', () => {
    expect(investmentStep(1_000_000n, 0)).toBe(1_000_000n)
    expect(investmentStep(50_000_000n, 2)).toBe(500_000n)
    expect(investmentStep(1_500_000n, 18)).toBe(3n)
    for (const [price, decimals] of [[1_500_000n, 18], [7_777n, 3], [50_000_000n, 2]] as const) {
      const step = investmentStep(price, decimals)
      expect(allocationOf(step * 7n, price, decimals).remainder).toBe(0n)
      if (step > 1n) expect(allocationOf(step * 7n + 1n, price, decimals).remainder).not.toBe(0n)
    }
  })
})
