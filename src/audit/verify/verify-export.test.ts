import { createHash } from 'node:crypto'
import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../shared/clock.ts'
import { migrateToLatest } from '../../shared/db/migrate.ts'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import { recordCheckpointAnchor } from '../log/anchor.ts'
import { appendAuditBatch, type AuditEntryInput } from '../log/append.ts'
import { checkpointBody, createCheckpoint, signNote } from '../log/checkpoint.ts'
import { exportAudit } from '../log/export.ts'
import { generateLogKey, logSignerFromSkey } from '../log/log-key.ts'
import { appendToFrontier, rootFromFrontier, type Frontier } from '../log/merkle.ts'
import { auditLogMigration } from '../log/migrations.ts'
import type { AuditTables } from '../log/schema.ts'
import type { VerifyReport } from './report.ts'
import { verifyAuditExport, type VerifyAuditExportOptions } from './verify-export.ts'

const ORIGIN = 'custos.dev/custody/verify-test'
const CHECKPOINT_SIZES = [50, 128, 200, 300]
const sha = (...parts: Uint8Array[]) => createHash('sha256').update(Buffer.concat(parts)).digest()

interface Manifest {
  treeSize: number
  rootHash: string
  headHash: string
  keys: string[]
  segments: { file: string; sha256: string; firstSeq: number; count: number }[]
  checkpoints: { treeSize: number; rootHash: string; checkpoint: string; consistencyFromPrevious: string[] }[]
}

function entryInput(i: number, at: Date): AuditEntryInput {
  return {
    at,
    actor: i % 4 === 0 ? 'apikey:ops' : `user:${['alice', 'bob', 'zoë'][i % 3]}`,
    action: ['transfer.create', 'transfer.approve', 'vault.freeze'][i % 3]!,
    targetType: i % 7 === 0 ? null : 'transfer',
    targetId: i % 7 === 0 ? null : `tr_${i}`,
    before: i % 2 === 0 ? null : { status: 'PENDING', amount: 10n ** 18n * BigInt(i) },
    after: { status: 'APPROVED', note: `line\nbreak "q" \\ Zürich ✓ 😀 #${i}`, ratio: i / 8, big: 1e21, neg: -i, list: [true, false, null, { b: 1, a: [] }] },
    correlationId: `req-${Math.floor(i / 10)}`,
    // Integer-like keys send the verifier down its slow, full re-encoding path.
    details: i % 5 === 0 ? { '10': 'ten', '9': 'nine', ip: '127.0.0.1' } : null,
  }
}

