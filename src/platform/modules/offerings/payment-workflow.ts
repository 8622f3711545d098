import type { PlatformContext } from '../../context.ts'
import type { WorkflowRow } from '../../engine/types.ts'
import { stateOf, type StepOutcome, type WorkflowDefinition } from '../../engine/types.ts'
import { transitionSubscription } from './record-transition.ts'
import { custodyFailureReason, sendStablecoin } from './send-stablecoin.ts'
import { paymentWorkflowId } from './workflow-ids.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import { isFinal } from '../custody/public.ts'

type PaymentState = { subscriptionId: string; attempt: number }
const ACTOR = 'system:workflow:subscription_payment'

/**
 * Asks custody for a payment attempt's transfer (investor vault → offering
 * treasury) and records the custody transaction on the subscription. Called
 * by the pay request, so its answer carries the custody transaction, and by
 * the workflow until the transaction is final.
 */
export async function sendPayment(ctx: PlatformContext, subscriptionId: string, attempt: number) {
  const sub = await ctx.db.selectFrom('offering_subscriptions').selectAll().where('id', '=', subscriptionId).executeTakeFirstOrThrow()
  const offering = await ctx.db.selectFrom('offerings').select(['settlement_asset', 'treasury_address']).where('id', '=', sub.offering_id).executeTakeFirstOrThrow()
  const investor = await getInvestorRow(ctx, sub.investor_id)
  const tx = await sendStablecoin(ctx, {
    externalTxId: sub.payment_external_tx_id!,
    workflowId: paymentWorkflowId(sub.id, attempt),
    asset: offering.settlement_asset,
    sourceVaultId: investor.vault_id!,
    to: offering.treasury_address,
    amount: BigInt(sub.amount),
    note: `subscription ${sub.id}: ${sub.amount} to offering ${sub.offering_id}'s treasury`,
  })
  ctx.failpoint?.('offering:after-payment-submitted')
  if (sub.payment_custody_tx_id !== tx.id || sub.payment_tx_hash !== tx.txHash) {
    await ctx.db.updateTable('offering_subscriptions').set({ payment_custody_tx_id: tx.id, payment_tx_hash: tx.txHash }).where('id', '=', sub.id).where('payment_attempt', '=', attempt).execute()
  }
  return { sub, tx }
}

async function send(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const { subscriptionId, attempt } = stateOf<PaymentState>(wf)
  const current = await ctx.db.selectFrom('offering_subscriptions').select(['status', 'payment_attempt']).where('id', '=', subscriptionId).executeTakeFirstOrThrow()
  if (current.status !== 'PAYMENT_PROCESSING' || current.payment_attempt !== attempt) return { type: 'done', audit: { action: 'subscription.payment_superseded', details: { subscriptionId, attempt } } }
  const { sub, tx } = await sendPayment(ctx, subscriptionId, attempt)
  const details = { subscriptionId, attempt, custodyTxId: tx.id, custodyStatus: tx.status, txHash: tx.txHash }
  if (tx.status === 'COMPLETED') {
    return {
      type: 'done',
      audit: { action: 'subscription.payment_completed', details },
      apply: async (db) => {
        await transitionSubscription(db, ctx, sub, ['PAYMENT_PROCESSING'], { status: 'PAID', status_code: null, status_reason: null, paid_at: ctx.clock.now(), payment_custody_tx_id: tx.id, payment_tx_hash: tx.txHash }, { actor: ACTOR, action: 'subscription.paid', correlationId: wf.correlation_id, details: { method: 'stablecoin', custodyTxId: tx.id, txHash: tx.txHash } })
      },
    }
  }
  if (isFinal(tx)) {
    // Final without effect: the subscription waits for payment again; a new attempt gets a new externalTxId.
    return {
      type: 'done',
      audit: { action: 'subscription.payment_failed', details },
      apply: async (db) => {
        await transitionSubscription(db, ctx, sub, ['PAYMENT_PROCESSING'], { status: 'PENDING_PAYMENT', status_code: 'PAYMENT_FAILED', status_reason: custodyFailureReason(tx), payment_custody_tx_id: tx.id }, { actor: ACTOR, action: 'subscription.payment_failed', correlationId: wf.correlation_id, details })
      },
    }
  }
  return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: sub.payment_external_tx_id }
}

/**
 * SUBSCRIPTION_PAYMENT: one stablecoin transfer from the investor's vault to
 * the offering's treasury, followed to its end: PAID when custody completes
 * it, back to PENDING_PAYMENT (code PAYMENT_FAILED) when it ends without
 * effect.
 */
export const subscriptionPaymentWorkflow: WorkflowDefinition = {
  kind: 'SUBSCRIPTION_PAYMENT',
  steps: { send },
  // Custody could not be asked (retries exhausted, or a refusal that cannot change). The transfer may still
  // exist at custody, so the subscription stays PAYMENT_PROCESSING (never a second attempt): paying again resumes this one.
  onFailed: async (tx, ctx, wf, code, message) => {
    const { subscriptionId, attempt } = stateOf<PaymentState>(wf)
    const sub = await tx.selectFrom('offering_subscriptions').selectAll().where('id', '=', subscriptionId).where('payment_attempt', '=', attempt).executeTakeFirst()
    if (!sub) return
    await transitionSubscription(tx, ctx, sub, ['PAYMENT_PROCESSING'], { status_code: 'PAYMENT_STALLED', status_reason: `${code}: ${message}` }, { actor: ACTOR, action: 'subscription.payment_stalled', correlationId: wf.correlation_id, details: { attempt, code } })
  },
}
