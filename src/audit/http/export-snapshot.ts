import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import { CustosError } from '../../shared/errors.ts'
import { canonicalEntry, EMPTY_TREE_ROOT, GENESIS_HASH, type AuditJson } from '../hashing.ts'
import { toStoredCheckpoint } from '../log/checkpoint.ts'
import { EXPORT_FORMAT, exportLine, type Manifest, type ManifestCheckpoint, type SegmentInfo } from '../log/export-format.ts'
import { auditTables, type AuditDb, type AuditTables } from '../log/schema.ts'
import { consistencyProofAt, readHead, toBuffer, treeRootAt } from '../log/tree-store.ts'
import { createRedactor, type Redactor } from './redact.ts'

/** Format of an export whose personal data was replaced by hashes: for reading, not for verification. */
export const REDACTED_EXPORT_FORMAT = 'custos-audit-export/1-redacted'

/** Where the log's checkpoints are anchored, as the service knows it (a verifier should pin its own). */
export interface AnchorContract {
  chainId: number
  address: string
}

/**
 * manifest.json of an export served over HTTP: the folder format of
 * src/audit/README.md §3, with two optional members a verifier may ignore.
 */
export type HttpExportManifest = Omit<Manifest, 'format'> & {
  format: typeof EXPORT_FORMAT | typeof REDACTED_EXPORT_FORMAT
  /** Present on a redacted export: which members were replaced and how. */
  redaction?: { fields: string[]; replacedValues: number; method: string; note: string }
  anchorContract?: AnchorContract
}

export interface SnapshotOptions {
  /** Entries 0 … treeSize − 1 are exported, with the checkpoints up to that size. */
  treeSize: number
  segmentSize: number
  /** Null: the entries as logged. */
  redactor: Redactor | null
  origin: string
  anchorContract?: AnchorContract | null
}

type Db = Kysely<AuditTables>

async function segmentText(db: Db, firstSeq: number, count: number, redactor: Redactor | null): Promise<{ text: string; replaced: number }> {
  const rows = await db
    .selectFrom('audit_entries')
    .selectAll()
    .where('seq', '>=', BigInt(firstSeq))
    .where('seq', '<', BigInt(firstSeq + count))
    .orderBy('seq')
    .execute()
  if (rows.length !== count) throw new CustosError('AUDIT_EXPORT_INCOMPLETE', `entries ${firstSeq}…${firstSeq + count - 1} are not all in the log`, { status: 500 })
  let replaced = 0
  const clean = (v: unknown) => {
    if (!redactor) return v as AuditJson | null
    const r = redactor.redact(v as AuditJson | null)
    replaced += r.count
    return r.value
  }
  const lines = rows.map((row) =>
    exportLine(
      canonicalEntry({
        seq: BigInt(row.seq),
        at: row.at,
        actor: row.actor,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        before: clean(row.before),
        after: clean(row.after),
        correlationId: row.correlation_id,
        details: clean(row.details),
      }),
      row.prev_hash,
      row.entry_hash,
    ),
  )
  return { text: lines.join(''), replaced }
}

/**
 * The manifest of an export of the first `treeSize` entries, without writing
 * anything: segment hashes are computed from the canonical lines. Entries
 * below the log's size never change, so two nodes (or two calls) build the
 * same segments; only the checkpoints' anchor columns can have moved on.
 */
