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
