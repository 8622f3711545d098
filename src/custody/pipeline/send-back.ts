import type { CustodyContext } from '../context.ts'
import { transitionMany, type TransitionRequest } from '../transactions/transition.ts'
import { serializeTransaction, type TransactionRow } from '../transactions/serialize.ts'

export interface SendBackParameters {
  /** Transactions the chain no longer has (COMPLETED, FAILED on-chain, or CONFIRMING). */
  rows: TransactionRow[]
  /** Why, for the status reason (the row's nonce and block are added). */
  why: string
}

/**
 * Sends transactions the chain forgot back to BROADCASTING, where their stored signed bytes
 * go out again (same nonce, same hash: never a second effect). One that was final (COMPLETED,
 * or FAILED after being mined) also raises a `transaction.reorged` alert, in the same
 * database transaction as its status change and audit entry. Returns the rows moved.
 */
export async function sendBack(ctx: CustodyContext, p: SendBackParameters): Promise<TransactionRow[]> {
  if (p.rows.length === 0) return []
  const now = ctx.clock.now()
  const requests: TransitionRequest[] = p.rows.map((t) => {
    const wasFinal = t.status === 'COMPLETED' || t.status === 'FAILED'
    return {
      current: t,
      to: 'BROADCASTING',
      actor: 'system:chain-watch',
      subStatus: wasFinal ? 'REORGED_AFTER_FINALITY' : t.block_hash ? 'REORGED' : 'NODE_FORGOT',
      reason: `${p.why}: nonce ${t.nonce}${t.block_number !== null ? `, block ${t.block_number} (${t.block_hash})` : ''}; its stored signed bytes are sent again`,
      patch: { block_hash: null, block_number: null, gas_used: null, completed_at: null, next_action_at: now, locked_until: null, locked_by: null },
      alsoInTx: wasFinal
        ? async (tx, row) => {
            await ctx.events.enqueue(tx, {
              type: 'transaction.reorged',
              resourceType: 'transaction',
              resourceId: row.id,
              data: { ...serializeTransaction(row), previousStatus: t.status, previousBlockNumber: t.block_number?.toString() ?? null, previousBlockHash: t.block_hash, alert: `${t.status} transaction ${t.id} is no longer on the canonical chain (${p.why}); custody is sending its signed bytes again` },
            })
          }
        : undefined,
    }
  })
  const moved = (await transitionMany(ctx, requests)).filter((r): r is TransactionRow => r !== null)
  for (const row of moved) ctx.logger.warn({ txId: row.id, correlationId: row.correlation_id, nonce: row.nonce?.toString(), txHash: row.tx_hash, why: p.why }, 'chain forgot a transaction; sending it again')
  if (moved.length) ctx.wake()
  return moved
}
