import type { Kysely, Updateable } from 'kysely'
import type { CustodyContext } from '../context.ts'
import type { CustodyDB, TransactionsTable, TxStatus } from '../db/schema.ts'
import { appendAuditBatch } from '../../audit/log/append.ts'
import type { AuditEntryInput } from '../../audit/log/append.ts'
import type { AuditJson } from '../../audit/hashing.ts'
import type { AuditTables } from '../../audit/log/schema.ts'
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

export interface TransitionRequest extends TransitionOptions {
  current: TransactionRow
  to: TxStatus
}

/** Another worker moved the transaction first; the caller reloads and carries on. */
export class StaleTransitionError extends CustosError {
  override readonly name = 'StaleTransitionError'
  constructor(id: string, from: TxStatus) {
    super('STALE_TRANSITION', `transaction ${id} is no longer ${from}`, { status: 409, retryable: true })
  }
}

/**
 * Moves transactions to their next statuses in ONE database transaction:
 * for each, the row is updated only if nobody changed it since it was read
 * (optimistic lock), and its audit entry and webhook event are written in
 * the same database transaction. Committing many transitions together (group
 * commit) is what lets the pipeline keep up with the chain. Returns the
 * updated row for each request, or null where another worker moved it first.
 */
export async function transitionMany(ctx: CustodyContext, requests: TransitionRequest[]): Promise<(TransactionRow | null)[]> {
  if (requests.length === 0) return []
  for (const r of requests) assertTransition(r.current.status, r.to)
  const now = ctx.clock.now()
  const results = await ctx.db.transaction().execute(async (tx) => {
    const out: (TransactionRow | null)[] = []
    const audit: AuditEntryInput[] = []
    for (const r of requests) {
      const { current, to } = r
      const row = await tx
        .updateTable('transactions')
        .set({
          ...r.patch,
          status: to,
          sub_status: r.subStatus === undefined ? (to === current.status ? current.sub_status : null) : r.subStatus,
          status_reason: r.reason === undefined ? (to === current.status ? current.status_reason : null) : r.reason,
          updated_at: now,
        })
        .where('id', '=', current.id)
        .where('status', '=', current.status)
        // Optimistic lock: nobody changed the row since we read it.
        .where('updated_at', '=', current.updated_at)
        .returningAll()
        .executeTakeFirst()
      if (!row) {
        out.push(null)
        continue
      }
      if (r.alsoInTx) await r.alsoInTx(tx, row)
      out.push(row)
      if (to !== current.status || row.sub_status !== current.sub_status) {
        const view = serializeTransaction(row)
        await ctx.events.enqueue(tx, { type: 'transaction.status_changed', resourceType: 'transaction', resourceId: row.id, data: { ...view, previousStatus: current.status } })
        audit.push({
          at: now,
          actor: r.actor,
          action: 'transaction.status_changed',
          targetType: 'transaction',
          targetId: row.id,
          before: { status: current.status, subStatus: current.sub_status },
          after: { status: row.status, subStatus: row.sub_status, reason: row.status_reason, txHash: row.tx_hash, nonce: row.nonce } as AuditJson,
          correlationId: row.correlation_id,
        })
      }
    }
    // Last, so the audit log's head lock is held as briefly as possible.
    await appendAuditBatch(tx as unknown as Kysely<AuditTables>, audit)
    return out
  })
  ctx.events.committed?.()
  results.forEach((row, i) => {
    const r = requests[i]!
    if (row && r.to !== r.current.status) {
      ctx.logger.info({ correlationId: row.correlation_id, txId: row.id, from: r.current.status, to: r.to, subStatus: row.sub_status, txHash: row.tx_hash }, 'transaction status')
    }
  })
  return results
}

/** One transition; throws StaleTransitionError if another worker moved the transaction first. */
export async function transition(ctx: CustodyContext, current: TransactionRow, to: TxStatus, opts: TransitionOptions): Promise<TransactionRow> {
  const [row] = await transitionMany(ctx, [{ ...opts, current, to }])
  if (!row) throw new StaleTransitionError(current.id, current.status)
  return row
}
