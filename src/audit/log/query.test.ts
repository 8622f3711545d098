// @postgres-pass: the audit log’s filters and cursors in SQL.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditActor } from '../../shared/auth/audit-actor.ts'
import { ManualClock } from '../../shared/clock.ts'
import { migrateToLatest } from '../../shared/db/migrate.ts'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import { verifyAuditExport } from '../verify/verify-export.ts'
import { appendAuditBatch } from './append.ts'
import { createCheckpoint } from './checkpoint.ts'
import { exportAudit } from './export.ts'
import { generateLogKey, logSignerFromSkey } from './log-key.ts'
import { auditActorPrincipalIndexMigration, auditLogMigration } from './migrations.ts'
import { listAuditEntries, type AuditEntry } from './query.ts'
import type { AuditTables } from './schema.ts'

const t0 = Date.UTC(2026, 2, 1)

describe('querying the audit log', () => {
  let t: TestDatabase<AuditTables>
  let db: Kysely<AuditTables>
  beforeAll(async () => {
    t = await openTestDatabase<AuditTables>('audit_query')
    db = t.db
    await migrateToLatest(db as Kysely<unknown>, t.schema, { '0001_audit': auditLogMigration })
    await appendAuditBatch(
      db,
      Array.from({ length: 30 }, (_, i) => ({
        at: new Date(t0 + i * 60_000),
        actor: i % 3 === 0 ? 'user:alice' : 'user:bob',
        action: i % 2 === 0 ? 'transfer.create' : 'transfer.approve',
        targetType: 'transfer',
        targetId: `t${i % 5}`,
        correlationId: `req-${Math.floor(i / 10)}`,
      })),
    )
  })
  afterAll(() => t.close())

  const seqs = (items: AuditEntry[]) => items.map((e) => Number(e.seq))

  it('filters by actor, action, target, correlation id and time range together', async () => {
    expect(seqs((await listAuditEntries(db, { actor: 'user:alice' })).items)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27])
    expect(seqs((await listAuditEntries(db, { actor: 'user:alice', action: 'transfer.approve' })).items)).toEqual([3, 9, 15, 21, 27])
    expect(seqs((await listAuditEntries(db, { targetType: 'transfer', targetId: 't2' })).items)).toEqual([2, 7, 12, 17, 22, 27])
    expect(seqs((await listAuditEntries(db, { correlationId: 'req-2', action: 'transfer.create' })).items)).toEqual([20, 22, 24, 26, 28])
    expect(seqs((await listAuditEntries(db, { from: new Date(t0 + 10 * 60_000), to: new Date(t0 + 13 * 60_000) })).items)).toEqual([10, 11, 12])
  })

  it('pages with an opaque cursor, oldest or newest first, without gaps or repeats', async () => {
    const seen: number[] = []
    let cursor: string | undefined
    do {
      const page = await listAuditEntries(db, { actor: 'user:bob', limit: 7, ...(cursor && { cursor }) })
      seen.push(...seqs(page.items))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 3 !== 0))
    const newest = await listAuditEntries(db, { order: 'desc', limit: 2 })
    expect(seqs(newest.items)).toEqual([29, 28])
    expect(seqs((await listAuditEntries(db, { order: 'desc', limit: 2, cursor: newest.nextCursor! })).items)).toEqual([27, 26])
  })

  it('returns entries with their hashes and refuses a forged cursor or limit', async () => {
    const [e] = (await listAuditEntries(db, { limit: 1 })).items
    expect(e).toMatchObject({ seq: 0n, actor: 'user:alice', at: new Date(t0), before: null, details: null })
    expect(e!.prevHash).toBe('0'.repeat(64))
    expect(e!.entryHash).toMatch(/^[0-9a-f]{64}$/)
    await expect(listAuditEntries(db, { cursor: "1; drop table audit_entries" })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await expect(listAuditEntries(db, { limit: 5000 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
  })
})

/**
 * The "who" of an entry is a principal: one person acting through two keys, a key rotated
 * from one of them and a console session reads as one actor, older entries of its keys
 * (`apikey:<id>`) included; and a log mixing both forms still verifies.
 */
describe('querying the audit log by principal', () => {
  let t: TestDatabase<AuditTables>
  let db: Kysely<AuditTables>
  const alice = { principalId: 'pr_alice', principalKind: 'person' as const }
  const platform = { principalId: 'pr_platform', principalKind: 'service' as const }
  beforeAll(async () => {
    t = await openTestDatabase<AuditTables>('audit_query_principal')
    db = t.db
    await migrateToLatest(db as Kysely<unknown>, t.schema, { '0001_audit': auditLogMigration, '0002_actor_principal': auditActorPrincipalIndexMigration })
    const actors = [
      'apikey:ck_alice_old', // 0: written before actors named principals
      auditActor({ ...alice, keyId: 'ck_alice_1' }), // 1
      auditActor({ ...alice, keyId: 'ck_alice_2' }), // 2: her second key
      auditActor({ ...alice, keyId: 'ck_alice_1b' }), // 3: rotated from her first
      auditActor({ ...alice, keyId: 'pr_alice', sessionId: 'cs_1' }), // 4: her console session
      auditActor({ principalId: 'pr_alice_2', keyId: 'ck_x' }), // 5: another person whose id starts alike
      auditActor({ ...platform, keyId: 'ck_platform', onBehalfOf: 'platform:person:pr_bob/apikey:pk_7' }), // 6
      auditActor({ ...platform, keyId: 'ck_platform', onBehalfOf: 'platform:person:pr_bo' }), // 7
      'console:pr_alice/session:cs_0', // 8: an older console actor
    ]
    await appendAuditBatch(db, actors.map((actor, i) => ({ at: new Date(t0 + i * 1000), actor, action: 'thing.done', targetId: `t${i}` })))
  })
  afterAll(() => t.close())

  it('finds every entry of one person through any key, rotation or session, and what a service did for someone', async () => {
    const seqs = async (f: Parameters<typeof listAuditEntries>[1]) => (await listAuditEntries(db, f)).items.map((e) => Number(e.seq))
    expect((await listAuditEntries(db, { limit: 3, cursor: '0' })).items.map((e) => e.actor)).toEqual([
      'person:pr_alice/apikey:ck_alice_1',
      'person:pr_alice/apikey:ck_alice_2',
      'person:pr_alice/apikey:ck_alice_1b',
    ])
    expect(await seqs({ principal: 'pr_alice' })).toEqual([1, 2, 3, 4, 8])
    expect(await seqs({ principal: 'pr_alice', principalKeyIds: ['ck_alice_old', 'ck_alice_1'] })).toEqual([0, 1, 2, 3, 4, 8])
    expect(await seqs({ principal: 'pr_platform' })).toEqual([6, 7])
    expect(await seqs({ principal: 'platform:person:pr_bob' })).toEqual([6])
    expect(await seqs({ principal: 'pr_nobody' })).toEqual([])
  })

  it('exports a log of old and new actors that the offline verifier accepts', async () => {
    const key = generateLogKey('custos.dev/test/principals')
    await createCheckpoint({ db, clock: new ManualClock(t0 + 60_000), signer: logSignerFromSkey(key.skey), origin: 'custos.dev/test/principals' })
    const dir = await mkdtemp(join(tmpdir(), 'custos-audit-principal-'))
    try {
      await exportAudit(db, dir)
      const report = await verifyAuditExport(dir, { trustedKeys: [key.vkey], workers: 0 })
      expect(report.problems).toEqual([])
      expect(report).toMatchObject({ ok: true, entries: 9 })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
