import type { CustodyContext } from '../context.ts'
import { expireChangeRequests } from '../governance/change-requests.ts'
import { expireIfDue, settleAuthorization } from './approve-transaction.ts'

const BATCH = 100

/**
 * One pass of the approval housekeeping: expires transactions whose approval window has
 * passed (REJECTED, APPROVAL_EXPIRED), finishes authorisations that were settled but whose
 * transaction was not moved on (a process stopped in between), and expires stale admin
 * change requests.
 */
export async function sweepApprovals(ctx: CustodyContext): Promise<{ expired: number; settled: number; changeRequestsExpired: number }> {
  const now = ctx.clock.now()
  const due = await ctx.db
    .selectFrom('tx_authorizations as a')
    .innerJoin('transactions as t', 't.id', 'a.transaction_id')
    .select('a.transaction_id')
    .where('a.status', '=', 'PENDING')
    .where('a.expires_at', '<=', now)
    .where('t.status', '=', 'PENDING_AUTHORIZATION')
    .limit(BATCH)
    .execute()
  let expired = 0
  for (const { transaction_id: id } of due) {
    if (await expireIfDue(ctx, id)) {
      expired++
      await settleAuthorization(ctx, id)
    }
  }
  const stranded = await ctx.db
    .selectFrom('tx_authorizations as a')
    .innerJoin('transactions as t', 't.id', 'a.transaction_id')
    .select('a.transaction_id')
    .where('a.status', 'in', ['APPROVED', 'REJECTED', 'EXPIRED'])
    .where('t.status', '=', 'PENDING_AUTHORIZATION')
    .limit(BATCH)
    .execute()
  let settled = 0
  for (const { transaction_id: id } of stranded) if (await settleAuthorization(ctx, id)) settled++
  const changeRequestsExpired = await expireChangeRequests(ctx)
  return { expired, settled, changeRequestsExpired }
}

export interface ApprovalSweeper {
  stop(): Promise<void>
}

/**
 * Runs `sweepApprovals` every `intervalMs` (default 1 s) until stopped. Several processes
 * may run one: every change it makes is guarded by a row lock or an optimistic lock.
 */
export function startApprovalSweeper(ctx: CustodyContext, intervalMs = 1000): ApprovalSweeper {
  let running: Promise<unknown> | null = null
  let stopped = false
  const timer = setInterval(() => {
    if (running || stopped) return
    running = sweepApprovals(ctx)
      .catch((err) => ctx.logger.warn({ err }, 'approval sweep failed; will retry'))
      .finally(() => {
        running = null
      })
  }, intervalMs)
  timer.unref()
  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
