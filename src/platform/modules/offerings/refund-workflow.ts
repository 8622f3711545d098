import type { PlatformContext } from '../../context.ts'
import type { WorkflowRow } from '../../engine/types.ts'
import { stateOf, type StepOutcome, type WorkflowDefinition } from '../../engine/types.ts'
import { transitionSubscription } from './record-transition.ts'
import { custodyFailureReason, sendStablecoin } from './send-stablecoin.ts'
import { isFinal } from '../custody/public.ts'

type RefundState = { subscriptionId: string; attempt: number }
const ACTOR = 'system:workflow:subscription_refund'

async function send(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const { subscriptionId, attempt } = stateOf<RefundState>(wf)
  const sub = await ctx.db.selectFrom('offering_subscriptions').selectAll().where('id', '=', subscriptionId).executeTakeFirstOrThrow()
  if (sub.status !== 'REFUNDING' || sub.refund_attempt !== attempt) return { type: 'done', audit: { action: 'subscription.refund_superseded', details: { subscriptionId, attempt } } }
  const offering = await ctx.db.selectFrom('offerings').select(['settlement_asset', 'treasury_vault_id']).where('id', '=', sub.offering_id).executeTakeFirstOrThrow()
  const tx = await sendStablecoin(ctx, {
    externalTxId: sub.refund_external_tx_id!,
    workflowId: wf.id,
    asset: offering.settlement_asset,
    sourceVaultId: offering.treasury_vault_id,
    // Back to the vault that paid.
    to: sub.payer_address!,
    amount: BigInt(sub.amount),
    note: `refund of subscription ${sub.id} to offering ${sub.offering_id}`,
  })
  ctx.failpoint?.('offering:after-refund-submitted')
  if (sub.refund_custody_tx_id !== tx.id || sub.refund_tx_hash !== tx.txHash) {
    await ctx.db.updateTable('offering_subscriptions').set({ refund_custody_tx_id: tx.id, refund_tx_hash: tx.txHash }).where('id', '=', sub.id).where('refund_attempt', '=', attempt).execute()
  }
  const details = { subscriptionId, attempt, custodyTxId: tx.id, custodyStatus: tx.status, txHash: tx.txHash }
  if (tx.status === 'COMPLETED') {
    return {
      type: 'done',
      audit: { action: 'subscription.refund_completed', details },
      apply: async (db) => {
        await transitionSubscription(db, ctx, sub, ['REFUNDING'], { status: 'REFUNDED', status_code: null, status_reason: null, refunded_at: ctx.clock.now(), refund_custody_tx_id: tx.id, refund_tx_hash: tx.txHash }, { actor: ACTOR, action: 'subscription.refunded', correlationId: wf.correlation_id, details: { method: 'stablecoin', custodyTxId: tx.id, txHash: tx.txHash } })
      },
    }
  }
  if (isFinal(tx)) {
    // Nothing moved; the offering's close workflow stops and a retry of the close asks again under a new attempt.
    return {
      type: 'done',
      audit: { action: 'subscription.refund_failed', details },
      apply: async (db) => {
        await transitionSubscription(db, ctx, sub, ['REFUNDING'], { status_code: 'REFUND_FAILED', status_reason: custodyFailureReason(tx), refund_custody_tx_id: tx.id }, { actor: ACTOR, action: 'subscription.refund_failed', correlationId: wf.correlation_id, details })
      },
    }
  }
  return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: sub.refund_external_tx_id }
}

/**
 * SUBSCRIPTION_REFUND: the offering's treasury vault sends a stablecoin
 * payment back to the vault it came from (externalTxId
 * `sub:<id>:refund:<attempt>`), followed to its end: REFUNDED, or still
 * REFUNDING with code REFUND_FAILED when custody ended it without effect.
 */
export const subscriptionRefundWorkflow: WorkflowDefinition = {
  kind: 'SUBSCRIPTION_REFUND',
  steps: { send },
  // The transfer's fate is unknown: never a new attempt, the close retry resumes this workflow.
  onFailed: async (tx, ctx, wf, code, message) => {
    const { subscriptionId, attempt } = stateOf<RefundState>(wf)
    const sub = await tx.selectFrom('offering_subscriptions').selectAll().where('id', '=', subscriptionId).where('refund_attempt', '=', attempt).executeTakeFirst()
    if (!sub) return
    await transitionSubscription(tx, ctx, sub, ['REFUNDING'], { status_code: 'REFUND_STALLED', status_reason: `${code}: ${message}` }, { actor: ACTOR, action: 'subscription.refund_stalled', correlationId: wf.correlation_id, details: { attempt, code } })
  },
}
