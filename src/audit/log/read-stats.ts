import { sql } from 'kysely'
import { auditTables, type AuditDb } from './schema.ts'

export interface AuditLogStats {
  /** Entries in the log (its Merkle tree size). */
  entries: bigint
  /** When the newest checkpoint confirmed on-chain was made; null before the first. */
  lastAnchoredAt: Date | null
}

/** The log's size and the age of its last on-chain anchor, for metrics. */
export async function readAuditLogStats(db: AuditDb): Promise<AuditLogStats> {
  const t = auditTables(db)
  const head = await t.selectFrom('audit_entries').select(sql<string | bigint | null>`max(seq)`.as('seq')).executeTakeFirst()
  const anchored = await t.selectFrom('audit_checkpoints').select(sql<Date | null>`max(created_at)`.as('at')).where('anchor_status', '=', 'CONFIRMED').executeTakeFirst()
  return { entries: head?.seq != null ? BigInt(head.seq) + 1n : 0n, lastAnchoredAt: anchored?.at ? new Date(anchored.at) : null }
}
