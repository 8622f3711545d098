import type { PlatformContext } from '../../context.ts'
import { stateOf, type StepOutcome, type WorkflowDefinition, type WorkflowRow } from '../../engine/types.ts'
import { payWithStablecoin, paymentExternalTxId } from '../offerings/public.ts'
import { stablecoinPaymentOutcome, unpaidStablecoinSubscriptions } from '../offerings/read-subscriptions.ts'
import { appendEntry, balanceOf, lockAccount } from './ledger.ts'
import { refs } from './workflow-ids.ts'

/** A payment the cash pays; `reservation` is the base of its ledger references (`<reservation>:RESERVED|SETTLED|RELEASED`). */
type Payment = { subscriptionId: string; attempt: number; amount: string; reservation: string }
type AutoPayState = { investorId: string; asset: string; depositId: string; payments?: Payment[] }
const ACTOR = 'system:workflow:cash_auto_pay'

const paymentEvent = (type: string, investorId: string, p: Payment, extra: Record<string, unknown> = {}) => ({
  type,
  resourceType: 'investor',
  resourceId: investorId,
  data: { subscriptionId: p.subscriptionId, attempt: p.attempt, externalTxId: paymentExternalTxId(p.subscriptionId, p.attempt), ...extra },
})

/**
 * Reserves the cash for one subscription's next payment attempt and has offerings pay it, or
 * finds the reservation made before a crash. Returns the payment, or null when the cash does
 * not cover it (nothing reserved).
 */
async function reserveAndPay(ctx: PlatformContext, wf: WorkflowRow, s: AutoPayState, sub: { id: string; amount: bigint; nextAttempt: number }): Promise<Payment | null> {
  const payment = await ctx.db.transaction().execute(async (tx): Promise<Payment | null> => {
    await lockAccount(tx, ctx, s.investorId)
    // A reservation for this attempt still open (made before a crash, or by another deposit's run) is the one to use.
    const prefix = `subscription:${sub.id}:pay:${sub.nextAttempt}:r`
    const made = await tx.selectFrom('cash_entries').select('reference').where('reference', 'like', `${prefix}%`).execute()
    const bases = [...new Set(made.map((m) => m.reference.slice(0, m.reference.lastIndexOf(':'))))]
    const open = bases.find((b) => !made.some((m) => m.reference === `${b}:RELEASED` || m.reference === `${b}:SETTLED`))
    if (open) return { subscriptionId: sub.id, attempt: sub.nextAttempt, amount: sub.amount.toString(), reservation: open }
    if ((await balanceOf(tx, s.investorId, s.asset)).available < sub.amount) return null
    const p: Payment = { subscriptionId: sub.id, attempt: sub.nextAttempt, amount: sub.amount.toString(), reservation: refs.payment(sub.id, sub.nextAttempt, bases.length + 1) }
    await appendEntry(tx, ctx, {
      investorId: s.investorId, asset: s.asset, kind: 'SUBSCRIPTION_PAYMENT', phase: 'RESERVED', amount: sub.amount,
      reference: `${p.reservation}:RESERVED`, subject: { type: 'subscription', id: sub.id },
      details: { attempt: sub.nextAttempt, depositId: s.depositId }, actor: ACTOR, action: 'cash.subscription_payment_reserved', correlationId: wf.correlation_id,
      events: [paymentEvent('cash.subscription_payment_started', s.investorId, p)],
    })
    return p
  })
  if (!payment) return null
  ctx.eventsCommitted()
  ctx.failpoint?.('cash:after-payment-reserved')
  try {
    await payWithStablecoin(ctx, sub.id, ACTOR, wf.correlation_id ?? undefined)
  } catch (err) {
    const e = err as { code?: string; retryable?: boolean; message?: string }
    if (e.retryable) throw err
    // Offerings refused it (the offering closed meanwhile, the vault holds less than the ledger): the reservation goes back.
    await release(ctx, wf, s, payment, `${e.code ?? 'PAYMENT_REFUSED'}: ${e.message ?? String(err)}`)
  }
  return payment
}

async function release(ctx: PlatformContext, wf: WorkflowRow, s: AutoPayState, p: Payment, reason: string | null) {
  await ctx.db.transaction().execute((tx) =>
    appendEntry(tx, ctx, {
      investorId: s.investorId, asset: s.asset, kind: 'SUBSCRIPTION_PAYMENT', phase: 'RELEASED', amount: BigInt(p.amount),
      reference: `${p.reservation}:RELEASED`, subject: { type: 'subscription', id: p.subscriptionId },
      details: { attempt: p.attempt, reason }, actor: ACTOR, action: 'cash.subscription_payment_released', correlationId: wf.correlation_id,
      events: [paymentEvent('cash.subscription_payment_failed', s.investorId, p, { reason })],
    }),
  )
  ctx.eventsCommitted()
}

