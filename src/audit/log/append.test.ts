// @postgres-pass: one hash chain under concurrent appends.
import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../shared/db/connect.ts'
import { migrateToLatest } from '../../shared/db/migrate.ts'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import { canonicalEntry, GENESIS_HASH } from '../hashing.ts'
import { verifyConsistency, verifyInclusion } from '../verify/tree.ts'
import { appendAudit, appendAuditBatch } from './append.ts'
import { auditLogMigration } from './migrations.ts'
import { consistencyProof, getAuditEntry, inclusionProof, listAuditEntries } from './query.ts'
import type { AuditTables } from './schema.ts'
import { treeRootAt } from './tree-store.ts'

interface Ledger {
  ledger: { id: number; note: string }
}
type DB = AuditTables & Ledger

const H = (...parts: Uint8Array[]) => createHash('sha256').update(Buffer.concat(parts)).digest()
function mth(d: Buffer[]): Buffer {
  if (d.length === 0) return H()
  if (d.length === 1) return d[0]!
  let k = 1
  while (k * 2 < d.length) k *= 2
  return H(Buffer.from([1]), mth(d.slice(0, k)), mth(d.slice(k)))
}

const at = new Date(Date.UTC(2026, 0, 1))

describe('audit log writer', () => {
  let t: TestDatabase<DB>
  let db: Kysely<DB>
  beforeAll(async () => {
    t = await openTestDatabase<DB>('audit_append')
    db = t.db
    await migrateToLatest(db as Kysely<unknown>, t.schema, {
      '0001_ledger': { up: async (k) => void (await sql`create table ledger (id serial primary key, note text not null)`.execute(k)) },
      '0002_audit': auditLogMigration,
    })
  })
  afterAll(() => t.close())

  /** Reads the whole log back and checks seq, chain and stored hashes from first principles. */
  async function assertUnforkedChain(): Promise<Buffer[]> {
    const rows = await db.selectFrom('audit_entries').selectAll().orderBy('seq').execute()
    let prev: Buffer = GENESIS_HASH
    const leaves: Buffer[] = []
    rows.forEach((r, i) => {
      expect(r.seq).toBe(BigInt(i))
      const entry = getRecord(r)
      const leaf = H(Buffer.from([0]), Buffer.from(canonicalEntry(entry)))
      expect(Buffer.from(r.leaf_hash).equals(leaf)).toBe(true)
      expect(Buffer.from(r.prev_hash).equals(prev)).toBe(true)
      const link = H(prev, leaf)
      expect(Buffer.from(r.entry_hash).equals(link)).toBe(true)
      prev = link
      leaves.push(leaf)
    })
    return leaves
  }

  it('appends with the state change it records, or not at all', async () => {
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('ledger').values({ note: 'minted' } as never).execute()
      const a = await appendAudit(tx, { at, actor: 'user:alice', action: 'asset.mint', targetType: 'asset', targetId: 'a1', after: { quantity: 10n ** 20n } })
      expect(a.seq).toBe(0n)
    })
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto('ledger').values({ note: 'doomed' } as never).execute()
        await appendAudit(tx, { at, actor: 'user:alice', action: 'asset.mint', targetType: 'asset', targetId: 'a2' })
        throw new Error('payment failed')
      }),
    ).rejects.toThrow('payment failed')
    const next = await appendAudit(db, { at, actor: 'user:bob', action: 'asset.burn', details: { reason: 'test', amounts: [1, 2.5, -3] } })
    expect(next.seq).toBe(1n)
    expect((await db.selectFrom('ledger').selectAll().execute()).map((r) => r.note)).toEqual(['minted'])
    const stored = await getAuditEntry(db, 0n)
    expect(stored).toMatchObject({ actor: 'user:alice', action: 'asset.mint', after: { quantity: '100000000000000000000' }, before: null })
    await assertUnforkedChain()
  })

  it('refuses an entry that could not be stored as hashed, before touching the log', async () => {
    await expect(appendAudit(db, { at, actor: 'user:eve', action: 'x', details: { s: 'bad\u0000' } })).rejects.toMatchObject({ code: 'AUDIT_ENCODING_INVALID' })
    await expect(appendAudit(db, { at, actor: '', action: 'x' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    const { items } = await listAuditEntries(db, { order: 'desc', limit: 1 })
    expect(items[0]!.seq).toBe(1n)
  })

  it('keeps one contiguous, unforked chain under concurrent appenders', async () => {
    const before = Number((await listAuditEntries(db, { order: 'desc', limit: 1 })).items[0]!.seq) + 1
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        db.transaction().execute(async (tx) => {
          await tx.insertInto('ledger').values({ note: `tx ${i}` } as never).execute()
          if (i % 3 === 0) await appendAuditBatch(tx, Array.from({ length: 5 }, (_, j) => ({ at, actor: `worker:${i}`, action: 'batch.item', targetId: `${i}.${j}` })))
          else await appendAudit(tx, { at, actor: `worker:${i}`, action: 'single.item', targetId: String(i) })
        }),
      ),
    )
    const leaves = await assertUnforkedChain()
    expect(leaves.length).toBe(before + 8 * 5 + 16)
  })

  // Two service processes on one PostgreSQL database (two pools), appending at once, some of
  // their transactions rolling back after the append.
  it.runIf(process.env.DATABASE_URL)('keeps one chain when two processes append to one log, with rollbacks among them', async () => {
    const other = await openDatabase<DB>(t.target, t.schema)
    try {
      const before = Number((await listAuditEntries(db, { order: 'desc', limit: 1 })).items[0]!.seq) + 1
      let kept = 0
      await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const writer = i % 2 === 0 ? db : other.db
          const size = 1 + (i % 4)
          await writer
            .transaction()
            .execute(async (tx) => {
              await appendAuditBatch(tx, Array.from({ length: size }, (_, j) => ({ at, actor: `process:${i % 2}`, action: 'item.changed', targetId: `${i}.${j}` })))
              if (i % 7 === 3) throw new Error('rolled back')
            })
            .then(
              () => (kept += size),
              () => {},
            )
        }),
      )
      const leaves = await assertUnforkedChain()
      expect(leaves.length).toBe(before + kept)
      const head = await db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow()
      expect(Number(head.tree_size)).toBe(leaves.length)
      expect(Buffer.from(await treeRootAt(db as unknown as Kysely<AuditTables>, leaves.length)).equals(mth(leaves))).toBe(true)
    } finally {
      await other.close()
    }
  })

  it('appends a batch exactly as one-by-one appends would: the same entries, hashes, tree nodes and head', async () => {
    const entries = Array.from({ length: 2101 }, (_, i) => ({
      at: new Date(at.getTime() + i),
      actor: `user:${i % 7}`,
      action: 'thing.changed',
      targetType: 'thing',
      targetId: String(i),
      before: i % 2 ? { n: BigInt(i) } : null,
      after: { i, ok: i % 3 === 0 },
      correlationId: i % 3 ? `c${i}` : null,
      details: i % 5 ? null : { note: 'ü€' },
    }))
    const logs = await Promise.all(['audit_one', 'audit_batch', 'audit_split'].map((schema) => openTestDatabase<DB>(schema)))
    try {
      for (const l of logs) await migrateToLatest(l.db as Kysely<unknown>, l.schema, { '0002_audit': auditLogMigration })
      const [one, batch, split] = logs.map((l) => l.db)
      // One by one (every tree shape up to 64 leaves), then in uneven batches.
      for (const e of entries.slice(0, 70)) await appendAudit(one!, e)
      for (let o = 70; o < entries.length; o += 211) await appendAuditBatch(one!, entries.slice(o, o + 211))
      // All in one call: more rows than one statement takes.
      const appended = await appendAuditBatch(batch!, entries)
      expect(appended.map((a) => a.seq)).toEqual(entries.map((_, i) => BigInt(i)))
      // Inside a caller's transaction, in two batches.
      await split!.transaction().execute(async (tx) => {
        await appendAuditBatch(tx, entries.slice(0, 45))
        await appendAuditBatch(tx, entries.slice(45))
      })
      const reference = await dump(one!)
      expect(reference.entries).toHaveLength(entries.length)
      expect(await dump(batch!)).toEqual(reference)
      expect(await dump(split!)).toEqual(reference)
    } finally {
      await Promise.all(logs.map((l) => l.close()))
    }
    // Three logs of 2,101 entries each, hashed and treed: CPU-bound, so it gets room on a busy two-core machine.
  }, 180_000)

  it('refuses UPDATE, DELETE and TRUNCATE on entries and tree nodes, even for the owner', async () => {
    const refused = /AUDIT_APPEND_ONLY/
    await expect(sql`update audit_entries set actor = 'mallory' where seq = 0`.execute(db)).rejects.toThrow(refused)
    await expect(db.updateTable('audit_entries').set({ details: '{"x":1}' as never }).where('seq', '=', 1n).execute()).rejects.toThrow(refused)
    await expect(sql`delete from audit_entries where seq = 1`.execute(db)).rejects.toThrow(refused)
    await expect(sql`truncate audit_entries`.execute(db)).rejects.toThrow(refused)
    await expect(sql`update audit_tree_nodes set hash = hash`.execute(db)).rejects.toThrow(refused)
    await expect(sql`delete from audit_tree_nodes`.execute(db)).rejects.toThrow(refused)
    await expect(sql`delete from audit_head`.execute(db)).rejects.toThrow(refused)
    await expect(sql`update audit_head set tree_size = 0`.execute(db)).rejects.toThrow(refused)
    expect((await getAuditEntry(db, 0n))!.actor).toBe('user:alice')
    await assertUnforkedChain()
  })

  it('serves roots and proofs that an independent RFC 6962 verifier accepts', async () => {
    const leaves = await assertUnforkedChain()
    const n = leaves.length
    for (const size of [1, 2, 3, 7, 8, 13, n]) {
      for (const seq of [0, Math.floor(size / 2), size - 1]) {
        const p = await inclusionProof(db, BigInt(seq), BigInt(size))
        expect(p.rootHash).toBe(mth(leaves.slice(0, size)).toString('hex'))
        expect(p.leafHash).toBe(leaves[seq]!.toString('hex'))
        expect(verifyInclusion(leaves[seq]!, seq, size, p.proof.map((h) => Buffer.from(h, 'hex')), mth(leaves.slice(0, size)))).toBe(true)
      }
    }
    for (const [m, size] of [[0, n], [1, n], [5, 8], [8, n], [n - 1, n], [n, n]] as const) {
      const p = await consistencyProof(db, BigInt(m), BigInt(size))
      expect(p.toRoot).toBe(mth(leaves.slice(0, size)).toString('hex'))
      expect(verifyConsistency(m, size, Buffer.from(p.fromRoot, 'hex'), Buffer.from(p.toRoot, 'hex'), p.proof.map((h) => Buffer.from(h, 'hex')))).toBe(true)
    }
    await expect(inclusionProof(db, 0n, BigInt(n + 1))).rejects.toMatchObject({ code: 'AUDIT_TREE_SIZE_BEYOND_LOG' })
    await expect(consistencyProof(db, 3n, 2n)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
  })
})

/** Everything the log stores, bytes as hex (pg and PGlite return different byte types). */
async function dump(db: Kysely<DB>) {
  const hex = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v]))
  return {
    entries: (await db.selectFrom('audit_entries').selectAll().orderBy('seq').execute()).map(hex),
    nodes: (await db.selectFrom('audit_tree_nodes').selectAll().orderBy('level').orderBy('idx').execute()).map(hex),
    head: (await db.selectFrom('audit_head').selectAll().execute()).map(hex),
  }
}

function getRecord(r: AuditTables['audit_entries'] extends infer T ? { [K in keyof T]: unknown } : never) {
  return {
    seq: r.seq as bigint,
    at: r.at as Date,
    actor: r.actor as string,
    action: r.action as string,
    targetType: r.target_type as string | null,
    targetId: r.target_id as string | null,
    before: r.before as never,
    after: r.after as never,
    correlationId: r.correlation_id as string | null,
    details: r.details as never,
  }
}
