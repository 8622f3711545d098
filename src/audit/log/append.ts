import type { Insertable, Kysely } from 'kysely'
import { ValidationError } from '../../shared/errors.ts'
import { canonicalJson, chainHash, encodeEntry, leafHash, type AuditJson, type AuditRecord } from '../hashing.ts'
import { appendToFrontier } from './merkle.ts'
import { auditTables, type AuditDb, type AuditEntriesTable, type AuditTables } from './schema.ts'
import { readHead } from './tree-store.ts'

/** What a caller records; the log assigns `seq` and the hashes. */
export interface AuditEntryInput {
  /** When it happened: take it from the service's injected Clock. */
  at: Date
  /** Who did it: the principal, then the means, e.g. `person:pr_1/apikey:ck_2`, `system:indexer` (see shared/auth/audit-actor.ts). */
  actor: string
  /** What was done, e.g. `transaction.approve`. */
  action: string
  targetType?: string | null
  targetId?: string | null
  before?: AuditJson | null
  after?: AuditJson | null
  correlationId?: string | null
  details?: AuditJson | null
}

export interface AppendedAuditEntry {
  seq: bigint
  /** Hex SHA-256(0x00 ‖ canonical entry): the Merkle leaf. */
  leafHash: string
  /** Hex chain hash after this entry. */
  entryHash: string
}

type Db = Kysely<AuditTables>

// 13 parameters a row; PostgreSQL allows 65,535 a statement.
const ROWS_PER_INSERT = 2000

interface Prepared {
  input: AuditEntryInput
  before: string | null
  after: string | null
  details: string | null
}

function prepare(input: AuditEntryInput): Prepared {
  if (typeof input.actor !== 'string' || input.actor === '') throw new ValidationError('audit entry needs an actor')
  if (typeof input.action !== 'string' || input.action === '') throw new ValidationError('audit entry needs an action')
  if (!(input.at instanceof Date) || Number.isNaN(input.at.getTime())) throw new ValidationError('audit entry needs a valid `at` Date')
  // Encoding before the lock is taken both validates and keeps the lock short;
  // the canonical text is also what jsonb receives, so reading back re-encodes to the same bytes.
  const json = (v: AuditJson | null | undefined) => (v === null || v === undefined ? null : canonicalJson(v))
  return { input, before: json(input.before), after: json(input.after), details: json(input.details) }
}

/**
 * Appends audit entries inside the caller's transaction, so they commit or
 * roll back with the state change they record. Appenders serialise on the
 * audit_head row lock (held until the caller's transaction ends), which keeps
 * seq contiguous and the chain unforked under any concurrency: append as the
 * last statement of a transaction to keep that lock short.
 *
 * @example
 * await db.transaction().execute(async (tx) => {
 *   await tx.updateTable('vaults').set({ frozen: true }).where('id', '=', id).execute()
 *   await appendAuditBatch(tx, [{ at: clock.now(), actor, action: 'vault.freeze', targetType: 'vault', targetId: id }])
 * })
 */
export async function appendAuditBatch(db: AuditDb, entries: AuditEntryInput[]): Promise<AppendedAuditEntry[]> {
  if (entries.length === 0) return []
  const prepared = entries.map(prepare)
  const audit = auditTables(db)
  if (!audit.isTransaction) return audit.transaction().execute((tx) => appendLocked(tx, prepared))
  return appendLocked(audit, prepared)
}

/**
 * Appends one audit entry inside the caller's transaction (or a transaction
 * of its own when given the plain database). See appendAuditBatch.
 *
 * @example
 * await appendAudit(tx, { at: ctx.clock.now(), actor: 'user:alice', action: 'investor.approve', targetType: 'investor', targetId })
 */
export async function appendAudit(db: AuditDb, entry: AuditEntryInput): Promise<AppendedAuditEntry> {
  const [appended] = await appendAuditBatch(db, [entry])
  return appended!
}

async function appendLocked(tx: Db, prepared: Prepared[]): Promise<AppendedAuditEntry[]> {
  const head = await readHead(tx, { lock: true })
  let prev: Uint8Array = head.headHash
  const rows: Insertable<AuditEntriesTable>[] = []
  const leaves: Uint8Array[] = []
  const appended: AppendedAuditEntry[] = []
  for (let i = 0; i < prepared.length; i++) {
    const { input, before, after, details } = prepared[i]!
    const record: AuditRecord = {
      seq: BigInt(head.treeSize + i),
      at: input.at,
      actor: input.actor,
      action: input.action,
      targetType: input.targetType ?? null,
      targetId: input.targetId ?? null,
      before: input.before ?? null,
      after: input.after ?? null,
      correlationId: input.correlationId ?? null,
      details: input.details ?? null,
    }
    const leaf = leafHash(encodeEntry(record))
    const link = chainHash(prev, leaf)
    rows.push({
      seq: record.seq,
      at: record.at,
      actor: record.actor,
      action: record.action,
      target_type: record.targetType,
      target_id: record.targetId,
      before,
      after,
      correlation_id: record.correlationId,
      details,
      leaf_hash: leaf,
      prev_hash: prev,
      entry_hash: link,
    })
    leaves.push(leaf)
    appended.push({ seq: record.seq, leafHash: leaf.toString('hex'), entryHash: link.toString('hex') })
    prev = link
  }
  const { frontier, nodes } = appendToFrontier(head.frontier, leaves)
  const nodeRows = nodes.map((n) => ({ level: n.level, idx: BigInt(n.index), hash: n.hash }))
  const newHead = { tree_size: BigInt(frontier.size), head_hash: prev, frontier: Buffer.concat(frontier.hashes) }
  if (rows.length <= ROWS_PER_INSERT && nodeRows.length <= ROWS_PER_INSERT * 4) {
    // The usual case, in one statement: entries, tree nodes and the new head. Fewer round
    // trips while the head lock is held is what lets concurrent appenders through sooner.
    let q = tx.with('entries', (db) => db.insertInto('audit_entries').values(rows))
    if (nodeRows.length > 0) q = q.with('nodes', (db) => db.insertInto('audit_tree_nodes').values(nodeRows)) as unknown as typeof q
    await q.updateTable('audit_head').set(newHead).where('id', '=', true).execute()
    return appended
  }
  for (let o = 0; o < rows.length; o += ROWS_PER_INSERT) {
    await tx.insertInto('audit_entries').values(rows.slice(o, o + ROWS_PER_INSERT)).execute()
  }
  for (let o = 0; o < nodeRows.length; o += ROWS_PER_INSERT * 4) {
    await tx.insertInto('audit_tree_nodes').values(nodeRows.slice(o, o + ROWS_PER_INSERT * 4)).execute()
  }
  await tx.updateTable('audit_head').set(newHead).where('id', '=', true).execute()
  return appended
}
