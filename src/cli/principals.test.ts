import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { createApiKeyStore, type ApiKeyStore } from '../shared/auth/api-key-store.ts'
import { ManualClock } from '../shared/clock.ts'
import { migrateToLatest } from '../shared/db/migrate.ts'
import { custodyMigrations } from '../custody/db/migrations.ts'
import { openTestDatabase, type TestDatabase } from '../test/database.ts'
import { bootstrapPrincipal } from './principals.ts'

/** The bootstrap ceremony on custody: the first admins, audited, then closed in favour of the quorum. */
describe('custos principals add', () => {
  let t: TestDatabase<any>
  let store: ApiKeyStore
  const clock = new ManualClock()

  beforeAll(async () => {
    t = await openTestDatabase<any>('principals_ceremony')
    await migrateToLatest(t.db as Kysely<unknown>, t.schema, custodyMigrations)
    store = createApiKeyStore({ db: t.db, encryptionKey: randomBytes(32), clock })
  })
  afterAll(async () => {
    await t?.close()
  })

  const admin = (name: string) =>
    bootstrapPrincipal({ db: t.db, store, clock, service: 'custody', operator: 'ops lead', name, kind: 'person', role: 'admin', scopes: ['read', 'admin'], groups: ['admins'], closeAtAdmins: 3 })

  it('makes the first admins as distinct principals, audits each with the operator, then closes', async () => {
    const made = [await admin('Ada'), await admin('Ben'), await admin('Cy')]
    expect(new Set(made.map((m) => m.principalId)).size).toBe(3)
    expect((await store.lookupKey(made[0]!.keyId))?.principalId).toBe(made[0]!.principalId)
    const trail = await t.db.selectFrom('audit_entries').select(['actor', 'action', 'target_id']).where('action', '=', 'principal.bootstrapped').execute()
    expect(trail.map((e: { actor: string }) => e.actor)).toEqual(['operator:ops lead', 'operator:ops lead', 'operator:ops lead'])
    await expect(admin('Dee')).rejects.toMatchObject({ code: 'BOOTSTRAP_CLOSED', status: 409 })
  })
})
