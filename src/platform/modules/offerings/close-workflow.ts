import { CustosError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import type { WorkflowRow } from '../../engine/types.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { stateOf, type StepOutcome, type WorkflowDefinition } from '../../engine/types.ts'
import { transitionOffering, transitionSubscription, type SubscriptionRow } from './record-transition.ts'
import { mintIdempotencyKey, refundExternalTxId, refundWorkflowId } from './workflow-ids.ts'
import { getOperationRow } from '../tokens/read-operations.ts'
import { mintAsset, requestMintLockup } from '../issuance/public.ts'

const DAY_SECONDS = 86_400n

type CloseState = { offeringId: string; outcome?: 'ISSUE' | 'REFUND' }
const ACTOR = 'system:workflow:offering_close'

const offeringOf = (ctx: PlatformContext, wf: WorkflowRow) => ctx.db.selectFrom('offerings').selectAll().where('id', '=', stateOf<CloseState>(wf).offeringId).executeTakeFirstOrThrow()
const subscriptionsOf = (ctx: PlatformContext, offeringId: string, statuses: SubscriptionRow['status'][]) =>
  ctx.db.selectFrom('offering_subscriptions').selectAll().where('offering_id', '=', offeringId).where('status', 'in', statuses).orderBy('created_at').orderBy('id').execute()
const total = (subs: SubscriptionRow[]) => subs.reduce((s, x) => s + BigInt(x.amount), 0n)

/** Stablecoin transfers asked for before the close must end first: money in flight is neither cancelled nor left behind. */
async function settlePayments(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const offering = await offeringOf(ctx, wf)
  const processing = await subscriptionsOf(ctx, offering.id, ['PAYMENT_PROCESSING'])
  const stalled = processing.filter((s) => s.status_code === 'PAYMENT_STALLED')
  if (stalled.length) return { type: 'fail', code: 'OFFERING_PAYMENT_STALLED', message: `custody could not be asked about the payment of ${stalled.map((s) => s.id).join(', ')}; close again to resume` }
  if (processing.length) return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: processing[0]!.payment_external_tx_id }
  return { type: 'next', step: 'decide' }
}

/**
 * Cancels what was not paid, then either allocates (every paid subscription
 * is ALLOCATED its tokens) or, for a cancellation or a paid total below the
 * soft cap, refunds: stablecoin payments by a SUBSCRIPTION_REFUND workflow
 * each, fiat ones marked REFUND_DUE for an operator. One transaction.
 */
async function decide(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const offering = await offeringOf(ctx, wf)
  const paid = await subscriptionsOf(ctx, offering.id, ['PAID'])
  const paidTotal = total(paid)
  const softCapMissed = offering.soft_cap !== null && paidTotal < BigInt(offering.soft_cap)
  const refund = offering.close_kind === 'CANCEL' || softCapMissed
  const reason = offering.close_kind === 'CANCEL' ? offering.status_reason : softCapMissed ? `soft cap not reached: ${paidTotal} paid of ${offering.soft_cap}` : null
  const meta = (action: string, details?: Record<string, unknown>) => ({ actor: ACTOR, action, correlationId: wf.correlation_id, details })
  return {
    type: 'next',
    step: refund ? 'await-refunds' : 'mint',
    state: { outcome: refund ? 'REFUND' : 'ISSUE', paidTotal: paidTotal.toString() },
    apply: async (tx) => {
      const now = ctx.clock.now()
      const subs = await tx.selectFrom('offering_subscriptions').selectAll().where('offering_id', '=', offering.id).where('status', 'in', ['PENDING_PAYMENT', 'PAID']).orderBy('created_at').orderBy('id').execute()
      for (const sub of subs) {
        if (sub.status === 'PENDING_PAYMENT') {
          await transitionSubscription(tx, ctx, sub, ['PENDING_PAYMENT'], { status: 'CANCELLED', status_code: 'UNPAID_AT_CLOSE', status_reason: 'not paid when the offering closed' }, meta('subscription.cancelled'))
        } else if (!refund) {
          await transitionSubscription(tx, ctx, sub, ['PAID'], { status: 'ALLOCATED', status_code: null, status_reason: null, mint_attempt: 1 }, meta('subscription.allocated', { allocation: sub.allocation }))
        } else if (sub.payment_method === 'stablecoin') {
          await transitionSubscription(tx, ctx, sub, ['PAID'], { status: 'REFUNDING', status_code: null, status_reason: reason, refund_attempt: 1, refund_external_tx_id: refundExternalTxId(sub.id, 1) }, meta('subscription.refund_requested'))
          await startWorkflow(tx, ctx, { id: refundWorkflowId(sub.id, 1), investorId: `subscription:${sub.id}`, kind: 'SUBSCRIPTION_REFUND', step: 'send', state: { subscriptionId: sub.id, attempt: 1 }, correlationId: wf.correlation_id })
        } else {
          await transitionSubscription(tx, ctx, sub, ['PAID'], { status: 'REFUND_DUE', status_code: 'FIAT_REFUND_DUE', status_reason: `${reason}; an operator returns the bank transfer ${sub.fiat_reference}` }, meta('subscription.refund_due'))
        }
      }
      if (refund) {
        await transitionOffering(tx, ctx, offering, ['CLOSING'], { status: 'REFUNDING', status_reason: reason }, meta('offering.refunding', { paidTotal: paidTotal.toString() }))
      } else {
        await transitionOffering(tx, ctx, offering, ['CLOSING'], { allocated_at: now }, meta('offering.allocated', { paidTotal: paidTotal.toString(), subscriptions: paid.length, allocated: paid.reduce((s, x) => s + BigInt(x.allocation), 0n).toString() }))
      }
    },
  }
}

