import { sql, type Kysely, type Selectable } from 'kysely'
import { CustosError, ValidationError } from '../../shared/errors.ts'
import type { AuditJson } from '../hashing.ts'
import { toStoredCheckpoint, type StoredCheckpoint } from './checkpoint.ts'
import { auditTables, type AuditDb, type AuditEntriesTable, type AuditTables } from './schema.ts'
import { consistencyProofAt, inclusionProofAt, readHead, toBuffer, treeRootAt } from './tree-store.ts'
import { decodeInt8Cursor } from '../../shared/http/cursor.ts'

type Db = Kysely<AuditTables>

/** One stored audit entry; hashes are lowercase hex. */
export interface AuditEntry {
  seq: bigint
  at: Date
  actor: string
  action: string
  targetType: string | null
  targetId: string | null
  before: AuditJson | null
  after: AuditJson | null
  correlationId: string | null
  details: AuditJson | null
  leafHash: string
  prevHash: string
  entryHash: string
}

export function toAuditEntry(row: Selectable<AuditEntriesTable>): AuditEntry {
  return {
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
    leafHash: toBuffer(row.leaf_hash).toString('hex'),
    prevHash: toBuffer(row.prev_hash).toString('hex'),
    entryHash: toBuffer(row.entry_hash).toString('hex'),
  }
}

export interface ListAuditEntriesFilter {
  /** The exact actor text. */
  actor?: string
  /**
   * Entries of one principal, through any of its keys, rotated keys and sessions: a
   * principal id (`pr_…`) matches actors `person:<id>/…` and `service:<id>/…` (and a console
   * session's older `console:<id>/…`); a realm-qualified id (`platform:person:pr_…`) matches
   * what a service did on that principal's behalf (`…/for:platform:person:pr_…`).
   */
  principal?: string
  /** Key ids of that principal, so that entries written before actors named principals (`apikey:<key id>`) match too. */
  principalKeyIds?: readonly string[]
  action?: string
  targetType?: string
  targetId?: string
  correlationId?: string
  /** Inclusive lower bound on `at`. */
  from?: Date
  /** Exclusive upper bound on `at`. */
  to?: Date
  /** The `nextCursor` of the previous page. */
  cursor?: string
  /** Page size, 1..1000 (default 100). */
  limit?: number
  /** Oldest first (default) or newest first. */
  order?: 'asc' | 'desc'
}

export interface Page<T> {
  items: T[]
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null
}

function parseCursor(cursor: string | undefined): bigint | undefined {
  if (cursor === undefined) return undefined
  return decodeInt8Cursor(cursor)
}

function pageLimit(limit: number | undefined): number {
  const n = limit ?? 100
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new ValidationError('limit must be an integer from 1 to 1000', { limit })
  return n
}

/**
 * Audit entries matching every given filter, in seq order, a page at a time.
 *
 * @example
 * const { items, nextCursor } = await listAuditEntries(db, { actor: 'user:alice', limit: 50 })
 */
export async function listAuditEntries(database: AuditDb, filter: ListAuditEntriesFilter = {}): Promise<Page<AuditEntry>> {
  const db = auditTables(database)
  const limit = pageLimit(filter.limit)
  const cursor = parseCursor(filter.cursor)
  const desc = filter.order === 'desc'
  let q = db.selectFrom('audit_entries').selectAll()
  if (filter.actor !== undefined) q = q.where('actor', '=', filter.actor)
  if (filter.principal !== undefined) {
    const id = filter.principal
    if (id.includes(':')) {
      q = q.where(sql<string>`split_part(split_part(actor, '/for:', 2), '/', 1)`, '=', id)
    } else {
      const whos = [`person:${id}`, `service:${id}`, `console:${id}`, ...(filter.principalKeyIds ?? []).map((k) => `apikey:${k}`)]
      q = q.where(sql<string>`split_part(actor, '/', 1)`, 'in', whos)
    }
  }
  if (filter.action !== undefined) q = q.where('action', '=', filter.action)
  if (filter.targetType !== undefined) q = q.where('target_type', '=', filter.targetType)
  if (filter.targetId !== undefined) q = q.where('target_id', '=', filter.targetId)
  if (filter.correlationId !== undefined) q = q.where('correlation_id', '=', filter.correlationId)
  if (filter.from !== undefined) q = q.where('at', '>=', filter.from)
  if (filter.to !== undefined) q = q.where('at', '<', filter.to)
  if (cursor !== undefined) q = q.where('seq', desc ? '<' : '>', cursor)
  const rows = await q.orderBy('seq', desc ? 'desc' : 'asc').limit(limit + 1).execute()
  const items = rows.slice(0, limit).map(toAuditEntry)
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.seq.toString() : null }
}

