import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { ManualClock } from '../../../shared/clock.ts'
import { createLogger } from '../../../shared/logger.ts'
import { migrateToLatest } from '../../../shared/db/migrate.ts'
import { openTestDatabase, type TestDatabase } from '../../../test/database.ts'
import type { PlatformContext } from '../../context.ts'
import { platformMigrations } from '../../db/migrations.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { notifyReleasedLots } from './lockup-scan.ts'

// The release announcement against the database alone: lots as the scan records them,
// the business clock moved by hand, the webhook outbox read back.

const DAY = 86_400_000
const ALICE = '0x00000000000000000000000000000000000000A1'
const BOB = '0x00000000000000000000000000000000000000B2'

describe('lockup.released, once per lot', () => {
  let database: TestDatabase<PlatformDB>
  let db: Kysely<PlatformDB>
  let ctx: PlatformContext
  let clock: ManualClock
  const start = new Date('2027-01-01T00:00:00Z')

  const released = async () =>
    (await db.selectFrom('webhook_events').select(['type', 'resource_id', 'data']).where('type', '=', 'lockup.released').orderBy('occurred_at').orderBy('resource_id').execute()).map(
      (e) => e.data as { tokenId: string; investorId: string | null; address: string; amount: string; releasedAt: string },
    )

  beforeAll(async () => {
    database = await openTestDatabase<PlatformDB>('platform', platformMigrations)
    db = database.db
    await migrateToLatest(db as Kysely<unknown>, 'platform', platformMigrations)
    clock = new ManualClock(start)
    ctx = { db, clock, logger: createLogger({ service: 'test', level: 'silent' }), eventsCommitted: () => {} } as unknown as PlatformContext
    const at = start
    await db
      .insertInto('tokens')
      .values({ id: 'tok-1', name: 'Locked Fund', symbol: 'LOCK', decimals: 0, claim_topics: '[]', compliance: '{}', salt: 's', status: 'ACTIVE', status_reason: null, token_address: null, identity_registry: null, identity_registry_storage: null, compliance_address: null, trusted_issuers_registry: null, claim_topics_registry: null, modules: '[]', deploy_tx_hash: null, deploy_block: null, created_by: 'test', created_at: at, updated_at: at })
      .execute()
    await db
      .insertInto('investors')
      .values({ id: 'inv-alice', name: 'Alice', email: 'a@example.org', country: 'DE', type: 'individual', accreditation: null, external_ref: null, wallet_addresses: '[]', request_hash: 'h', status: 'ACTIVE', vault_id: 'v1', wallet_address: ALICE, identity_address: null, claim_seq: 1, created_by: 'test', created_at: at, updated_at: at } as never)
      .execute()
    const lot = (wallet: string, releaseDays: number, amount: string) => ({ token_id: 'tok-1', wallet, release_at: new Date(start.getTime() + releaseDays * DAY), amount, first_seen_block: 1n, created_at: at, updated_at: at })
    // Alice: two lots (30 and 60 days); Bob: one lot at 30 days, and one fully taken by a forced transfer (amount 0).
    await db.insertInto('lockup_lots').values([lot(ALICE, 30, '100'), lot(ALICE, 60, '40'), lot(BOB, 30, '7'), lot(BOB, 31, '0')]).execute()
  })
  afterAll(async () => {
    await database?.close()
  })

  it('announces nothing before a release, each due lot once, and a taken lot never', async () => {
    clock.set(new Date(start.getTime() + 29 * DAY))
    expect(await notifyReleasedLots(ctx)).toBe(0)

    clock.set(new Date(start.getTime() + 45 * DAY))
    expect(await notifyReleasedLots(ctx)).toBe(2)
    expect(await notifyReleasedLots(ctx)).toBe(0)
    expect(await released()).toEqual(
      expect.arrayContaining([
        { tokenId: 'tok-1', investorId: 'inv-alice', address: ALICE, amount: '100', releasedAt: new Date(start.getTime() + 30 * DAY).toISOString() },
        { tokenId: 'tok-1', investorId: null, address: BOB, amount: '7', releasedAt: new Date(start.getTime() + 30 * DAY).toISOString() },
      ]),
    )

    clock.set(new Date(start.getTime() + 90 * DAY))
    const [a, b] = await Promise.all([notifyReleasedLots(ctx), notifyReleasedLots(ctx)])
    expect(a + b).toBe(1)
    const all = await released()
    expect(all).toHaveLength(3)
    expect(all.filter((e) => e.amount === '40')).toHaveLength(1)
    expect(await db.selectFrom('lockup_lots').select('wallet').where('released_notified_at', 'is', null).execute()).toEqual([{ wallet: BOB }])
    const audit = await db.selectFrom('audit_entries').select('action').where('action', '=', 'token.lockup_released').execute()
    expect(audit).toHaveLength(3)
  })
})
