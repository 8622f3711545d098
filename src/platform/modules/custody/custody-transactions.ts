import { sql, type Kysely } from 'kysely'
import type { PlatformDB } from '../../db/schema.ts'
import { CUSTODY_FINAL_STATUSES, type CustodyTransaction } from './custody-provider.ts'

const finals = () => sql.join(CUSTODY_FINAL_STATUSES.map((s) => sql.lit(s)))

/** Remembers what custody said about a transaction (never going back from a final status). */
export async function rememberCustodyTx(db: Kysely<PlatformDB>, t: CustodyTransaction, workflowId: string | null, at: Date): Promise<void> {
  await sql`
    insert into custody_transactions (custody_tx_id, external_tx_id, workflow_id, status, sub_status, status_reason, tx_hash, sequence, updated_at)
    values (${t.id}, ${t.externalTxId}, ${workflowId}, ${t.status}, ${t.subStatus}, ${t.statusReason}, ${t.txHash}, 0, ${at})
    on conflict (custody_tx_id) do update set
      external_tx_id = coalesce(custody_transactions.external_tx_id, excluded.external_tx_id),
      workflow_id = coalesce(custody_transactions.workflow_id, excluded.workflow_id),
      status = excluded.status, sub_status = excluded.sub_status, status_reason = excluded.status_reason,
      tx_hash = coalesce(excluded.tx_hash, custody_transactions.tx_hash), updated_at = excluded.updated_at
    where custody_transactions.status not in (${finals()})`.execute(db)
}

/** A transaction's state as one of custody's webhooks told it, at that event's sequence. */
export interface CustodyTransactionEvent {
  custodyTxId: string
  externalTxId: string | null
  status: string
  subStatus: string | null
  statusReason: string | null
  txHash: string | null
  sequence: bigint | number
}

/**
 * Records a custody webhook's view of a transaction inside the caller's
 * transaction, only if it is newer (by sequence) than what the platform knows
 * and never back from a final status. Returns the transaction's externalTxId
 * when the platform knows it (what a waiting workflow is waiting on).
 */
export async function recordCustodyTransactionEvent(tx: Kysely<PlatformDB>, e: CustodyTransactionEvent, at: Date): Promise<string | null> {
  await sql`
    insert into custody_transactions (custody_tx_id, external_tx_id, status, sub_status, status_reason, tx_hash, sequence, updated_at)
    values (${e.custodyTxId}, ${e.externalTxId}, ${e.status}, ${e.subStatus}, ${e.statusReason}, ${e.txHash}, ${e.sequence}, ${at})
    on conflict (custody_tx_id) do update set
      external_tx_id = coalesce(custody_transactions.external_tx_id, excluded.external_tx_id),
      status = excluded.status, sub_status = excluded.sub_status, status_reason = excluded.status_reason,
      tx_hash = coalesce(excluded.tx_hash, custody_transactions.tx_hash),
      sequence = excluded.sequence, updated_at = excluded.updated_at
    where excluded.sequence > custody_transactions.sequence and custody_transactions.status not in (${finals()})`.execute(tx)
  const known = await tx.selectFrom('custody_transactions').select(['external_tx_id']).where('custody_tx_id', '=', e.custodyTxId).executeTakeFirst()
  return known?.external_tx_id ?? null
}
