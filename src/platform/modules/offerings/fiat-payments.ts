import type { PlatformContext } from '../../context.ts'
import { OfferingStateError, PaymentRefusedError, SubscriptionStateError } from './errors.ts'
import { getOfferingRow } from './read-offerings.ts'
import { getSubscriptionRow } from './read-subscriptions.ts'
import { transitionSubscription, type SubscriptionRow } from './record-transition.ts'

export interface FiatReceivedInput {
  /** The bank's reference of the incoming payment. */
  reference: string
  /** What arrived, in stablecoin base units; must equal the subscription's amount. */
  amount: string
}

/**
 * An operator records that the subscription's money arrived by bank
 * transfer: PAID, with the bank reference, audited. The same reference
 * again changes nothing; another reference for a paid subscription is 409.
 */
export async function markFiatReceived(ctx: PlatformContext, subscriptionId: string, input: FiatReceivedInput, actor: string, correlationId?: string): Promise<{ subscription: SubscriptionRow; created: boolean }> {
  const sub = await getSubscriptionRow(ctx, subscriptionId)
  const repeat = () => {
    if (sub.payment_method === 'fiat' && sub.fiat_reference === input.reference) return { subscription: sub, created: false }
    throw new SubscriptionStateError('SUBSCRIPTION_ALREADY_PAID', `subscription ${sub.id} is ${sub.status}${sub.payment_method ? `, paid by ${sub.payment_method}${sub.fiat_reference ? ` (reference ${sub.fiat_reference})` : ''}` : ''}`, { status: sub.status, paymentMethod: sub.payment_method })
  }
  if (sub.status !== 'PENDING_PAYMENT') {
    if (sub.status === 'CANCELLED') throw new SubscriptionStateError('SUBSCRIPTION_CANCELLED', `subscription ${sub.id} was cancelled${sub.status_reason ? `: ${sub.status_reason}` : ''}`, { status: sub.status })
    return repeat()
  }
  const offering = await getOfferingRow(ctx, sub.offering_id)
  if (!offering.payment_methods.includes('fiat')) throw new PaymentRefusedError('PAYMENT_METHOD_NOT_ACCEPTED', `offering ${offering.id} accepts ${offering.payment_methods.join(', ')} only`, { paymentMethods: offering.payment_methods })
  if (!/^[0-9]{1,78}$/.test(input.amount) || BigInt(input.amount) !== BigInt(sub.amount)) {
    throw new PaymentRefusedError('FIAT_AMOUNT_MISMATCH', `received ${input.amount}, but the subscription is for ${sub.amount}: record the payment once the full amount has arrived, or return it`, { amount: sub.amount, received: input.amount })
  }

  const updated = await ctx.db.transaction().execute(async (tx) => {
    const o = await tx.selectFrom('offerings').select('status').where('id', '=', offering.id).forUpdate().executeTakeFirstOrThrow()
    if (o.status !== 'OPEN') throw new OfferingStateError('OFFERING_NOT_OPEN', `offering ${offering.id} is ${o.status}: payments are recorded while it is OPEN`, { status: o.status })
    return transitionSubscription(
      tx,
      ctx,
      sub,
      ['PENDING_PAYMENT'],
      { status: 'PAID', status_code: null, status_reason: null, payment_method: 'fiat', fiat_reference: input.reference, paid_at: ctx.clock.now() },
      { actor, action: 'subscription.paid', correlationId, details: { method: 'fiat', reference: input.reference, amount: input.amount } },
    )
  })
  if (!updated) {
    // A stablecoin payment (or another operator) got there first.
    const now = await getSubscriptionRow(ctx, sub.id)
    if (now.payment_method === 'fiat' && now.fiat_reference === input.reference) return { subscription: now, created: false }
    throw new SubscriptionStateError('SUBSCRIPTION_ALREADY_PAID', `subscription ${sub.id} is ${now.status} (${now.payment_method ?? 'no payment'})`, { status: now.status, paymentMethod: now.payment_method })
  }
  ctx.eventsCommitted()
  return { subscription: updated, created: true }
}

/**
 * An operator records that a fiat payment owed back (REFUND_DUE, after an
 * offering missed its soft cap or was cancelled) has been returned:
 * REFUNDED with the bank reference. The same reference again changes nothing.
 */
export async function markFiatRefunded(ctx: PlatformContext, subscriptionId: string, input: { reference: string }, actor: string, correlationId?: string): Promise<{ subscription: SubscriptionRow; created: boolean }> {
  const sub = await getSubscriptionRow(ctx, subscriptionId)
  if (sub.status === 'REFUNDED' && sub.payment_method === 'fiat' && sub.refund_reference === input.reference) return { subscription: sub, created: false }
  if (sub.status !== 'REFUND_DUE') throw new SubscriptionStateError(`SUBSCRIPTION_NOT_REFUND_DUE`, `subscription ${sub.id} is ${sub.status}: only a REFUND_DUE (fiat) subscription is refunded by hand`, { status: sub.status })
  const updated = await ctx.db.transaction().execute((tx) =>
    transitionSubscription(tx, ctx, sub, ['REFUND_DUE'], { status: 'REFUNDED', status_code: null, status_reason: null, refund_reference: input.reference, refunded_at: ctx.clock.now() }, { actor, action: 'subscription.refunded', correlationId, details: { method: 'fiat', reference: input.reference } }),
  )
  if (!updated) return markFiatRefunded(ctx, subscriptionId, input, actor, correlationId)
  ctx.eventsCommitted()
  return { subscription: updated, created: true }
}
