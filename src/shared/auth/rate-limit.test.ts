import { describe, expect, it } from 'vitest'
import { createRateLimiter } from './rate-limit.ts'

describe('per-key token bucket', () => {
  it('allows a burst, then refills at the configured rate', () => {
    const limiter = createRateLimiter({ ratePerSecond: 2, burst: 3 })
    const t0 = 1_000_000
    expect([1, 2, 3].map(() => limiter.take('k', t0).allowed)).toEqual([true, true, true])
    expect(limiter.take('k', t0)).toEqual({ allowed: false, retryAfterSeconds: 1 })
    expect(limiter.take('k', t0 + 499).allowed).toBe(false)
    expect(limiter.take('k', t0 + 500).allowed).toBe(true)
    expect(limiter.take('k', t0 + 10_000)).toEqual({ allowed: true, remaining: 2 })
  })

  it('keeps keys apart and rounds Retry-After up to whole seconds', () => {
    const limiter = createRateLimiter({ ratePerSecond: 0.25, burst: 1 })
    expect(limiter.take('a', 0).allowed).toBe(true)
    expect(limiter.take('b', 0).allowed).toBe(true)
    expect(limiter.take('a', 1_000)).toEqual({ allowed: false, retryAfterSeconds: 3 })
  })

  it('defaults to 50 per second with a burst of 100', () => {
    const limiter = createRateLimiter()
    const allowed = Array.from({ length: 101 }, () => limiter.take('k', 0).allowed)
    expect(allowed.filter(Boolean).length).toBe(100)
    expect(limiter.take('k', 20).allowed).toBe(true)
  })

  it('stays bounded, dropping refilled buckets first so a drained key is not handed a fresh burst', () => {
    const limiter = createRateLimiter({ ratePerSecond: 1, burst: 1, maxKeys: 3 })
    limiter.take('a', 0)
    limiter.take('b', 0)
    expect(limiter.take('busy', 5_000).allowed).toBe(true)
    expect(limiter.take('new', 5_000).allowed).toBe(true)
    expect(limiter.take('busy', 5_000).allowed).toBe(false)
    for (let i = 0; i < 1_000; i++) limiter.take(`k-${i}`, 10_000 + i * 1_000)
    expect(limiter.size).toBeLessThanOrEqual(3)
  })
})
