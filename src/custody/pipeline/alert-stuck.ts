import { sql } from 'kysely'
import type { CustodyContext } from '../context.ts'
import { ACTIVE_STATUSES } from '../db/schema.ts'
import { recordChange } from '../events.ts'
import { serializeTransaction, type TransactionRow } from '../transactions/serialize.ts'

/** What a transaction without progress is waiting for, in words an operator can act on. */
export function waitingFor(t: TransactionRow): string {
  if (t.status === 'QUEUED' && t.sub_status === 'WAITING_FOR_GAS') return `gas for ${t.from_address} (${t.status_reason ?? 'gas station top-up'})`
  if (t.status === 'QUEUED' && t.sub_status === 'GAS_STATION_EMPTY') return `the gas station to be funded (${t.status_reason ?? 'it cannot pay the gas'})`
  if (t.status === 'QUEUED') return 'a nonce and fees (pre-flight checks)'
  if (t.status === 'SUBMITTED') return 'the policy decision'
  if (t.status === 'PENDING_SIGNATURE' && t.sub_status === 'SIGNING_HALTED') return `an admin quorum to resume signing for ${t.from_address}`
  if (t.status === 'PENDING_SIGNATURE' && t.sub_status === 'AWAITING_OFFLINE_SIGNATURE') return 'the offline signature of a cold vault'
  if (t.status === 'PENDING_SIGNATURE') return 'a signature'
  if (t.status === 'BROADCASTING') return `the node to accept its signed bytes at nonce ${t.nonce}`
  if (t.status === 'CONFIRMING' && t.block_hash) return `finality of block ${t.block_number}`
  return `to be mined at nonce ${t.nonce} (hash ${t.tx_hash}, max fee ${t.max_fee_per_gas})`
}

/**
 * Raises a `transaction.stuck` alert (webhook and audit entry) for each active transaction
 * that has made no progress for `stuckAlertAfterMs`, once per stall, naming what it waits
 * for. Progress is a status change; for a broadcast transaction, being sent for the first
 * time (fee replacements are not progress). Returns the transactions alerted.
 */
export async function alertStuck(ctx: CustodyContext): Promise<TransactionRow[]> {
  const now = ctx.clock.now()
  const cutoff = new Date(now.getTime() - ctx.pipeline.stuckAlertAfterMs)
  const progress = sql<Date>`coalesce(case when status = 'CONFIRMING' then broadcast_at end, updated_at)`
  const rows = await ctx.db
    .selectFrom('transactions')
    .selectAll()
    .where('status', 'in', ACTIVE_STATUSES as never)
    .where(progress, '<', cutoff)
    .where((eb) => eb.or([eb('stuck_alerted_at', 'is', null), eb('stuck_alerted_at', '<', progress)]))
    .limit(500)
    .execute()
  if (rows.length === 0) return []
  await ctx.db.transaction().execute(async (tx) => {
    for (const t of rows) {
      const since = t.status === 'CONFIRMING' && t.broadcast_at ? t.broadcast_at : t.updated_at
      const data = { ...serializeTransaction(t), waitingFor: waitingFor(t), since: new Date(since).toISOString(), stuckForSeconds: Math.round((now.getTime() - new Date(since).getTime()) / 1000) }
      await tx.updateTable('transactions').set({ stuck_alerted_at: now }).where('id', '=', t.id).execute()
      await recordChange(tx, ctx.events, {
        at: now,
        actor: 'system:chain-watch',
        action: 'transaction.stuck',
        targetType: 'transaction',
        targetId: t.id,
        after: { status: t.status, subStatus: t.sub_status, waitingFor: data.waitingFor, since: data.since },
        correlationId: t.correlation_id,
        event: { type: 'transaction.stuck', resourceType: 'transaction', resourceId: t.id, data },
      })
    }
  })
  ctx.events.committed?.()
  for (const t of rows) ctx.logger.warn({ txId: t.id, correlationId: t.correlation_id, status: t.status, subStatus: t.sub_status, waitingFor: waitingFor(t) }, 'transaction stuck')
  return rows
}
