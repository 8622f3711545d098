import type { Kysely } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { lockWorkflowStatus } from '../../engine/read-workflows.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { OfferingStateError } from './errors.ts'
import { getOfferingRow, offeringTotals } from './read-offerings.ts'
import { transitionOffering, transitionSubscription, type OfferingRow } from './record-transition.ts'
import { resumeFailedWorkflow } from '../../engine/resume-workflow.ts'
import type { OfferingCloseKind } from './tables.ts'
import { closeWorkflowId, paymentWorkflowId, refundExternalTxId, refundWorkflowId } from './workflow-ids.ts'

export interface CloseRequest {
  kind: OfferingCloseKind
  /** Why (a cancellation must say). */
  reason?: string
}

/**
 * Closes (or cancels) an offering: CLOSING, and the OFFERING_CLOSE workflow
 * (`offering-close:<id>`) starts in the same transaction. A close is allowed
 * once the window has ended, or before when paid subscriptions have reached
 * the hard cap (then no investor's pending subscription is cut short); a
 * cancellation while the offering is OPEN. Asking again changes nothing
 * (`accepted: false`) unless the close workflow FAILED, which it then
 * resumes, with a new attempt for each mint or refund that custody ended
 * without effect and the same one for each whose fate is unknown.
 */
export async function requestClose(ctx: PlatformContext, offeringId: string, req: CloseRequest, actor: string, correlationId?: string): Promise<{ offering: OfferingRow; accepted: boolean }> {
  const offering = await getOfferingRow(ctx, offeringId)
  if (offering.status !== 'OPEN') {
    if (offering.close_kind !== req.kind) {
      throw new OfferingStateError('OFFERING_NOT_OPEN', `offering ${offering.id} is ${offering.status} (${offering.close_kind === 'CANCEL' ? 'cancelled' : 'closed'}): it cannot be ${req.kind === 'CANCEL' ? 'cancelled' : 'closed'} now`, { status: offering.status, closeKind: offering.close_kind })
    }
    const retried = await ctx.db.transaction().execute((tx) => retryClose(tx, ctx, offering, actor, correlationId))
    if (retried) {
      ctx.eventsCommitted()
      ctx.wake()
    }
    return { offering: await getOfferingRow(ctx, offering.id), accepted: retried }
  }

  const now = ctx.clock.now()
  if (req.kind === 'CLOSE' && now < offering.closes_at) {
    const { paid } = await offeringTotals(ctx, offering.id)
    if (BigInt(paid) < BigInt(offering.hard_cap)) {
      throw new OfferingStateError('OFFERING_STILL_OPEN', `offering ${offering.id} runs until ${offering.closes_at.toISOString()}; it closes early only once paid subscriptions reach the hard cap (${paid} of ${offering.hard_cap} paid)`, {
        closesAt: offering.closes_at.toISOString(),
        paid,
        hardCap: offering.hard_cap,
      })
    }
  }
  const moved = await ctx.db.transaction().execute(async (tx) => {
    const locked = await tx.selectFrom('offerings').selectAll().where('id', '=', offering.id).forUpdate().executeTakeFirstOrThrow()
    const updated = await transitionOffering(
      tx,
      ctx,
      locked,
      ['OPEN'],
      { status: 'CLOSING', status_reason: req.kind === 'CANCEL' ? `cancelled: ${req.reason ?? 'no reason given'}` : null, close_kind: req.kind, close_requested_by: actor, close_requested_at: now },
      { actor, action: req.kind === 'CANCEL' ? 'offering.cancel_requested' : 'offering.close_requested', correlationId, details: req.reason ? { reason: req.reason } : undefined },
    )
    if (!updated) return false
    await startWorkflow(tx, ctx, { id: closeWorkflowId(offering.id), investorId: `offering:${offering.id}`, kind: 'OFFERING_CLOSE', step: 'settle-payments', state: { offeringId: offering.id }, correlationId })
    return true
  })
  if (!moved) return requestClose(ctx, offeringId, req, actor, correlationId)
  ctx.eventsCommitted()
  ctx.wake()
  return { offering: await getOfferingRow(ctx, offering.id), accepted: true }
}

async function retryClose(tx: Kysely<PlatformDB>, ctx: PlatformContext, offering: OfferingRow, actor: string, correlationId?: string): Promise<boolean> {
  if ((await lockWorkflowStatus(tx, closeWorkflowId(offering.id))) !== 'FAILED') return false
  const meta = (action: string, details: Record<string, unknown> = {}) => ({ actor, action, correlationId, details })
  const stuck = await tx.selectFrom('offering_subscriptions').selectAll().where('offering_id', '=', offering.id).where('status_code', 'in', ['MINT_FAILED', 'MINT_REFUSED', 'REFUND_FAILED', 'REFUND_STALLED', 'PAYMENT_STALLED']).forUpdate().execute()
  for (const sub of stuck) {
    const clear = { status_code: null, status_reason: null }
    switch (sub.status_code) {
      case 'MINT_FAILED':
        // Custody ended the mint without effect: a new issuance under a new idempotency key.
        await transitionSubscription(tx, ctx, sub, ['ALLOCATED'], { ...clear, mint_attempt: sub.mint_attempt + 1, mint_operation_id: null }, meta('subscription.mint_retried', { attempt: sub.mint_attempt + 1 }))
        break
      case 'MINT_REFUSED':
        await transitionSubscription(tx, ctx, sub, ['ALLOCATED'], clear, meta('subscription.mint_retried', { attempt: sub.mint_attempt }))
        break
      case 'REFUND_FAILED': {
        const attempt = sub.refund_attempt + 1
        await transitionSubscription(tx, ctx, sub, ['REFUNDING'], { ...clear, refund_attempt: attempt, refund_external_tx_id: refundExternalTxId(sub.id, attempt), refund_custody_tx_id: null, refund_tx_hash: null }, meta('subscription.refund_retried', { attempt }))
        await startWorkflow(tx, ctx, { id: refundWorkflowId(sub.id, attempt), investorId: `subscription:${sub.id}`, kind: 'SUBSCRIPTION_REFUND', step: 'send', state: { subscriptionId: sub.id, attempt }, correlationId })
        break
      }
      case 'REFUND_STALLED':
        await resumeFailedWorkflow(tx, ctx, refundWorkflowId(sub.id, sub.refund_attempt), { actor, correlationId, details: { subscriptionId: sub.id } })
        await transitionSubscription(tx, ctx, sub, ['REFUNDING'], clear, meta('subscription.refund_resumed', { attempt: sub.refund_attempt }))
        break
      case 'PAYMENT_STALLED':
        await resumeFailedWorkflow(tx, ctx, paymentWorkflowId(sub.id, sub.payment_attempt), { actor, correlationId, details: { subscriptionId: sub.id } })
        await transitionSubscription(tx, ctx, sub, ['PAYMENT_PROCESSING'], clear, meta('subscription.payment_resumed', { attempt: sub.payment_attempt }))
        break
    }
  }
  await resumeFailedWorkflow(tx, ctx, closeWorkflowId(offering.id), { actor, correlationId, details: { offeringId: offering.id, resumedSubscriptions: stuck.map((s) => s.id) } })
  return true
}