/** One entry by seq, or null. */
export async function getAuditEntry(database: AuditDb, seq: bigint): Promise<AuditEntry | null> {
  const db = auditTables(database)
  const row = await db.selectFrom('audit_entries').selectAll().where('seq', '=', seq).executeTakeFirst()
  return row ? toAuditEntry(row) : null
}

/** Checkpoints by tree size, a page at a time. */
export async function listAuditCheckpoints(database: AuditDb, opts: { cursor?: string; limit?: number; order?: 'asc' | 'desc' } = {}): Promise<Page<StoredCheckpoint>> {
  const db = auditTables(database)
  const limit = pageLimit(opts.limit)
  const cursor = parseCursor(opts.cursor)
  const desc = opts.order === 'desc'
  let q = db.selectFrom('audit_checkpoints').selectAll()
  if (cursor !== undefined) q = q.where('tree_size', desc ? '<' : '>', cursor)
  const rows = await q.orderBy('tree_size', desc ? 'desc' : 'asc').limit(limit + 1).execute()
  const items = rows.slice(0, limit).map(toStoredCheckpoint)
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.treeSize.toString() : null }
}

async function assertWithinLog(db: Db, treeSize: bigint): Promise<void> {
  const head = await readHead(db, { lock: false })
  if (treeSize > BigInt(head.treeSize)) {
    throw new CustosError('AUDIT_TREE_SIZE_BEYOND_LOG', `tree size ${treeSize} is beyond the log's ${head.treeSize} entries`, {
      status: 400,
      details: { treeSize: treeSize.toString(), logSize: head.treeSize },
    })
  }
}

export interface InclusionProof {
  leafIndex: bigint
  treeSize: bigint
  leafHash: string
  rootHash: string
  /** RFC 6962 audit path, hex, from the leaf's sibling upward. */
  proof: string[]
}

/**
 * Proof that entry `seq` is in the tree of `treeSize` entries (RFC 6962 §2.1.1).
 *
 * @example
 * const p = await inclusionProof(db, 41n, cp.treeSize)
 */
export async function inclusionProof(database: AuditDb, seq: bigint, treeSize: bigint): Promise<InclusionProof> {
  const db = auditTables(database)
  if (seq < 0n || seq >= treeSize) throw new ValidationError(`entry ${seq} is not in a tree of size ${treeSize}`)
  await assertWithinLog(db, treeSize)
  const [proof, root, entry] = await Promise.all([
    inclusionProofAt(db, Number(seq), Number(treeSize)),
    treeRootAt(db, Number(treeSize)),
    db.selectFrom('audit_entries').select('leaf_hash').where('seq', '=', seq).executeTakeFirstOrThrow(),
  ])
  return {
    leafIndex: seq,
    treeSize,
    leafHash: toBuffer(entry.leaf_hash).toString('hex'),
    rootHash: toBuffer(root).toString('hex'),
    proof: proof.map((h) => toBuffer(h).toString('hex')),
  }
}

export interface ConsistencyProof {
  fromSize: bigint
  toSize: bigint
  fromRoot: string
  toRoot: string
  /** RFC 6962 consistency proof, hex. */
  proof: string[]
}

/**
 * Proof that the tree of `fromSize` entries is a prefix of the tree of
 * `toSize` entries (RFC 6962 §2.1.2).
 */
export async function consistencyProof(database: AuditDb, fromSize: bigint, toSize: bigint): Promise<ConsistencyProof> {
  const db = auditTables(database)
  if (fromSize < 0n || fromSize > toSize) throw new ValidationError(`no consistency proof from size ${fromSize} to size ${toSize}`)
  await assertWithinLog(db, toSize)
  const [proof, fromRoot, toRoot] = await Promise.all([
    consistencyProofAt(db, Number(fromSize), Number(toSize)),
    treeRootAt(db, Number(fromSize)),
    treeRootAt(db, Number(toSize)),
  ])
  return {
    fromSize,
    toSize,
    fromRoot: toBuffer(fromRoot).toString('hex'),
    toRoot: toBuffer(toRoot).toString('hex'),
    proof: proof.map((h) => toBuffer(h).toString('hex')),
  }
}
