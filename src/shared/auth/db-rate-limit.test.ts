// @postgres-pass: one rate-limit bucket counted from several connections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { migrateToLatest } from '../db/migrate.ts'
import { openDatabase, type Database } from '../db/connect.ts'
import { createPostgresDatabase } from '../../test/database.ts'
import { createDbRateLimiter, rateLimitBucketsMigration } from './db-rate-limit.ts'
import { createRateLimiter } from './rate-limit.ts'

/**
 * Two nodes of one service: on PostgreSQL (DATABASE_URL) two connection pools on one database,
 * as two processes would have; on PGlite one embedded database both use.
 */
describe('a rate limit shared by the nodes of a service', () => {
  const nodes: Database<unknown>[] = []
  let drop: (() => Promise<void>) | undefined
  let dbA: Kysely<any>
  let dbB: Kysely<any>

  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      const created = await createPostgresDatabase(process.env.DATABASE_URL)
      drop = created.drop
      nodes.push(await openDatabase({ kind: 'postgres', url: created.url }, 'limits'), await openDatabase({ kind: 'postgres', url: created.url }, 'limits'))
    } else {
      nodes.push(await openDatabase({ kind: 'pglite', dataDir: 'memory://' }, 'limits'))
    }
    await migrateToLatest(nodes[0]!.db as Kysely<unknown>, 'limits', { '0001_rate_limit_buckets': rateLimitBucketsMigration })
    dbA = nodes[0]!.db as Kysely<any>
    dbB = (nodes[1] ?? nodes[0]!).db as Kysely<any>
  })
  afterAll(async () => {
    for (const n of nodes) await n.close()
    await drop?.()
  })

  it('decides exactly as the in-memory bucket for the same calls: burst, refill, Retry-After, per key', async () => {
    const calls: [string, number][] = [
      ['k', 0], ['k', 0], ['k', 0], ['k', 0], ['k', 499], ['k', 500], ['k', 501], ['other', 501],
      ['k', 10_000], ['k', 10_000], ['k', 5_000], ['k', 10_001],
    ]
    const memory = createRateLimiter({ ratePerSecond: 2, burst: 3 })
    const shared = createDbRateLimiter({ db: dbA, ratePerSecond: 2, burst: 3 })
    const fromMemory = calls.map(([k, t]) => memory.take(`same|${k}`, t))
    const fromDb = []
    for (const [k, t] of calls) fromDb.push(await shared.take(`same|${k}`, t))
    expect(fromDb).toEqual(fromMemory)
    expect(fromDb.slice(0, 4)).toEqual([{ allowed: true, remaining: 2 }, { allowed: true, remaining: 1 }, { allowed: true, remaining: 0 }, { allowed: false, retryAfterSeconds: 1 }])
  })

  it('gives two nodes one budget: a principal alternating between them gets the burst once, not twice', async () => {
    const nodeA = createDbRateLimiter({ db: dbA, ratePerSecond: 1, burst: 4 })
    const nodeB = createDbRateLimiter({ db: dbB, ratePerSecond: 1, burst: 4 })
    const allowed: boolean[] = []
    for (let i = 0; i < 8; i++) allowed.push((await (i % 2 ? nodeB : nodeA).take('alice|write', 1_000_000)).allowed)
    expect(allowed).toEqual([true, true, true, true, false, false, false, false])
    // One second later both nodes see the one token that came back.
    expect((await nodeB.take('alice|write', 1_001_000)).allowed).toBe(true)
    expect((await nodeA.take('alice|write', 1_001_000)).allowed).toBe(false)
  })

  it('counts concurrent requests on both nodes exactly: 40 at once against a burst of 10 let 10 through', async () => {
    const nodeA = createDbRateLimiter({ db: dbA, ratePerSecond: 1, burst: 10 })
    const nodeB = createDbRateLimiter({ db: dbB, ratePerSecond: 1, burst: 10 })
    const decisions = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? nodeA : nodeB).take('bob|read', 2_000_000)))
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10)
    expect(decisions.filter((d) => !d.allowed).every((d) => !d.allowed && d.retryAfterSeconds === 1)).toBe(true)
  })

  it('forgets buckets idle for an hour, which have refilled anyway', async () => {
    const limiter = createDbRateLimiter({ db: dbA, ratePerSecond: 1, burst: 1 })
    await limiter.take('carol|read', 5_000_000)
    expect(await limiter.prune(5_000_000 + 3_600_001)).toBeGreaterThanOrEqual(1)
    expect(await limiter.take('carol|read', 5_000_000 + 3_600_002)).toEqual({ allowed: true, remaining: 0 })
  })
})
