// @postgres-pass: the index rolled back in one transaction.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { keccak256, toHex } from 'viem'
import { ManualClock } from '../../../shared/clock.ts'
import { createLogger } from '../../../shared/logger.ts'
import { migrateToLatest } from '../../../shared/db/migrate.ts'
import { openTestDatabase, type TestDatabase } from '../../../test/database.ts'
import type { PlatformContext } from '../../context.ts'
import { platformMigrations } from '../../db/migrations.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { findCommonAncestor } from './find-common-ancestor.ts'
import { readIndexerHead } from './indexer-head.ts'
import { rollBackTo } from './roll-back.ts'

// The rollback logic against the database with constructed blocks: a chain is
// a function from height to hash, and a fork is the same function with other
// hashes from some height on.

const hashOf = (fork: string, n: bigint) => keccak256(toHex(`${fork}:${n}`))
/** A canonical chain of `length` blocks that follows fork A below `forkAt` and fork B from there. */
const chain = (length: bigint, forkAt = length) => {
  const calls: bigint[] = []
  const lookup = async (n: bigint) => {
    calls.push(n)
    return n < length ? hashOf(n < forkAt ? 'A' : 'B', n) : null
  }
  return { lookup, calls }
}

describe('finding the common ancestor and rolling back', () => {
  let database: TestDatabase<PlatformDB>
  let db: Kysely<PlatformDB>
  let ctx: PlatformContext

  /** Stores blocks of fork A at these heights, with one Transfer event in each, and the head at the highest. */
  const store = async (numbers: bigint[]) => {
    const now = new Date()
    await db.insertInto('indexer_blocks').values(numbers.map((n) => ({ number: n, hash: hashOf('A', n), parent_hash: hashOf('A', n - 1n), timestamp: n, indexed_at: now }))).execute()
    await db
      .insertInto('indexer_events')
      .values(
        numbers.map((n) => ({
          block_number: n,
          log_index: 0,
          block_hash: hashOf('A', n),
          tx_hash: hashOf('tx', n),
          address: '0x00000000000000000000000000000000000000aa',
          token_id: null,
          kind: 'TRANSFER' as const,
          from_address: '0x0000000000000000000000000000000000000000',
          to_address: '0x00000000000000000000000000000000000000bb',
          amount: 1n,
        })),
      )
      .execute()
    const top = numbers[numbers.length - 1]!
    await db.insertInto('indexer_state').values({ id: 1, head_number: top, head_hash: hashOf('A', top), updated_at: now }).execute()
  }

  beforeAll(async () => {
    database = await openTestDatabase<PlatformDB>('platform', platformMigrations)
    db = database.db
    await migrateToLatest(db as Kysely<unknown>, 'platform', platformMigrations)
    ctx = {
      db,
      clock: new ManualClock(),
      chain: { chainId: 31337 },
      logger: createLogger({ service: 'test', level: 'silent' }),
      eventsCommitted: () => {},
    } as unknown as PlatformContext
  })
  afterAll(async () => {
    await database?.close()
  })
  beforeEach(async () => {
    for (const t of ['indexer_events', 'indexer_blocks', 'indexer_sources', 'indexer_state'] as const) await db.deleteFrom(t).execute()
  })

  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => BigInt(from + i))

  it('keeps the head when the chain still has it', async () => {
    await store(range(0, 40))
    const c = chain(41n)
    expect(await findCommonAncestor(db, c.lookup)).toEqual({ number: 40n, hash: hashOf('A', 40n) })
    expect(c.calls).toEqual([40n])
  })

  it('finds the block below a shallow reorg by walking down from the head', async () => {
    await store(range(0, 40))
    const c = chain(41n, 38n)
    expect((await findCommonAncestor(db, c.lookup))?.number).toBe(37n)
    expect(c.calls).toEqual([40n, 39n, 38n, 37n])
  })

  it('halves the older blocks when the reorg is deeper than the walk, with few chain reads', async () => {
    await store(range(0, 1000))
    const c = chain(1001n, 123n)
    expect((await findCommonAncestor(db, c.lookup))?.number).toBe(122n)
    expect(c.calls.length).toBeLessThan(16 + 1 + 12)
  })

  it('works over sparse blocks (only blocks with events and range ends are stored)', async () => {
    const sparse = [0n, 5n, 12n, 30n, 31n, 47n, 48n, 60n, 61n, 62n, 63n, 64n, 65n, 66n, 67n, 68n, 69n, 70n, 71n, 72n, 90n]
    await store(sparse)
    expect((await findCommonAncestor(db, chain(91n, 13n).lookup))?.number).toBe(12n)
    expect((await findCommonAncestor(db, chain(91n, 31n).lookup))?.number).toBe(30n)
    expect((await findCommonAncestor(db, chain(91n, 71n).lookup))?.number).toBe(70n)
    // The chain got shorter (a rollback to fewer blocks): the blocks past its head do not match either.
    expect((await findCommonAncestor(db, chain(50n).lookup))?.number).toBe(48n)
  })

  it('finds none when every stored block was replaced', async () => {
    await store(range(3, 40))
    expect(await findCommonAncestor(db, chain(41n, 0n).lookup)).toBeNull()
    await db.deleteFrom('indexer_state').execute()
    await db.deleteFrom('indexer_events').execute()
    await db.deleteFrom('indexer_blocks').execute()
    await store(range(3, 8))
    expect(await findCommonAncestor(db, chain(41n, 0n).lookup)).toBeNull()
  })

  it('rolls back to the ancestor: events and blocks above it go, sources read again from it, audited', async () => {
    await store(range(0, 40))
    await db
      .insertInto('indexer_sources')
      .values([
        { address: '0x00000000000000000000000000000000000000aa', kind: 'IDENTITY_REGISTRY', token_id: null, start_block: 0n, synced_to: 40n, created_at: new Date() },
        { address: '0x00000000000000000000000000000000000000cc', kind: 'IDENTITY_REGISTRY', token_id: null, start_block: 35n, synced_to: 40n, created_at: new Date() },
        { address: '0x00000000000000000000000000000000000000dd', kind: 'IDENTITY_REGISTRY', token_id: null, start_block: 10n, synced_to: 15n, created_at: new Date() },
      ])
      .execute()
    const head = await readIndexerHead(db)
    const ancestor = await findCommonAncestor(db, chain(41n, 31n).lookup)
    expect(ancestor?.number).toBe(30n)

    // Another indexer moved the head meanwhile: this one changes nothing.
    expect((await rollBackTo(ctx, { number: 39n, hash: hashOf('A', 39n) }, ancestor)).applied).toBe(false)
    expect((await readIndexerHead(db)).number).toBe(40n)

    expect(await rollBackTo(ctx, head, ancestor)).toEqual({ applied: true, removedBlocks: 10, removedEvents: 10 })
    expect(await readIndexerHead(db)).toEqual({ number: 30n, hash: hashOf('A', 30n) })
    const maxEvent = await db.selectFrom('indexer_events').select((eb) => eb.fn.max('block_number').as('n')).executeTakeFirstOrThrow()
    expect(BigInt(maxEvent.n!)).toBe(30n)
    expect(await db.selectFrom('indexer_blocks').select('number').where('hash', '=', hashOf('A', 31n)).execute()).toEqual([])
    const sources = await db.selectFrom('indexer_sources').select(['address', 'synced_to']).orderBy('address').execute()
    // Back to the ancestor; a source that starts above it goes back to just before its start; one below it is untouched.
    expect(sources.map((s) => s.synced_to)).toEqual([30n, 34n, 15n])
    const audit = await db.selectFrom('audit_entries').selectAll().where('action', '=', 'indexer.reorg_rolled_back').execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor: 'system:indexer', target_type: 'chain', target_id: '31337' })
  })
})
