// @postgres-pass: signed checkpoints of the audit log.
import { createHash, createPublicKey, verify } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../shared/clock.ts'
import { migrateToLatest } from '../../shared/db/migrate.ts'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import { listCheckpointsToAnchor, recordCheckpointAnchor } from './anchor.ts'
import { appendAuditBatch } from './append.ts'
import { createCheckpointScheduler } from './checkpoint-scheduler.ts'
import { createCheckpoint, type CheckpointContext } from './checkpoint.ts'
import { generateLogKey, logSignerFromSkey } from './log-key.ts'
import { auditLogMigration } from './migrations.ts'
import { inclusionProof, listAuditCheckpoints } from './query.ts'
import type { AuditTables } from './schema.ts'

const ORIGIN = 'custos.dev/custody/test'

/** Checks a C2SP signed note with nothing but node:crypto and the published verifier key. */
function openNote(note: string, vkey: string): string {
  const [name, idHex, keyB64] = [vkey.slice(0, vkey.indexOf('+')), vkey.split('+')[1]!, vkey.split('+').slice(2).join('+')]
  const key = Buffer.from(keyB64, 'base64')
  expect(key[0]).toBe(0x01)
  const pub = key.subarray(1)
  const id = createHash('sha256').update(Buffer.concat([Buffer.from(`${name}\n`), Buffer.from([0x01]), pub])).digest().subarray(0, 4)
  expect(id.toString('hex')).toBe(idHex)
  const split = note.lastIndexOf('\n\n')
  const text = note.slice(0, split + 1)
  const line = note.slice(split + 2).trimEnd()
  expect(line.startsWith(`\u2014 ${name} `)).toBe(true)
  const sig = Buffer.from(line.split(' ')[2]!, 'base64')
  expect(sig.subarray(0, 4).equals(id)).toBe(true)
  const spki = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), pub]), format: 'der', type: 'spki' })
  expect(verify(null, Buffer.from(text), spki, sig.subarray(4))).toBe(true)
  return text
}

describe('signed checkpoints', () => {
  let t: TestDatabase<AuditTables>
  let db: Kysely<AuditTables>
  const clock = new ManualClock(Date.UTC(2026, 0, 1))
  const key = generateLogKey(ORIGIN)
  let ctx: CheckpointContext
  const append = (n: number) => appendAuditBatch(db, Array.from({ length: n }, (_, i) => ({ at: clock.now(), actor: 'system:test', action: 'tick', targetId: String(i) })))

  beforeAll(async () => {
    t = await openTestDatabase<AuditTables>('audit_checkpoint')
    db = t.db
    await migrateToLatest(db as Kysely<unknown>, t.schema, { '0001_audit': auditLogMigration })
    ctx = { db, clock, signer: logSignerFromSkey(key.skey), origin: ORIGIN }
  })
  afterAll(() => t.close())

  it('keeps the key secret and publishes a C2SP verifier key', () => {
    expect(key.skey.startsWith(`PRIVATE+KEY+${ORIGIN}+`)).toBe(true)
    expect(key.vkey).toMatch(/^custos\.dev\/custody\/test\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/)
    expect(ctx.signer.vkey).toBe(key.vkey)
    expect(JSON.stringify(ctx.signer)).not.toContain(key.skey.split('+').slice(4).join('+'))
  })

  it('has nothing to sign while the log is empty', async () => {
    expect(await createCheckpoint(ctx)).toBeNull()
  })

  it('signs a tlog-checkpoint of the current tree that verifies against the published key', async () => {
    await append(5)
    const cp = (await createCheckpoint(ctx))!
    expect(cp.treeSize).toBe(5n)
    const text = openNote(cp.checkpoint, key.vkey)
    const root = (await inclusionProof(db, 0n, 5n)).rootHash
    expect(text).toBe(`${ORIGIN}\n5\n${Buffer.from(root, 'hex').toString('base64')}\n`)
    expect(cp.rootHash).toBe(root)
    expect(cp.checkpoint).toMatch(new RegExp(`^${ORIGIN}\\n5\\n[A-Za-z0-9+/]{43}=\\n\\n\u2014 ${ORIGIN} [A-Za-z0-9+/]{91}=\\n$`))
    expect(cp.vkey).toBe(key.vkey)
  })

  it('returns the same checkpoint while the size is unchanged', async () => {
    const a = (await createCheckpoint(ctx))!
    clock.advance(1000)
    const b = (await createCheckpoint(ctx))!
    expect(b).toEqual(a)
    expect((await listAuditCheckpoints(db)).items).toHaveLength(1)
  })

  it('checkpoints at the configured interval, by the injected clock, only when the log grew', async () => {
    const scheduler = createCheckpointScheduler(ctx, { intervalMs: 60_000 })
    await append(1)
    expect(await scheduler.tick()).toBeNull()
    clock.advance(60_000)
    expect((await scheduler.tick())!.treeSize).toBe(6n)
    clock.advance(120_000)
    expect(await scheduler.tick()).toBeNull()
    // Quiet for longer than the interval: the next growth is checkpointed at once.
    await append(2)
    expect((await scheduler.tick())!.treeSize).toBe(8n)
    await append(1)
    clock.advance(59_000)
    expect(await scheduler.tick()).toBeNull()
    clock.advance(1_000)
    expect((await scheduler.tick())!.treeSize).toBe(9n)
    const sizes = (await listAuditCheckpoints(db, { order: 'desc' })).items.map((c) => c.treeSize)
    expect(sizes).toEqual([9n, 8n, 6n, 5n])
  })

  it('lets only the anchor columns change', async () => {
    expect((await listCheckpointsToAnchor(db)).map((c) => c.treeSize)).toEqual([5n, 6n, 8n, 9n])
    const anchored = await recordCheckpointAnchor(db, 6n, { status: 'CONFIRMED', txId: 'tx-1', txHash: '0xabc', block: 12n })
    expect(anchored.anchor).toEqual({ status: 'CONFIRMED', txId: 'tx-1', txHash: '0xabc', block: 12n })
    expect((await listCheckpointsToAnchor(db)).map((c) => c.treeSize)).toEqual([5n, 8n, 9n])
    await expect(recordCheckpointAnchor(db, 7n, { status: 'CONFIRMED' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const refused = /AUDIT_APPEND_ONLY/
    await expect(sql`update audit_checkpoints set root_hash = ${Buffer.alloc(32)} where tree_size = 6`.execute(db)).rejects.toThrow(refused)
    await expect(sql`update audit_checkpoints set checkpoint = 'forged' where tree_size = 6`.execute(db)).rejects.toThrow(refused)
    await expect(sql`delete from audit_checkpoints where tree_size = 5`.execute(db)).rejects.toThrow(refused)
    await expect(sql`truncate audit_checkpoints`.execute(db)).rejects.toThrow(refused)
  })

  it('pages through checkpoints', async () => {
    const first = await listAuditCheckpoints(db, { limit: 2 })
    expect(first.items.map((c) => c.treeSize)).toEqual([5n, 6n])
    const second = await listAuditCheckpoints(db, { limit: 2, cursor: first.nextCursor! })
    expect(second.nextCursor).toBeNull()
    expect(second.items.map((c) => c.treeSize)).toEqual([8n, 9n])
  })
})
