// @postgres-pass: a replayed signature refused across connections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import { migrateToLatest } from '../db/migrate.ts'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import { apiRequestNoncesMigration, createDbReplayCache, createMemoryReplayCache } from './replay-cache.ts'

const sig = (i: number) => i.toString(16).padStart(64, '0')

describe('in-memory replay cache', () => {
  it('accepts a signature once, until it expires', async () => {
    const cache = createMemoryReplayCache()
    expect(await cache.checkAndRemember(sig(1), 60_000, 0)).toBe(true)
    expect(await cache.checkAndRemember(sig(1), 60_000, 59_999)).toBe(false)
    expect(await cache.checkAndRemember(sig(2), 60_000, 59_999)).toBe(true)
  })

  it('forgets expired signatures so memory follows the live window', async () => {
    const cache = createMemoryReplayCache()
    for (let i = 0; i < 10_000; i++) await cache.checkAndRemember(sig(i), i + 30_000, i)
    expect(cache.size).toBeLessThanOrEqual(31_000)
    await cache.checkAndRemember(sig(1_000_000), 200_000, 100_000)
    expect(cache.size).toBe(1)
  })

  it('refuses with a retryable 503 rather than forget a live signature when full', async () => {
    const cache = createMemoryReplayCache({ maxEntries: 3 })
    for (let i = 0; i < 3; i++) expect(await cache.checkAndRemember(sig(i), 60_000, 0)).toBe(true)
    await expect(cache.checkAndRemember(sig(9), 60_000, 1)).rejects.toMatchObject({ code: 'AUTH_REPLAY_CACHE_FULL', status: 503, retryable: true })
    expect(await cache.checkAndRemember(sig(0), 60_000, 1)).toBe(false)
    expect(await cache.checkAndRemember(sig(9), 120_000, 60_000)).toBe(true)
  })
})

describe('database replay cache (several API nodes on one database)', () => {
  let t: TestDatabase<any>
  beforeAll(async () => {
    t = await openTestDatabase<any>('auth_replay')
    await migrateToLatest(t.db as Kysely<unknown>, t.schema, { '0001_api_request_nonces': apiRequestNoncesMigration })
  })
  afterAll(() => t?.close())

  it('lets exactly one of two nodes accept the same signature', async () => {
    const nodeA = createDbReplayCache({ db: t.db })
    const nodeB = createDbReplayCache({ db: t.db })
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? nodeA : nodeB).checkAndRemember(sig(42), 60_000, 0)))
    expect(results.filter(Boolean)).toHaveLength(1)
    expect(await nodeB.checkAndRemember(sig(43), 60_000, 0)).toBe(true)
  })

  it('prunes rows whose window has closed', async () => {
    const cache = createDbReplayCache({ db: t.db, pruneIntervalMs: 1_000 })
    await cache.checkAndRemember(sig(100), 70_000, 10_000)
    expect(await cache.prune(60_000)).toBe(2)
    await cache.checkAndRemember(sig(101), 200_000, 100_000)
    const left = await sql<{ signature: string }>`select signature from api_request_nonces order by signature`.execute(t.db)
    expect(left.rows.map((r) => r.signature)).toEqual([sig(101)])
  })
})

describe('database replay cache, concurrent checks on one node', () => {
  let t: TestDatabase<any>
  let inserts = 0
  let db: Kysely<any>
  beforeAll(async () => {
    t = await openTestDatabase<any>('auth_replay_group')
    await migrateToLatest(t.db as Kysely<unknown>, t.schema, { '0001_api_request_nonces': apiRequestNoncesMigration })
    // Counts the INSERT statements the cache sends, to show that concurrent checks share one.
    db = t.db.withPlugin({
      transformQuery: (a) => {
        if (a.node.kind === 'InsertQueryNode') inserts++
        return a.node
      },
      transformResult: async (a) => a.result,
    })
  })
  afterAll(() => t?.close())

  async function recorded(): Promise<string[]> {
    const r = await sql<{ signature: string }>`select signature from api_request_nonces order by signature`.execute(t.db)
    return r.rows.map((row) => row.signature)
  }

  it('writes a group of concurrent checks in one insert and lets exactly one of a duplicate through', async () => {
    const cache = createDbReplayCache({ db })
    inserts = 0
    const [a, other, b, another, c] = await Promise.all([sig(200), sig(201), sig(200), sig(202), sig(200)].map((s) => cache.checkAndRemember(s, 60_000, 0)))
    expect([a, b, c].filter(Boolean)).toHaveLength(1)
    expect([other, another]).toEqual([true, true])
    expect(inserts).toBe(1)
    expect(await recorded()).toEqual([sig(200), sig(201), sig(202)])
  })

  it('refuses a replay in a later group, also one sent while the first is being written', async () => {
    const cache = createDbReplayCache({ db })
    inserts = 0
    const first = cache.checkAndRemember(sig(300), 60_000, 0)
    await Promise.resolve() // the first group is now being written
    const whileInFlight = cache.checkAndRemember(sig(300), 60_000, 0)
    const other = cache.checkAndRemember(sig(301), 60_000, 0)
    expect([await first, await whileInFlight, await other]).toEqual([true, false, true])
    expect(inserts).toBe(2)
    const later = await Promise.all([sig(301), sig(302), sig(200)].map((s) => cache.checkAndRemember(s, 60_000, 1)))
    expect(later).toEqual([false, true, false])
  })

  it('rejects every member of a group whose insert fails and records none of them', async () => {
    const cache = createDbReplayCache({ db })
    const before = await recorded()
    // PostgreSQL text cannot hold a NUL byte: the database refuses the whole statement.
    const group = [sig(400), 'not\u0000storable', sig(401)].map((s) => cache.checkAndRemember(s, 60_000, 0))
    await Promise.resolve()
    const next = cache.checkAndRemember(sig(402), 60_000, 0)
    const settled = await Promise.allSettled(group)
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected'])
    const reasons = settled.map((s) => (s as PromiseRejectedResult).reason)
    expect(String(reasons[0]?.message)).toMatch(/0x00/)
    expect(reasons[1]).toBe(reasons[0])
    expect(reasons[2]).toBe(reasons[0])
    expect(await next).toBe(true)
    expect(await recorded()).toEqual([...before, sig(402)].sort())
    expect(await Promise.all([sig(400), sig(401)].map((s) => cache.checkAndRemember(s, 60_000, 1)))).toEqual([true, true])
  })

  it('splits a burst larger than one statement and still lets each signature through once', async () => {
    const cache = createDbReplayCache({ db })
    // Every signature twice, the second time in a later statement than the first for some of them.
    const checks = Array.from({ length: 1_400 }, (_, i) => sig(10_000 + (i % 700)))
    inserts = 0
    const results = await Promise.all(checks.map((s) => cache.checkAndRemember(s, 60_000, 0)))
    expect(results.slice(0, 700).every(Boolean)).toBe(true)
    expect(results.slice(700).some(Boolean)).toBe(false)
    expect(inserts).toBe(3)
  })
})
