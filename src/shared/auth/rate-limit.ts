export interface RateLimitOptions {
  /** Sustained requests per second per key (default 50). */
  ratePerSecond?: number
  /** Requests a key may make at once after being idle (default 100). */
  burst?: number
  /** Per-key override, e.g. a higher budget for a service-to-service key. */
  limitsFor?: (key: string) => { ratePerSecond: number; burst: number } | undefined
  /** Buckets kept at most; idle (full) buckets are dropped first (default 10,000). */
  maxKeys?: number
}

export type RateLimitDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number }

/** A token bucket per key: in this process ({@link createRateLimiter}) or shared by every node through the database (`createDbRateLimiter`). */
export interface RateLimiter {
  /** Spends one token of `key`'s bucket at `nowMs` if it has one. */
  take(key: string, nowMs: number): RateLimitDecision | Promise<RateLimitDecision>
}

export interface MemoryRateLimiter extends RateLimiter {
  take(key: string, nowMs: number): RateLimitDecision
  /** Buckets held now. */
  readonly size: number
}

interface Bucket {
  tokens: number
  atMs: number
  rate: number
  burst: number
}

/**
 * A token bucket per key, in process memory. With N API nodes a key may make
 * up to N times the configured rate: several nodes share one budget through
 * `createDbRateLimiter` instead.
 *
 * @example
 * const limiter = createRateLimiter({ ratePerSecond: 50, burst: 100 })
 * const d = limiter.take(principal.keyId, clock.now().getTime())
 * if (!d.allowed) reply.header('retry-after', String(d.retryAfterSeconds))
 */
export function createRateLimiter(opts: RateLimitOptions = {}): MemoryRateLimiter {
  const defaults = { ratePerSecond: opts.ratePerSecond ?? 50, burst: opts.burst ?? 100 }
  const maxKeys = opts.maxKeys ?? 10_000
  for (const [name, v] of Object.entries(defaults)) {
    if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`rate limit ${name} must be a positive number (got ${v})`)
  }
  const buckets = new Map<string, Bucket>()

  function refill(b: Bucket, nowMs: number): void {
    const elapsed = Math.max(0, nowMs - b.atMs)
    b.tokens = Math.min(b.burst, b.tokens + (elapsed * b.rate) / 1000)
    b.atMs = Math.max(b.atMs, nowMs)
  }

  function evict(nowMs: number): void {
    for (const [k, b] of buckets) {
      refill(b, nowMs)
      if (b.tokens >= b.burst) buckets.delete(k)
    }
    // Every bucket busy: forget the least recently used rather than grow without bound.
    while (buckets.size >= maxKeys) {
      const oldest = buckets.keys().next().value
      if (oldest === undefined) break
      buckets.delete(oldest)
    }
  }

  return {
    get size() {
      return buckets.size
    },
    take(key, nowMs) {
      let b = buckets.get(key)
      if (b) {
        buckets.delete(key)
        refill(b, nowMs)
      } else {
        if (buckets.size >= maxKeys) evict(nowMs)
        const limits = opts.limitsFor?.(key) ?? defaults
        b = { tokens: limits.burst, atMs: nowMs, rate: limits.ratePerSecond, burst: limits.burst }
      }
      buckets.set(key, b)
      if (b.tokens >= 1) {
        b.tokens -= 1
        return { allowed: true, remaining: Math.floor(b.tokens) }
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / b.rate)) }
    },
  }
}