export async function buildExportManifest(database: AuditDb, opts: SnapshotOptions): Promise<HttpExportManifest> {
  const db = auditTables(database)
  const head = await readHead(db, { lock: false })
  if (opts.treeSize > head.treeSize) throw new CustosError('AUDIT_TREE_SIZE_BEYOND_LOG', `tree size ${opts.treeSize} is beyond the log's ${head.treeSize} entries`, { status: 400 })
  const segments: SegmentInfo[] = []
  let replaced = 0
  for (let first = 0; first < opts.treeSize; first += opts.segmentSize) {
    const count = Math.min(opts.segmentSize, opts.treeSize - first)
    const seg = await segmentText(db, first, count, opts.redactor)
    replaced += seg.replaced
    const sha = createHash('sha256').update(seg.text, 'utf8').digest('hex')
    segments.push({ file: `segments/${sha}.ndjson`, sha256: sha, firstSeq: first, count })
  }
  const stored = (await db.selectFrom('audit_checkpoints').selectAll().where('tree_size', '<=', BigInt(opts.treeSize)).orderBy('tree_size').execute()).map(toStoredCheckpoint)
  const checkpoints: ManifestCheckpoint[] = []
  for (let i = 0; i < stored.length; i++) {
    const cp = stored[i]!
    const from = i === 0 ? 0 : Number(stored[i - 1]!.treeSize)
    const proof = await consistencyProofAt(db, from, Number(cp.treeSize))
    const a = cp.anchor
    const hasAnchor = a.status !== null || a.txId !== null || a.txHash !== null || a.block !== null
    checkpoints.push({
      treeSize: Number(cp.treeSize),
      rootHash: cp.rootHash,
      createdAt: cp.createdAt.toISOString(),
      checkpoint: cp.checkpoint,
      anchor: hasAnchor ? { status: a.status, txId: a.txId, txHash: a.txHash, block: a.block === null ? null : a.block.toString() } : null,
      consistencyFromPrevious: proof.map((h) => toBuffer(h).toString('hex')),
    })
  }
  const last = opts.treeSize === 0 ? null : await db.selectFrom('audit_entries').select('entry_hash').where('seq', '=', BigInt(opts.treeSize - 1)).executeTakeFirstOrThrow()
  const rootHash = opts.treeSize === 0 ? EMPTY_TREE_ROOT : toBuffer(await treeRootAt(db, opts.treeSize))
  const redacted = opts.redactor !== null && replaced > 0
  return {
    format: redacted ? REDACTED_EXPORT_FORMAT : EXPORT_FORMAT,
    origin: stored[0] ? stored[0].checkpoint.slice(0, stored[0].checkpoint.indexOf('\n')) : opts.origin,
    keys: [...new Set(stored.map((cp) => cp.vkey))],
    treeSize: opts.treeSize,
    rootHash: rootHash.toString('hex'),
    headHash: (last ? toBuffer(last.entry_hash) : GENESIS_HASH).toString('hex'),
    segmentSize: opts.segmentSize,
    segments,
    checkpoints,
    ...(redacted && {
      redaction: {
        fields: [...opts.redactor!.fields],
        replacedValues: replaced,
        method: 'the value of each member so named, at any depth of before, after and details, is replaced by "sha256:" + hex SHA-256 of its canonical JSON',
        note: 'entry hashes, checkpoints and anchors cover the original entries: a redacted export is for reading; verify with a full export',
      },
    }),
    ...(opts.anchorContract && { anchorContract: opts.anchorContract }),
  }
}

/** The bytes of segment `index` of a manifest built by buildExportManifest, checked against its hash. */
export async function readExportSegment(database: AuditDb, manifest: HttpExportManifest, index: number): Promise<Buffer> {
  const seg = manifest.segments[index]
  if (!seg) throw new CustosError('AUDIT_EXPORT_SEGMENT_NOT_FOUND', `the export has ${manifest.segments.length} segments; there is no segment ${index}`, { status: 404 })
  // The fields redacted when the manifest was built, whatever the configuration says today.
  const redactor = manifest.redaction ? createRedactor(manifest.redaction.fields) : null
  const { text } = await segmentText(auditTables(database), seg.firstSeq, seg.count, redactor)
  const data = Buffer.from(text, 'utf8')
  if (createHash('sha256').update(data).digest('hex') !== seg.sha256) {
    // Entries below the exported size cannot change (triggers refuse it): this means the database was altered underneath.
    throw new CustosError('AUDIT_EXPORT_SEGMENT_CHANGED', `segment ${index} no longer hashes to ${seg.sha256}: the stored entries changed since the export was made`, { status: 500 })
  }
  return data
}
