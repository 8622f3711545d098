import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../shared/db/migrate.ts'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import { appendAuditBatch } from './append.ts'
import { auditLogMigration } from './migrations.ts'
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