/**
 * Mints each allocation as a platform issuance (`mintAsset`, idempotency key
 * `offering:<id>:subscription:<id>`), so a repeated step finds the issuance it
 * asked for instead of minting twice; the issuer-agent vault is warm, so each
 * waits for a custody approver. An offering with `lockupDays` first records
 * the lock-up on-chain (`requestMintLockup`, same key) and mints only once
 * that completed, so the lot is locked by the token itself from any sender.
 * CLOSED once every allocation is minted.
 */
async function mint(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const offering = await offeringOf(ctx, wf)
  const subs = await subscriptionsOf(ctx, offering.id, ['ALLOCATED'])
  const meta = (action: string, details?: Record<string, unknown>) => ({ actor: ACTOR, action, correlationId: wf.correlation_id, details })
  const problems: string[] = []
  const busy = new Set<string>()
  let pending = 0
  for (let sub of subs) {
    if (sub.status_code === 'MINT_FAILED' || sub.status_code === 'MINT_REFUSED') {
      problems.push(`${sub.id}: ${sub.status_reason}`)
      continue
    }
    if (!sub.mint_operation_id) {
      // The module's next-mint lock-up is per wallet: one investor's allocations mint one after another.
      if (busy.has(sub.investor_id)) {
        pending++
        continue
      }
      const key = mintIdempotencyKey(offering.id, sub.id, sub.mint_attempt)
      let operationId: string
      try {
        if (offering.lockup_days) {
          const lockup = await requestMintLockup(ctx, { tokenId: offering.token_id, investorId: sub.investor_id, seconds: BigInt(offering.lockup_days) * DAY_SECONDS, idempotencyKey: key }, offering.close_requested_by ?? ACTOR, wf.correlation_id ?? undefined)
          if (lockup?.status === 'FAILED') {
            await ctx.db.transaction().execute((tx) => transitionSubscription(tx, ctx, sub, ['ALLOCATED'], { status_code: 'MINT_FAILED', status_reason: `lock-up not recorded on-chain: ${lockup.status_code}: ${lockup.status_reason}` }, meta('subscription.mint_failed', { lockupOperationId: lockup.id, code: lockup.status_code })))
            ctx.eventsCommitted()
            problems.push(`${sub.id}: ${lockup.status_code}`)
            continue
          }
          if (lockup && lockup.status !== 'COMPLETED') {
            busy.add(sub.investor_id)
            pending++
            continue
          }
        }
        const { op } = await mintAsset(ctx, { tokenId: offering.token_id, investorId: sub.investor_id, quantity: sub.allocation, agreementRef: `subscription:${sub.id}`, idempotencyKey: key }, offering.close_requested_by ?? ACTOR, wf.correlation_id ?? undefined)
        operationId = op.id
        ctx.failpoint?.('offering:after-mint-requested')
      } catch (err) {
        // A refusal that asking again will not change (investor no longer ACTIVE, compliance): stop here for a person.
        if (!(err instanceof CustosError) || err.retryable) throw err
        await ctx.db.transaction().execute((tx) => transitionSubscription(tx, ctx, sub, ['ALLOCATED'], { status_code: 'MINT_REFUSED', status_reason: `${err.code}: ${err.message}` }, meta('subscription.mint_refused', { code: err.code })))
        ctx.eventsCommitted()
        problems.push(`${sub.id}: ${err.code}`)
        continue
      }
      const updated = await ctx.db.transaction().execute((tx) => transitionSubscription(tx, ctx, sub, ['ALLOCATED'], { mint_operation_id: operationId }, meta('subscription.mint_requested', { operationId, idempotencyKey: key, quantity: sub.allocation })))
      if (!updated) continue
      sub = updated
    }
    const op = await getOperationRow(ctx, sub.mint_operation_id!)
    if (op.status === 'COMPLETED') {
      await ctx.db.transaction().execute((tx) => transitionSubscription(tx, ctx, sub, ['ALLOCATED'], { status: 'ISSUED', issued_at: ctx.clock.now() }, meta('subscription.issued', { operationId: sub.mint_operation_id, txHash: op.tx_hash, quantity: sub.allocation })))
      ctx.eventsCommitted()
    } else if (op.status === 'FAILED') {
      await ctx.db.transaction().execute((tx) => transitionSubscription(tx, ctx, sub, ['ALLOCATED'], { status_code: 'MINT_FAILED', status_reason: `${op.status_code}: ${op.status_reason}` }, meta('subscription.mint_failed', { operationId: sub.mint_operation_id, code: op.status_code })))
      ctx.eventsCommitted()
      problems.push(`${sub.id}: ${op.status_code}`)
    } else {
      busy.add(sub.investor_id)
      pending++
    }
  }
  if (pending > 0) return { type: 'wait', ms: ctx.settings.custodyPollMs }
  if (problems.length) return { type: 'fail', code: 'OFFERING_MINT_FAILED', message: `allocations not minted: ${problems.join('; ')}. Resolve, then close again to retry them` }
  return {
    type: 'done',
    audit: { action: 'offering.close_completed', details: { offeringId: offering.id, outcome: 'ISSUE' } },
    apply: async (tx) => {
      await transitionOffering(tx, ctx, offering, ['CLOSING'], { status: 'CLOSED', status_reason: null, closed_at: ctx.clock.now() }, meta('offering.closed'))
    },
  }
}

