import { NotFoundError } from '../../shared/errors.ts'
import { toStoredCheckpoint, type StoredCheckpoint } from './checkpoint.ts'
import { auditTables, type AuditDb } from './schema.ts'

export interface AnchorUpdate {
  /** e.g. PENDING, SUBMITTED, CONFIRMED, FAILED: the anchoring job owns the vocabulary. */
  status: string
  txId?: string | null
  txHash?: string | null
  block?: bigint | null
}

/**
 * Records the on-chain anchoring of a checkpoint: the only columns of
 * audit_checkpoints the database lets change. Fields left undefined keep
 * their value.
 *
 * @example
 * await recordCheckpointAnchor(db, 1024n, { status: 'CONFIRMED', txHash, block })
 */
export async function recordCheckpointAnchor(db: AuditDb, treeSize: bigint, update: AnchorUpdate): Promise<StoredCheckpoint> {
  const row = await auditTables(db)
    .updateTable('audit_checkpoints')
    .set({
      anchor_status: update.status,
      ...(update.txId !== undefined && { anchor_tx_id: update.txId }),
      ...(update.txHash !== undefined && { anchor_tx_hash: update.txHash }),
      ...(update.block !== undefined && { anchor_block: update.block }),
    })
    .where('tree_size', '=', treeSize)
    .returningAll()
    .executeTakeFirst()
  if (!row) throw new NotFoundError('audit checkpoint', treeSize.toString())
  return toStoredCheckpoint(row)
}

/** Checkpoints not yet anchored (no anchor status, or FAILED), smallest first. */
export async function listCheckpointsToAnchor(db: AuditDb, limit = 100): Promise<StoredCheckpoint[]> {
  const rows = await auditTables(db)
    .selectFrom('audit_checkpoints')
    .selectAll()
    .where((eb) => eb.or([eb('anchor_status', 'is', null), eb('anchor_status', '=', 'FAILED')]))
    .orderBy('tree_size', 'asc')
    .limit(limit)
    .execute()
  return rows.map(toStoredCheckpoint)
}
