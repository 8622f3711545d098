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
  /** Custody's `transaction.reorged`: a final transaction is no longer on-chain and is being sent again (decision 0091). */
  reorged?: boolean
}

export interface RecordCustodyTransactionEventReturnType {
  /** The transaction's externalTxId when the platform knows it (what a waiting workflow is waiting on). */
  externalTxId: string | null
  /** The event was newer than what the platform knew and is now its view of the transaction. */
  applied: boolean
  /** Since when the platform knew the transaction as reorged, before this event (null: it did not). */
  reorgedSince: Date | null
}

/**
 * Records a custody webhook's view of a transaction inside the caller's
 * transaction, only if it is newer (by sequence) than what the platform knows
 * and never back from a final status — except custody's `transaction.reorged`,
 * which takes a final transaction back to in flight and marks it reorged until a
 * later event brings it to a final status again (decision 0091).
 */
export async function recordCustodyTransactionEvent(tx: Kysely<PlatformDB>, e: CustodyTransactionEvent, at: Date): Promise<RecordCustodyTransactionEventReturnType> {
  const before = await tx.selectFrom('custody_transactions').select(['reorged_at']).where('custody_tx_id', '=', e.custodyTxId).forUpdate().executeTakeFirst()
  const reorgedAt = e.reorged ? at : null
  const applied = await sql<{ custody_tx_id: string }>`
    insert into custody_transactions (custody_tx_id, external_tx_id, status, sub_status, status_reason, tx_hash, sequence, updated_at, reorged_at)
    values (${e.custodyTxId}, ${e.externalTxId}, ${e.status}, ${e.subStatus}, ${e.statusReason}, ${e.txHash}, ${e.sequence}, ${at}, ${reorgedAt})
    on conflict (custody_tx_id) do update set
      external_tx_id = coalesce(custody_transactions.external_tx_id, excluded.external_tx_id),
      status = excluded.status, sub_status = excluded.sub_status, status_reason = excluded.status_reason,
      tx_hash = coalesce(excluded.tx_hash, custody_transactions.tx_hash),
      sequence = excluded.sequence, updated_at = excluded.updated_at,
      reorged_at = case when ${e.reorged === true} then excluded.updated_at when excluded.status in (${finals()}) then null else custody_transactions.reorged_at end
    where excluded.sequence > custody_transactions.sequence
      and (custody_transactions.status not in (${finals()}) or custody_transactions.reorged_at is not null or ${e.reorged === true})
    returning custody_tx_id`.execute(tx)
  const known = await tx.selectFrom('custody_transactions').select(['external_tx_id']).where('custody_tx_id', '=', e.custodyTxId).executeTakeFirst()
  return { externalTxId: known?.external_tx_id ?? null, applied: applied.rows.length > 0, reorgedSince: before?.reorged_at ?? null }
}
