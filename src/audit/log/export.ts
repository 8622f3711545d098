import type { Kysely } from 'kysely'
import { ValidationError } from '../../shared/errors.ts'
import { canonicalEntry, type AuditJson, type AuditRecord } from '../hashing.ts'
import { toStoredCheckpoint } from './checkpoint.ts'
import { DEFAULT_SEGMENT_SIZE, EXPORT_FORMAT, exportLine, writeManifest, writeSegment, type ManifestCheckpoint, type SegmentInfo } from './export-format.ts'
import { rootFromFrontier } from './merkle.ts'
import { auditTables, type AuditDb, type AuditTables } from './schema.ts'
import { consistencyProofAt, readHead, toBuffer } from './tree-store.ts'

export interface ExportAuditOptions {
  /** Entries per segment file (default 16,384). */
  segmentSize?: number
  /** Log id to record when there is no checkpoint to read it from. */
  origin?: string
}

export interface ExportAuditResult {
  dir: string
  treeSize: number
  rootHash: string
  headHash: string
  segments: number
  checkpoints: number
  /** SHA-256 (hex) of manifest.json: pin it with the folder. */
  manifestSha256: string
}

/**
 * Writes the whole log, its checkpoints and signing keys to `dir` as
 * content-addressed NDJSON segments plus manifest.json (README.md has the
 * format), from one consistent snapshot of the database. Re-exporting into
 * the same folder reuses the unchanged segments.
 *
 * @example
 * const { manifestSha256 } = await exportAudit(db, './audit-export')
 */
export async function exportAudit(db: AuditDb, dir: string, opts: ExportAuditOptions = {}): Promise<ExportAuditResult> {
  const segmentSize = opts.segmentSize ?? DEFAULT_SEGMENT_SIZE
  if (!Number.isInteger(segmentSize) || segmentSize < 1) throw new ValidationError('segmentSize must be a positive integer')
  const audit = auditTables(db)
  const run = (tx: Kysely<AuditTables>) => exportSnapshot(tx, dir, segmentSize, opts.origin ?? null)
  if (audit.isTransaction) return run(audit)
  return audit.transaction().setIsolationLevel('repeatable read').execute(run)
}

async function exportSnapshot(tx: Kysely<AuditTables>, dir: string, segmentSize: number, origin: string | null): Promise<ExportAuditResult> {
  const head = await readHead(tx, { lock: false })
  const segments: SegmentInfo[] = []
  for (let first = 0; first < head.treeSize; first += segmentSize) {
    const rows = await tx
      .selectFrom('audit_entries')
      .selectAll()
      .where('seq', '>=', BigInt(first))
      .where('seq', '<', BigInt(Math.min(first + segmentSize, head.treeSize)))
      .orderBy('seq')
      .execute()
    const lines = rows.map((row) => {
      const record: AuditRecord = {
        seq: BigInt(row.seq),
        at: row.at,
        actor: row.actor,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        before: row.before as AuditJson | null,
        after: row.after as AuditJson | null,
        correlationId: row.correlation_id,
        details: row.details as AuditJson | null,
      }
      return exportLine(canonicalEntry(record), row.prev_hash, row.entry_hash)
    })
    segments.push(await writeSegment(dir, first, lines))
  }

  const rows = await tx.selectFrom('audit_checkpoints').selectAll().where('tree_size', '<=', BigInt(head.treeSize)).orderBy('tree_size').execute()
  const stored = rows.map(toStoredCheckpoint)
  const checkpoints: ManifestCheckpoint[] = []
  for (let i = 0; i < stored.length; i++) {
    const cp = stored[i]!
    const from = i === 0 ? 0 : Number(stored[i - 1]!.treeSize)
    const proof = await consistencyProofAt(tx, from, Number(cp.treeSize))
    const hasAnchor = cp.anchor.status !== null || cp.anchor.txId !== null || cp.anchor.txHash !== null || cp.anchor.block !== null
    checkpoints.push({
      treeSize: Number(cp.treeSize),
      rootHash: cp.rootHash,
      createdAt: cp.createdAt.toISOString(),
      checkpoint: cp.checkpoint,
      anchor: hasAnchor ? { ...cp.anchor, block: cp.anchor.block === null ? null : cp.anchor.block.toString() } : null,
      consistencyFromPrevious: proof.map((h) => toBuffer(h).toString('hex')),
    })
  }
  const logOrigin = stored.length > 0 ? stored[0]!.checkpoint.slice(0, stored[0]!.checkpoint.indexOf('\n')) : origin
  const rootHash = toBuffer(rootFromFrontier(head.frontier)).toString('hex')
  const headHash = head.headHash.toString('hex')
  const manifestSha256 = await writeManifest(dir, {
    format: EXPORT_FORMAT,
    origin: logOrigin,
    keys: [...new Set(stored.map((cp) => cp.vkey))],
    treeSize: head.treeSize,
    rootHash,
    headHash,
    segmentSize,
    segments,
    checkpoints,
  })
  return { dir, treeSize: head.treeSize, rootHash, headHash, segments: segments.length, checkpoints: checkpoints.length, manifestSha256 }
}