/** REFUNDED (or CANCELLED) once every stablecoin refund has completed; fiat refunds are the operator's. */
async function awaitRefunds(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const offering = await offeringOf(ctx, wf)
  const refunding = await subscriptionsOf(ctx, offering.id, ['REFUNDING'])
  const stuck = refunding.filter((s) => s.status_code === 'REFUND_FAILED' || s.status_code === 'REFUND_STALLED')
  if (refunding.length > stuck.length) return { type: 'wait', ms: ctx.settings.custodyPollMs }
  if (stuck.length) return { type: 'fail', code: 'OFFERING_REFUND_FAILED', message: `refunds not made: ${stuck.map((s) => `${s.id}: ${s.status_reason}`).join('; ')}. Close again to retry them` }
  const end = offering.close_kind === 'CANCEL' ? 'CANCELLED' : 'REFUNDED'
  return {
    type: 'done',
    audit: { action: 'offering.close_completed', details: { offeringId: offering.id, outcome: end } },
    apply: async (tx) => {
      await transitionOffering(tx, ctx, offering, ['REFUNDING'], { status: end, closed_at: ctx.clock.now() }, { actor: ACTOR, action: end === 'CANCELLED' ? 'offering.cancelled' : 'offering.refunded', correlationId: wf.correlation_id })
    },
  }
}

/**
 * OFFERING_CLOSE: settle-payments → decide → mint (→ CLOSED) or
 * await-refunds (→ REFUNDED, or CANCELLED for a cancellation).
 */
export const offeringCloseWorkflow: WorkflowDefinition = {
  kind: 'OFFERING_CLOSE',
  steps: { 'settle-payments': settlePayments, decide, mint, 'await-refunds': awaitRefunds },
}
