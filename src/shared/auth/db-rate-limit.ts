import { sql, type Kysely, type Migration } from 'kysely'
import { createRateLimiter, type RateLimitDecision, type RateLimiter, type RateLimitOptions } from './rate-limit.ts'

export interface DbRateLimitOptions extends Omit<RateLimitOptions, 'maxKeys'> {
  db: Kysely<any>
  /** How often idle buckets are deleted, at most (default 60 s); a bucket idle this long is full anyway for any limit whose burst refills within it. */
  pruneIntervalMs?: number
}

/** Buckets idle longer than this are deleted (they have long refilled to their burst). */
const IDLE_MS = 3_600_000

/**
 * The token bucket of {@link createRateLimiter}, kept in the service's database so that
 * every node of the service spends from one budget per key: N API nodes allow the
 * configured rate, not N times it. Each request is one atomic upsert of its bucket
 * (refill by the time elapsed, spend one token if there is one), so concurrent requests
 * on several nodes are counted exactly; the row lock orders them. Same decisions as the
 * in-memory bucket for the same sequence of calls.
 *
 * @example
 * const limiter = createDbRateLimiter({ db, ratePerSecond: 50, burst: 100 })
 * const d = await limiter.take(`${principalId}|write`, clock.now().getTime())
 */
export function createDbRateLimiter(opts: DbRateLimitOptions): RateLimiter & { prune(nowMs: number): Promise<number> } {
  const defaults = { ratePerSecond: opts.ratePerSecond ?? 50, burst: opts.burst ?? 100 }
  for (const [name, v] of Object.entries(defaults)) {
    if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`rate limit ${name} must be a positive number (got ${v})`)
  }
  const pruneIntervalMs = opts.pruneIntervalMs ?? 60_000
  let nextPruneAt = 0

  async function prune(nowMs: number): Promise<number> {
    const res = await sql`delete from rate_limit_buckets where at_ms < ${nowMs - IDLE_MS}`.execute(opts.db)
    return Number(res.numAffectedRows ?? 0n)
  }

  return {
    prune,
    async take(key, nowMs): Promise<RateLimitDecision> {
      if (nowMs >= nextPruneAt) {
        nextPruneAt = nowMs + pruneIntervalMs
        // A failed prune must not refuse the request: the next one due tries again.
        await prune(nowMs).catch(() => undefined)
      }
      const { ratePerSecond: rate, burst } = opts.limitsFor?.(key) ?? defaults
      const now = Math.trunc(nowMs)
      // The refilled level, as the in-memory bucket computes it: never above the burst, never back in time.
      const level = sql`least(${burst}::float8, rate_limit_buckets.tokens + greatest(0, ${now}::int8 - rate_limit_buckets.at_ms) * ${rate}::float8 / 1000.0)`
      const { rows } = await sql<{ tokens: number; allowed: boolean }>`
        insert into rate_limit_buckets as rate_limit_buckets (key, tokens, at_ms, allowed)
        values (${key}, ${burst - 1}::float8, ${now}::int8, true)
        on conflict (key) do update set
          tokens = case when ${level} >= 1 then ${level} - 1 else ${level} end,
          at_ms = greatest(rate_limit_buckets.at_ms, ${now}::int8),
          allowed = ${level} >= 1
        returning tokens, allowed`.execute(opts.db)
      const row = rows[0]!
      const tokens = Number(row.tokens)
      if (row.allowed) return { allowed: true, remaining: Math.floor(tokens) }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / rate)) }
    },
  }
}

export interface RateLimitBucketsTable {
  key: string
  tokens: number
  at_ms: bigint
  allowed: boolean
}

/** One row per rate-limit bucket (principal and route class), shared by the service's nodes. */
export const rateLimitBucketsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table rate_limit_buckets (
      key text primary key,
      tokens double precision not null,
      at_ms bigint not null,
      allowed boolean not null
    )`.execute(db)
    await sql`create index rate_limit_buckets_idle on rate_limit_buckets (at_ms)`.execute(db)
  },
}

export type RateLimitStore = 'auto' | 'memory' | 'database'

/**
 * The limiter a service node uses: shared through the database when the service runs on
 * PostgreSQL (where several nodes may serve one database), in memory on PGlite (one
 * process), unless the operator names the store.
 */
export function createServiceRateLimiter(opts: { store: RateLimitStore; databaseKind: 'pglite' | 'postgres'; db: Kysely<any>; ratePerSecond: number; burst: number }): RateLimiter {
  const shared = opts.store === 'database' || (opts.store === 'auto' && opts.databaseKind === 'postgres')
  return shared ? createDbRateLimiter({ db: opts.db, ratePerSecond: opts.ratePerSecond, burst: opts.burst }) : createRateLimiter({ ratePerSecond: opts.ratePerSecond, burst: opts.burst })
}