/** The investor's subscription-payment reservations not yet settled or released. */
async function openReservations(ctx: PlatformContext, investorId: string, asset: string): Promise<Payment[]> {
  const rows = await ctx.db.selectFrom('cash_entries').select(['reference', 'phase', 'subject_id', 'reserved_delta', 'details']).where('investor_id', '=', investorId).where('asset', '=', asset).where('kind', '=', 'SUBSCRIPTION_PAYMENT').execute()
  const base = (ref: string) => ref.slice(0, ref.lastIndexOf(':'))
  const closed = new Set(rows.filter((r) => r.phase !== 'RESERVED').map((r) => base(r.reference)))
  return rows
    .filter((r) => r.phase === 'RESERVED' && !closed.has(base(r.reference)))
    .map((r) => ({ subscriptionId: r.subject_id, attempt: Number((r.details as { attempt?: number }).attempt), amount: r.reserved_delta, reservation: base(r.reference) }))
}

/** pay: every unpaid stablecoin subscription of the investor that its available cash covers, oldest first. */
async function pay(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const s = stateOf<AutoPayState>(wf)
  const payments: Payment[] = [...(s.payments ?? [])]
  const add = (p: Payment) => {
    if (!payments.some((x) => x.reservation === p.reservation)) payments.push(p)
  }
  for (const sub of await unpaidStablecoinSubscriptions(ctx, s.investorId)) {
    if (sub.asset.toLowerCase() !== s.asset.toLowerCase()) continue
    const p = await reserveAndPay(ctx, wf, s, sub)
    if (p) add(p)
  }
  // A payment started before a crash cut this step short is no longer unpaid, but its reservation is open: follow it too.
  for (const p of await openReservations(ctx, s.investorId, s.asset)) add(p)
  return { type: 'next', step: 'settle', state: { ...s, payments }, audit: { action: 'cash.auto_pay_started', details: { depositId: s.depositId, payments } } }
}

/** settle: each payment's reservation becomes final when it is PAID, or is released when it ended without effect. */
async function settle(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const s = stateOf<AutoPayState>(wf)
  let waitingOn: string | null = null
  for (const p of s.payments ?? []) {
    const closed = await ctx.db.selectFrom('cash_entries').select('id').where('reference', 'in', [`${p.reservation}:RELEASED`, `${p.reservation}:SETTLED`]).executeTakeFirst()
    if (closed) continue
    const { outcome, reason } = await stablecoinPaymentOutcome(ctx, p.subscriptionId, p.attempt)
    if (outcome === 'PROCESSING') {
      waitingOn ??= paymentExternalTxId(p.subscriptionId, p.attempt)
      continue
    }
    if (outcome === 'FAILED') {
      await release(ctx, wf, s, p, reason)
      continue
    }
    await ctx.db.transaction().execute((tx) =>
      appendEntry(tx, ctx, {
        investorId: s.investorId, asset: s.asset, kind: 'SUBSCRIPTION_PAYMENT', phase: 'SETTLED', amount: BigInt(p.amount),
        reference: `${p.reservation}:SETTLED`, subject: { type: 'subscription', id: p.subscriptionId },
        details: { attempt: p.attempt }, actor: ACTOR, action: 'cash.subscription_paid', correlationId: wf.correlation_id,
        events: [paymentEvent('cash.subscription_paid', s.investorId, p)],
      }),
    )
    ctx.eventsCommitted()
    ctx.failpoint?.('cash:after-payment-settled')
  }
  if (waitingOn) return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn }
  return { type: 'done', audit: { action: 'cash.auto_pay_finished', details: { depositId: s.depositId, payments: s.payments ?? [] } } }
}

/**
 * CASH_AUTO_PAY (`cash-autopay:<depositId>`): after a deposit is credited, pays the investor's
 * unpaid stablecoin subscriptions its cash covers (cash reserved in the ledger first, then
 * offerings' own SUBSCRIPTION_PAYMENT from the investor's vault), and follows each payment to
 * its end. A crash repeats at most a step: a reservation is found by its reference and a
 * payment under way by the subscription's status, so nothing is reserved or paid twice.
 */
export const cashAutoPayWorkflow: WorkflowDefinition = { kind: 'CASH_AUTO_PAY', steps: { pay, settle } }
