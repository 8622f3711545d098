import { listAuditEntries } from '../../audit/log/query.ts'
import type { CustodyContext } from '../context.ts'
import { getTransactionRow } from './read-transactions.ts'

/**
 * A transaction's history as its audit entries tell it, oldest first: every status change
 * (with sub-status, reason, hash and nonce), every vote and the policy's decision.
 */
export async function readTransactionTimeline(ctx: CustodyContext, id: string) {
  await getTransactionRow(ctx, id)
  const page = await listAuditEntries(ctx.db as never, { targetType: 'transaction', targetId: id, limit: 500, order: 'asc' })
  return {
    items: page.items.map((e) => ({ seq: e.seq.toString(), at: e.at.toISOString(), actor: e.actor, action: e.action, before: e.before, after: e.after })),
  }
}