describe('offline verification of an audit export', () => {
  let t: TestDatabase<AuditTables>
  let db: Kysely<AuditTables>
  let pristine: string
  let scratch: string
  let roots: Map<number, string>
  const key = generateLogKey(ORIGIN)
  const trusted: VerifyAuditExportOptions = { trustedKeys: [key.vkey], workers: 0 }

  beforeAll(async () => {
    t = await openTestDatabase<AuditTables>('audit_verify')
    db = t.db
    await migrateToLatest(db as Kysely<unknown>, t.schema, { '0001_audit': auditLogMigration })
    const clock = new ManualClock(Date.UTC(2026, 0, 1))
    const ctx = { db, clock, signer: logSignerFromSkey(key.skey), origin: ORIGIN }
    let n = 0
    for (const size of CHECKPOINT_SIZES) {
      const batch: AuditEntryInput[] = []
      for (; n < size; n++) {
        clock.advance(1234)
        batch.push(entryInput(n, clock.now()))
      }
      await appendAuditBatch(db, batch)
      await createCheckpoint(ctx)
    }
    await recordCheckpointAnchor(db, 200n, { status: 'CONFIRMED', txHash: '0xfeed', block: 5n })
    scratch = await mkdtemp(join(tmpdir(), 'custos-audit-verify-'))
    pristine = join(scratch, 'pristine')
    const result = await exportAudit(db, pristine, { segmentSize: 64 })
    expect(result).toMatchObject({ treeSize: 300, segments: 5, checkpoints: 4 })
    const manifest = JSON.parse(await readFile(join(pristine, 'manifest.json'), 'utf8')) as Manifest
    roots = new Map(manifest.checkpoints.map((c) => [c.treeSize, c.rootHash]))
  })
  afterAll(async () => {
    await t.close()
    await rm(scratch, { recursive: true, force: true })
  })

  // --- tampering helpers: each works on a fresh copy of the pristine export ---
  let copies = 0
  async function copy(): Promise<string> {
    const dir = join(scratch, `copy-${copies++}`)
    await cp(pristine, dir, { recursive: true })
    return dir
  }
  const readManifest = async (dir: string) => JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest
  const writeManifest = (dir: string, m: Manifest) => writeFile(join(dir, 'manifest.json'), JSON.stringify(m, null, 2))
  async function readLines(dir: string): Promise<string[]> {
    const m = await readManifest(dir)
    const lines: string[] = []
    for (const s of m.segments) lines.push(...(await readFile(join(dir, s.file), 'utf8')).split('\n').filter((l) => l !== ''))
    return lines
  }
  /** Writes lines back as segments of 64; `rehash` renames files by content and fixes the manifest, as a careful forger would. */
  async function writeLines(dir: string, lines: string[], rehash: boolean): Promise<void> {
    const m = await readManifest(dir)
    const segments = []
    for (let i = 0, first = 0; first < lines.length; i++, first += 64) {
      const data = Buffer.from(lines.slice(first, first + 64).map((l) => l + '\n').join(''))
      const old = m.segments[i]
      if (rehash || !old) {
        const h = sha(data).toString('hex')
        await writeFile(join(dir, `segments/${h}.ndjson`), data)
        segments.push({ file: `segments/${h}.ndjson`, sha256: h, firstSeq: first, count: Math.min(64, lines.length - first) })
      } else {
        await writeFile(join(dir, old.file), data)
        segments.push(old)
      }
    }
    if (rehash) await writeManifest(dir, { ...m, segments })
  }
  /** Re-links the whole chain over the given entry texts, as a forger without the signing key could. */
  function relink(entries: string[]): { lines: string[]; root: string; head: string } {
    let prev = Buffer.alloc(32)
    let frontier: Frontier = { size: 0, hashes: [] }
    const lines = entries.map((e) => {
      const leaf = sha(Buffer.from([0]), Buffer.from(e))
      const link = sha(prev, leaf)
      const line = `{"prevHash":"${prev.toString('hex')}","entryHash":"${link.toString('hex')}","entry":${e}}`
      prev = link
      frontier = appendToFrontier(frontier, [leaf]).frontier
      return line
    })
    return { lines, root: Buffer.from(rootFromFrontier(frontier)).toString('hex'), head: prev.toString('hex') }
  }
  const entryOf = (line: string) => line.slice(line.indexOf('"entry":') + 8, -1)
  const codes = (r: VerifyReport) => [...new Set(r.problems.map((p) => p.code))].sort()

  it('verifies the untouched export clean, checkpoints and all', async () => {
    const r = await verifyAuditExport(pristine, trusted)
    expect(r.problems).toEqual([])
    expect(r).toMatchObject({ ok: true, origin: ORIGIN, entries: 300, firstBadEntry: null, firstBadCheckpoint: null, keysFromExport: false, uncheckpointedEntries: 0 })
    expect(r.rootHash).toBe(roots.get(300))
    expect(r.checkpoints.map((c) => [c.treeSize, c.valid])).toEqual(CHECKPOINT_SIZES.map((s) => [s, true]))
  })

  it('gives the same verdicts on worker threads as on the calling thread', async () => {
    const dir = await copy()
    const lines = await readLines(dir)
    lines[70] = lines[70]!.replace('"actor":"', '"actor":"x')
    await writeLines(dir, lines, true)
    for (const d of [pristine, dir]) {
      const { durationMs: _a, threads: none, ...inline } = await verifyAuditExport(d, { ...trusted, workers: 0 })
      const { durationMs: _b, threads, ...threaded } = await verifyAuditExport(d, { ...trusted, workers: 2 })
      expect([none, threads]).toEqual([0, 2])
      expect(threaded).toEqual(inline)
    }
  })

  it('warns that keys taken from the export prove only self-consistency', async () => {
    const r = await verifyAuditExport(pristine, { workers: 0 })
    expect(r.ok).toBe(true)
    expect(r.keysFromExport).toBe(true)
    expect(r.warnings.join()).toMatch(/no trusted keys/)
  })

  it('catches an edited field and names the entry', async () => {
    const dir = await copy()
    const lines = await readLines(dir)
    lines[70] = lines[70]!.replace(/"actor":"[^"]*"/, '"actor":"user:mallory"')
    await writeLines(dir, lines, false)
    const r = await verifyAuditExport(dir, trusted)
    expect(r.ok).toBe(false)
    expect(r.firstBadEntry).toMatchObject({ seq: 70, code: 'ENTRY_HASH_MISMATCH' })
    expect(r.problems.find((p) => p.code === 'SEGMENT_HASH_MISMATCH')).toMatchObject({ segment: expect.stringMatching(/^segments\/[0-9a-f]{64}\.ndjson$/) })
    expect(r.firstBadCheckpoint).toMatchObject({ code: 'CHECKPOINT_ROOT_MISMATCH', checkpoint: { index: 1, treeSize: 128 }, suspectRange: [50, 128] })

    // A forger who also renames the segment by its new hash still leaves the entry hash wrong.
    await writeLines(dir, lines, true)
    const again = await verifyAuditExport(dir, trusted)
    expect(again.firstBadEntry).toMatchObject({ seq: 70, code: 'ENTRY_HASH_MISMATCH' })
    expect(codes(again)).toEqual(['CHECKPOINT_ROOT_MISMATCH', 'ENTRY_HASH_MISMATCH', 'HEAD_MISMATCH'])
  })

  it('catches an edit whose whole chain was recomputed, by the signed checkpoint covering it', async () => {
    const dir = await copy()
    const entries = (await readLines(dir)).map(entryOf)
    entries[70] = entries[70]!.replace(/"actor":"[^"]*"/, '"actor":"user:mallory"')
    const forged = relink(entries)
    await writeLines(dir, forged.lines, true)
    await writeManifest(dir, { ...(await readManifest(dir)), rootHash: forged.root, headHash: forged.head })
    const r = await verifyAuditExport(dir, trusted)
    expect(r.ok).toBe(false)
    expect(r.firstBadEntry).toBeNull()
    expect(r.firstBadCheckpoint).toMatchObject({ code: 'CHECKPOINT_ROOT_MISMATCH', checkpoint: { index: 1, treeSize: 128 }, suspectRange: [50, 128] })
    expect(r.checkpoints.map((c) => c.valid)).toEqual([true, false, false, false])
  })

  it('catches a deleted entry and names it', async () => {
    const dir = await copy()
    const lines = await readLines(dir)
    lines.splice(100, 1)
    await writeLines(dir, lines, true)
    const r = await verifyAuditExport(dir, trusted)
    expect(r.firstBadEntry).toMatchObject({ seq: 100, code: 'ENTRY_SEQ_MISMATCH' })
    expect(r.firstBadEntry!.message).toMatch(/expected seq 100, found 101/)
    expect(codes(r)).toContain('ENTRY_PREV_HASH_MISMATCH')
  })

  it('catches reordered entries', async () => {
    const dir = await copy()
    const lines = await readLines(dir)
    ;[lines[120], lines[121]] = [lines[121]!, lines[120]!]
    await writeLines(dir, lines, true)
    const r = await verifyAuditExport(dir, trusted)
    expect(r.firstBadEntry).toMatchObject({ seq: 120, code: 'ENTRY_SEQ_MISMATCH' })
  })

  it('catches an inserted entry', async () => {
    const dir = await copy()
    const lines = await readLines(dir)
    lines.splice(150, 0, lines[150]!.replace(/"actor":"[^"]*"/, '"actor":"user:mallory"'))
    await writeLines(dir, lines, true)
    const r = await verifyAuditExport(dir, trusted)
    expect(r.firstBadEntry).toMatchObject({ seq: 150, code: 'ENTRY_HASH_MISMATCH' })
    expect(r.problems.find((p) => p.code === 'ENTRY_SEQ_MISMATCH')).toMatchObject({ seq: 151 })
  })

  it('catches a truncated log and names the checkpoint it breaks', async () => {
    const dir = await copy()
    const lines = await readLines(dir)
    await writeLines(dir, lines.slice(0, 290), true)
    const r = await verifyAuditExport(dir, trusted)
    expect(r.firstBadEntry).toMatchObject({ seq: 290 })
    expect(r.firstBadCheckpoint).toMatchObject({ code: 'CHECKPOINT_BEYOND_LOG', checkpoint: { index: 3, treeSize: 300 } })
    expect(codes(r)).toEqual(['CHECKPOINT_BEYOND_LOG', 'LOG_TRUNCATED'])
  })

  it('catches a truncation that also dropped the later checkpoints, through the chain anchors', async () => {
    const dir = await copy()
    const entries = (await readLines(dir)).map(entryOf).slice(0, 200)
    const forged = relink(entries)
    await writeLines(dir, forged.lines, true)
    const m = await readManifest(dir)
    await writeManifest(dir, { ...m, segments: m.segments.filter((s) => s.firstSeq < 200), checkpoints: m.checkpoints.slice(0, 3), treeSize: 200, rootHash: forged.root, headHash: forged.head })
    expect((await verifyAuditExport(dir, trusted)).ok).toBe(true)
    const r = await verifyAuditExport(dir, { ...trusted, anchorHeadReader: async () => ({ treeSize: 300n, rootHex: roots.get(300)! }) })
    expect(r.ok).toBe(false)
    expect(r.firstBadEntry).toMatchObject({ seq: 200, code: 'LOG_TRUNCATED' })
  })

  it('catches swapped checkpoints', async () => {
    const dir = await copy()
    const m = await readManifest(dir)
    ;[m.checkpoints[1], m.checkpoints[2]] = [m.checkpoints[2]!, m.checkpoints[1]!]
    await writeManifest(dir, m)
    const r = await verifyAuditExport(dir, trusted)
    expect(r.firstBadCheckpoint).toMatchObject({ checkpoint: { index: 1 } })
    expect(codes(r)).toEqual(['CHECKPOINT_CONSISTENCY_INVALID', 'CHECKPOINT_ORDER'])
    expect(r.firstBadEntry).toBeNull()
  })

  it('catches a forged signature', async () => {
    const dir = await copy()
    const m = await readManifest(dir)
    const note = m.checkpoints[2]!.checkpoint
    const at = note.length - 10
    m.checkpoints[2]!.checkpoint = note.slice(0, at) + (note[at] === 'A' ? 'B' : 'A') + note.slice(at + 1)
    await writeManifest(dir, m)
    const r = await verifyAuditExport(dir, trusted)
    expect(r.firstBadCheckpoint).toMatchObject({ code: 'CHECKPOINT_SIGNATURE_INVALID', checkpoint: { index: 2, treeSize: 200 } })
    expect(codes(r)).toEqual(['CHECKPOINT_SIGNATURE_INVALID'])
  })

  it('catches a checkpoint re-signed with another key, even when the forger swaps the export keys', async () => {
    const dir = await copy()
    const m = await readManifest(dir)
    const mallory = generateLogKey(ORIGIN)
    const signer = logSignerFromSkey(mallory.skey)
    m.checkpoints = m.checkpoints.map((c) => ({ ...c, checkpoint: signNote(checkpointBody(ORIGIN, c.treeSize, c.treeSize === 200 ? Buffer.alloc(32, 7) : Buffer.from(c.rootHash, 'hex')), signer) }))
    m.checkpoints[2]!.rootHash = Buffer.alloc(32, 7).toString('hex')
    m.keys = [mallory.vkey]
    await writeManifest(dir, m)
    const pinned = await verifyAuditExport(dir, trusted)
    expect(pinned.firstBadCheckpoint).toMatchObject({ code: 'CHECKPOINT_UNTRUSTED', checkpoint: { index: 0 } })
    expect(pinned.checkpoints.every((c) => !c.valid)).toBe(true)
    const unpinned = await verifyAuditExport(dir, { workers: 0 })
    expect(unpinned.ok).toBe(false)
    expect(unpinned.problems.find((p) => p.code === 'CHECKPOINT_ROOT_MISMATCH')).toMatchObject({ checkpoint: { index: 2, treeSize: 200 } })
  })

  it('checks anchored roots against the chain and names a checkpoint whose anchor differs', async () => {
    const reads: string[] = []
    const onChain = async (logId: string, size: bigint) => {
      reads.push(`${logId}@${size}`)
      return `0x${roots.get(Number(size))!}`
    }
    const good = await verifyAuditExport(pristine, { ...trusted, anchorReader: onChain })
    expect(good.ok).toBe(true)
    expect(good.checkpoints.map((c) => c.anchor)).toEqual(['match', 'match', 'match', 'match'])
    expect(reads).toContain(`${ORIGIN}@128`)

    const changed = await verifyAuditExport(pristine, { ...trusted, anchorReader: async (id, size) => (size === 128n ? 'ab'.repeat(32) : onChain(id, size)) })
    expect(changed.firstBadCheckpoint).toMatchObject({ code: 'ANCHOR_MISMATCH', checkpoint: { index: 1, treeSize: 128 } })
    expect(changed.checkpoints.map((c) => c.anchor)).toEqual(['match', 'mismatch', 'match', 'match'])

    const none = await verifyAuditExport(pristine, { ...trusted, anchorReader: async () => null })
    // The export says size 200 was anchored in 0xfeed: the chain must agree.
    expect(none.firstBadCheckpoint).toMatchObject({ code: 'ANCHOR_MISSING', checkpoint: { index: 2, treeSize: 200 } })
    expect(none.checkpoints.map((c) => c.anchor)).toEqual(['absent', 'absent', 'mismatch', 'absent'])

    const down = await verifyAuditExport(pristine, { ...trusted, anchorReader: async () => Promise.reject(new Error('RPC unreachable')) })
    expect(down.firstBadCheckpoint).toMatchObject({ code: 'ANCHOR_READ_FAILED', checkpoint: { index: 0 } })
  })

  it('catches a missing segment file', async () => {
    const dir = await copy()
    const m = await readManifest(dir)
    await unlink(join(dir, m.segments[2]!.file))
    const r = await verifyAuditExport(dir, trusted)
    expect(r.firstBadEntry).toMatchObject({ seq: 128, code: 'SEGMENT_MISSING' })
  })

  it('reads nothing outside the export folder, whatever the manifest names', async () => {
    const dir = await copy()
    const m = await readManifest(dir)
    m.segments[0]!.file = '../../../etc/passwd'
    await writeManifest(dir, m)
    const r = await verifyAuditExport(dir, trusted)
    expect(r).toMatchObject({ ok: false, entries: 0, problems: [{ code: 'MANIFEST_INVALID' }] })
  })

  it('refuses an entry that is not in canonical form, even with valid hashes', async () => {
    const dir = await copy()
    const entries = (await readLines(dir)).map(entryOf)
    entries[33] = entries[33]!.replace('"action":', '"action": ')
    entries[34] = entries[34]!.replace(/^\{"action":("[^"]*"),"actor":("[^"]*")/, '{"actor":$2,"action":$1')
    const forged = relink(entries)
    await writeLines(dir, forged.lines, true)
    const r = await verifyAuditExport(dir, trusted)
    expect(r.firstBadEntry).toMatchObject({ seq: 33, code: 'ENTRY_NOT_CANONICAL' })
    expect(r.problems.filter((p) => p.code === 'ENTRY_NOT_CANONICAL').map((p) => p.seq)).toEqual([33, 34])
  })
})
