// @postgres-pass: every workflow kind the database accepts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { migrateToLatest } from '../../shared/db/migrate.ts'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import { platformMigrations } from '../db/migrations.ts'
import type { PlatformDB } from '../db/schema.ts'
import { WORKFLOW_KINDS } from './tables.ts'

/**
 * Modules add workflow kinds in their own migrations, each re-stating the
 * database's check; a kind the engine knows but the check forgets would fail
 * only when that workflow first starts. After every migration, the database
 * accepts each kind the engine lists, and refuses one it does not.
 */
describe('workflow kinds', () => {
  let database: TestDatabase<PlatformDB>

  beforeAll(async () => {
    database = await openTestDatabase<PlatformDB>('platform', platformMigrations)
    await migrateToLatest(database.db as Kysely<unknown>, 'platform', platformMigrations)
  })
  afterAll(async () => {
    await database?.close()
  })

  const row = (kind: string, i: number) => ({
    id: `wf-kind-${i}`,
    investor_id: 'kinds',
    kind: kind as (typeof WORKFLOW_KINDS)[number],
    step: 'start',
    status: 'DONE' as const,
    state: '{}',
    attempts: 0,
    next_run_at: new Date(),
    created_at: new Date(),
    updated_at: new Date(),
  })

  it('the database accepts every kind the engine lists', async () => {
    for (const [i, kind] of WORKFLOW_KINDS.entries()) {
      await database.db.insertInto('workflows').values(row(kind, i)).execute()
    }
    const stored = await database.db.selectFrom('workflows').select('kind').where('investor_id', '=', 'kinds').execute()
    expect(stored.map((r) => r.kind).sort()).toEqual([...WORKFLOW_KINDS].sort())
  })

  it('and refuses a kind it does not know', async () => {
    await expect(database.db.insertInto('workflows').values(row('NO_SUCH_KIND', 999)).execute()).rejects.toThrow(/workflows_kind_check/)
  })
})
