import { erc20Abi, getAddress } from 'viem'
import type { PlatformContext } from '../../context.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { OfferingStateError, PaymentRefusedError, SubscriptionStateError } from './errors.ts'
import { sendPayment } from './payment-workflow.ts'
import { getOfferingRow } from './read-offerings.ts'
import { getSubscriptionRow } from './read-subscriptions.ts'
import { resumeFailedWorkflow } from '../../engine/resume-workflow.ts'
import { transitionSubscription, type SubscriptionRow } from './record-transition.ts'
import { paymentExternalTxId, paymentWorkflowId } from './workflow-ids.ts'

/** Has a stablecoin payment already been asked for (or made) for this subscription? */
const stablecoinUnderway = (s: SubscriptionRow) => s.payment_method === 'stablecoin' && s.status !== 'PENDING_PAYMENT' && s.status !== 'CANCELLED'

/**
 * Pays a subscription in stablecoin from the investor's own custodial vault:
 * the subscription becomes PAYMENT_PROCESSING and a SUBSCRIPTION_PAYMENT
 * workflow has custody send `transfer(treasury, amount)` (externalTxId
 * `sub:<id>:pay:<attempt>`); it is PAID when custody completes it. Asking
 * again while it is underway or once paid changes nothing (`created: false`);
 * a stalled payment is resumed under the same externalTxId, and only a
 * payment that ended without effect is tried again under a new one.
 */
export async function payWithStablecoin(ctx: PlatformContext, subscriptionId: string, actor: string, correlationId?: string): Promise<{ subscription: SubscriptionRow; created: boolean }> {
  const sub = await getSubscriptionRow(ctx, subscriptionId)
  if (stablecoinUnderway(sub)) {
    if (sub.status === 'PAYMENT_PROCESSING') await resumeStalled(ctx, sub, actor, correlationId)
    return { subscription: await getSubscriptionRow(ctx, sub.id), created: false }
  }
  if (sub.status !== 'PENDING_PAYMENT') throw new SubscriptionStateError(sub.payment_method === 'fiat' ? 'SUBSCRIPTION_ALREADY_PAID' : `SUBSCRIPTION_${sub.status}`, `subscription ${sub.id} is ${sub.status}${sub.payment_method === 'fiat' ? ' (paid by bank transfer)' : ''}`, { status: sub.status })

  const offering = await getOfferingRow(ctx, sub.offering_id)
  if (!offering.payment_methods.includes('stablecoin')) throw new PaymentRefusedError('PAYMENT_METHOD_NOT_ACCEPTED', `offering ${offering.id} accepts ${offering.payment_methods.join(', ')} only`, { paymentMethods: offering.payment_methods })
  if (offering.status !== 'OPEN') throw new OfferingStateError('OFFERING_NOT_OPEN', `offering ${offering.id} is ${offering.status}: payments are taken while it is OPEN`, { status: offering.status })
  const investor = await getInvestorRow(ctx, sub.investor_id)
  if (investor.status !== 'ACTIVE' || !investor.vault_id || !investor.wallet_address) {
    throw new PaymentRefusedError('PAYMENT_INVESTOR_NOT_ACTIVE', `investor ${investor.id} is ${investor.status}: only an ACTIVE investor's vault pays`, { investorStatus: investor.status })
  }
  // Refuse here with the balance rather than as a reverted simulation at custody.
  const balance = await ctx.chain.publicClient.readContract({ address: getAddress(offering.settlement_asset), abi: erc20Abi, functionName: 'balanceOf', args: [getAddress(investor.wallet_address)] })
  if (balance < BigInt(sub.amount)) {
    throw new PaymentRefusedError('PAYMENT_INSUFFICIENT_FUNDS', `the investor's vault ${investor.wallet_address} holds ${balance} of the ${sub.amount} to pay`, { balance: balance.toString(), amount: sub.amount })
  }

  const started = await ctx.db.transaction().execute(async (tx) => {
    const o = await tx.selectFrom('offerings').select('status').where('id', '=', offering.id).forUpdate().executeTakeFirstOrThrow()
    if (o.status !== 'OPEN') throw new OfferingStateError('OFFERING_NOT_OPEN', `offering ${offering.id} is ${o.status}: payments are taken while it is OPEN`, { status: o.status })
    const locked = await tx.selectFrom('offering_subscriptions').selectAll().where('id', '=', sub.id).forUpdate().executeTakeFirstOrThrow()
    if (locked.status !== 'PENDING_PAYMENT') return null
    const attempt = locked.payment_attempt + 1
    await transitionSubscription(
      tx,
      ctx,
      locked,
      ['PENDING_PAYMENT'],
      { status: 'PAYMENT_PROCESSING', status_code: null, status_reason: null, payment_method: 'stablecoin', payment_attempt: attempt, payment_external_tx_id: paymentExternalTxId(sub.id, attempt), payment_custody_tx_id: null, payment_tx_hash: null, payer_address: getAddress(investor.wallet_address!) },
      { actor, action: 'subscription.payment_requested', correlationId, details: { method: 'stablecoin', attempt, externalTxId: paymentExternalTxId(sub.id, attempt) } },
    )
    await startWorkflow(tx, ctx, { id: paymentWorkflowId(sub.id, attempt), investorId: `subscription:${sub.id}`, kind: 'SUBSCRIPTION_PAYMENT', step: 'send', state: { subscriptionId: sub.id, attempt }, correlationId })
    return attempt
  })
  if (started === null) return { subscription: await getSubscriptionRow(ctx, sub.id), created: false }
  ctx.eventsCommitted()
  try {
    await sendPayment(ctx, sub.id, started)
  } catch (err) {
    ctx.logger.warn({ subscriptionId: sub.id, code: (err as { code?: string }).code, message: (err as Error).message }, 'custody not reached now; the payment workflow asks again')
  }
  ctx.wake()
  return { subscription: await getSubscriptionRow(ctx, sub.id), created: true }
}

/** A payment workflow that FAILED without knowing the transfer's fate goes back to work on the same externalTxId. */
async function resumeStalled(ctx: PlatformContext, sub: SubscriptionRow, actor: string, correlationId?: string) {
  const resumed = await ctx.db.transaction().execute(async (tx) => {
    const ok = await resumeFailedWorkflow(tx, ctx, paymentWorkflowId(sub.id, sub.payment_attempt), { actor, correlationId, details: { subscriptionId: sub.id } })
    if (ok) await transitionSubscription(tx, ctx, sub, ['PAYMENT_PROCESSING'], { status_code: null, status_reason: null }, { actor, action: 'subscription.payment_resumed', correlationId, details: { attempt: sub.payment_attempt } })
    return ok
  })
  if (resumed) {
    ctx.eventsCommitted()
    ctx.wake()
  }
}
