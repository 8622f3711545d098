import { describe, expect, it } from 'vitest'
import { DEFAULT_RETRY_POLICY, nextAttemptAt, retryDelayMs } from './retry-schedule.ts'

const HOUR = 3_600_000

describe('retry schedule', () => {
  it('doubles from 1 s, never exceeds 1 h, and jitter only shortens a delay by up to a quarter', () => {
    for (const random of [() => 0, () => 0.5, () => 0.999999]) {
      let previous = 0
      for (let n = 1; n <= 30; n += 1) {
        const nominal = Math.min(1000 * 2 ** (n - 1), HOUR)
        const d = retryDelayMs(n, DEFAULT_RETRY_POLICY, random)
        expect(d).toBeGreaterThanOrEqual(nominal * 0.75)
        expect(d).toBeLessThanOrEqual(nominal)
        if (nominal < HOUR) expect(d).toBeGreaterThan(previous)
        previous = d
      }
    }
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, () => 0.999999)).toBe(1000)
    expect(retryDelayMs(500, DEFAULT_RETRY_POLICY, () => 0.9999999)).toBeGreaterThan(HOUR - 1000)
  })

  it('spreads deliveries that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(10)))
    expect(delays.size).toBeGreaterThan(10)
  })

  it('gives up on an attempt made 24 h or more after the delivery was scheduled', () => {
    const scheduledAt = new Date(Date.UTC(2026, 0, 1))
    const late = new Date(scheduledAt.getTime() + 24 * HOUR - 1)
    expect(nextAttemptAt({ scheduledAt, attemptAt: late, failedAttempts: 30 })).toBeInstanceOf(Date)
    expect(nextAttemptAt({ scheduledAt, attemptAt: new Date(scheduledAt.getTime() + 24 * HOUR), failedAttempts: 30 })).toBeUndefined()
  })
})
