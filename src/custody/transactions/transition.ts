import type { Kysely, Updateable } from 'kysely'
import type { CustodyContext } from '../context.ts'
import type { CustodyDB, TransactionsTable, TxStatus } from '../db/schema.ts'
import { recordChange } from '../events.ts'
import { CustosError } from '../../shared/errors.ts'
import { assertTransition } from './status-machine.ts'
import { serializeTransaction, type TransactionRow } from './serialize.ts'

export interface TransitionOptions {
  actor: string
  subStatus?: string | null
  reason?: string | null
  patch?: Updateable<TransactionsTable>
  /** Run more statements in the same database transaction (e.g. the nonce ledger). */
  alsoInTx?: (tx: Kysely<CustodyDB>, updated: TransactionRow) => Promise<void>
}

/** Another worker moved the transaction first; the caller reloads and carries on. */
export class StaleTransitionError extends CustosError {
  override readonly name = 'StaleTransitionError'
  constructor(id: string, from: TxStatus) {
    super('STALE_TRANSITION', `transaction ${id} is no longer ${from}`, { status: 409, retryable: true })
  }
}

/**
 * Moves a transaction to its next status: one database transaction that
 * updates the row (only if it is still in the status we read), appends the
 * audit entry and enqueues the webhook event.
 */
export async function transition(ctx: CustodyContext, current: TransactionRow, to: TxStatus, opts: TransitionOptions): Promise<TransactionRow> {
  assertTransition(current.status, to)
  const now = ctx.clock.now()
  const updated = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('transactions')
      .set({
        ...opts.patch,
        status: to,
        sub_status: opts.subStatus === undefined ? (to === current.status ? current.sub_status : null) : opts.subStatus,
        status_reason: opts.reason === undefined ? (to === current.status ? current.status_reason : null) : opts.reason,
        updated_at: now,
      })
      .where('id', '=', current.id)
      .where('status', '=', current.status)
      // Optimistic lock: nobody changed the row since we read it.
      .where('updated_at', '=', current.updated_at)
      .returningAll()
      .executeTakeFirst()
    if (!row) throw new StaleTransitionError(current.id, current.status)
    if (opts.alsoInTx) await opts.alsoInTx(tx, row)
    if (to !== current.status || row.sub_status !== current.sub_status) {
      const view = serializeTransaction(row)
      await recordChange(tx, ctx.events, {
        at: now,
        actor: opts.actor,
        action: 'transaction.status_changed',
        targetType: 'transaction',
        targetId: row.id,
        before: { status: current.status, subStatus: current.sub_status },
        after: { status: row.status, subStatus: row.sub_status, reason: row.status_reason, txHash: row.tx_hash, nonce: row.nonce },
        correlationId: row.correlation_id,
        event: { type: 'transaction.status_changed', resourceType: 'transaction', resourceId: row.id, data: { ...view, previousStatus: current.status } },
      })
    }
    return row
  })
  ctx.events.committed?.()
  if (to !== current.status) ctx.logger.info({ correlationId: updated.correlation_id, txId: updated.id, from: current.status, to, subStatus: updated.sub_status, txHash: updated.tx_hash }, 'transaction status')
  return updated
}
