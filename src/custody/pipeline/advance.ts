import type { CustodyContext } from '../context.ts'
import { FINAL_STATUSES } from '../db/schema.ts'
import { transition, StaleTransitionError } from '../transactions/transition.ts'
import type { TransactionRow } from '../transactions/serialize.ts'
import { authorizeTransaction } from './authorize.ts'
import { broadcastStep } from './broadcast.ts'
import { release } from './claim.ts'
import { confirmStep } from './confirm.ts'
import { prepareTransaction } from './prepare.ts'
import { signTransactionStep } from './sign.ts'

const SYSTEM = 'system:pipeline'

/**
 * Moves one claimed transaction as far as it can go now, one status at a
 * time (each its own database transaction), until it ends, waits for people
 * (approval) or waits for the chain. Then gives it back to the queue.
 */
export async function advance(ctx: CustodyContext, claimed: TransactionRow): Promise<TransactionRow> {
  let t = claimed
  let wait: Date | undefined
  try {
    for (let step = 0; step < 12; step++) {
      if (FINAL_STATUSES.includes(t.status) || t.status === 'PENDING_AUTHORIZATION') break
      if (t.status === 'SUBMITTED') {
        const d = await authorizeTransaction(ctx, t)
        const policy = JSON.stringify({ action: d.action, ruleId: d.ruleId, reason: d.reason, approval: d.approval ?? null })
        if (d.action === 'BLOCK') t = await transition(ctx, t, 'BLOCKED', { actor: SYSTEM, subStatus: 'BLOCKED_BY_POLICY', reason: d.reason, patch: { policy, completed_at: ctx.clock.now() } })
        else if (d.action === 'REQUIRE_APPROVAL') t = await transition(ctx, t, 'PENDING_AUTHORIZATION', { actor: SYSTEM, reason: d.reason, patch: { policy } })
        else t = await transition(ctx, t, 'QUEUED', { actor: SYSTEM, patch: { policy } })
        continue
      }
      if (t.status === 'QUEUED') {
        const r = await prepareTransaction(ctx, t)
        t = r.row
        if (r.wait) {
          wait = r.wait
          break
        }
        continue
      }
      if (t.status === 'PENDING_SIGNATURE') {
        t = await signTransactionStep(ctx, t)
        continue
      }
      if (t.status === 'BROADCASTING') {
        const r = await broadcastStep(ctx, t)
        t = r.row
        if (r.wait) {
          wait = r.wait
          break
        }
        continue
      }
      if (t.status === 'CONFIRMING') {
        const r = await confirmStep(ctx, t)
        t = r.row
        if (r.wait) {
          wait = r.wait
          break
        }
        continue
      }
    }
  } catch (err) {
    if (err instanceof StaleTransitionError) return t
    ctx.logger.error({ err, txId: t.id, status: t.status, correlationId: t.correlation_id }, 'pipeline step failed; will retry')
    wait = new Date(ctx.clock.now().getTime() + 2000)
  }
  await release(ctx, t.id, wait ?? ctx.clock.now())
  return t
}
