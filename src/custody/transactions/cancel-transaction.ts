import type { CustodyContext } from '../context.ts'
import { ConflictError, ForbiddenError, NotFoundError } from '../../shared/errors.ts'
import type { TxStatus } from '../db/schema.ts'
import { transition, StaleTransitionError } from './transition.ts'
import { policyRuntime } from '../governance/policy-runtime.ts'
import type { TransactionRow } from './serialize.ts'

const CANCELLABLE: readonly TxStatus[] = ['SUBMITTED', 'PENDING_AUTHORIZATION', 'QUEUED']

/**
 * Cancels a transaction that has not been signed. Once its nonce is reserved
 * it will be broadcast, so from PENDING_SIGNATURE on it cannot be cancelled.
 */
export async function cancelTransaction(ctx: CustodyContext, id: string, by: { keyId: string; clientId: string; admin: boolean; actor?: string }, reason: string | undefined, correlationId?: string): Promise<TransactionRow> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const t = await ctx.db.selectFrom('transactions').selectAll().where('id', '=', id).executeTakeFirst()
    if (!t) throw new NotFoundError('transaction', id)
    if (t.client_id !== by.clientId && !by.admin) throw new ForbiddenError('NOT_YOUR_TRANSACTION', 'only the client that submitted a transaction, or an admin, may cancel it')
    if (t.status === 'CANCELLED') return t
    if (!CANCELLABLE.includes(t.status)) {
      throw new ConflictError('TOO_LATE_TO_CANCEL', `transaction ${id} is ${t.status}: only a transaction not yet signed can be cancelled`, { currentStatus: t.status })
    }
    try {
      const cancelled = await transition(ctx, t, 'CANCELLED', {
        actor: by.actor ?? `apikey:${by.keyId}`,
        subStatus: 'CANCELLED_BY_USER',
        reason: reason ?? 'cancelled by the client',
        patch: { completed_at: ctx.clock.now(), correlation_id: t.correlation_id ?? correlationId ?? null },
      })
      // An authorised (QUEUED) transaction counted toward velocity: it stops counting now in this
      // process; other custody processes drop it at their next sync of the totals (~1 s).
      policyRuntime(ctx).forget(t.id)
      return cancelled
    } catch (err) {
      if (!(err instanceof StaleTransitionError)) throw err
    }
  }
  throw new ConflictError('BUSY', `transaction ${id} kept changing; try again`)
}
