import { NotFoundError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { cursorOf, getOfferingRow, parseCursor } from './read-offerings.ts'
import type { SubscriptionRow } from './record-transition.ts'
import type { SubscriptionStatus } from './tables.ts'
import { operationsByIds, operationsByKeys } from '../tokens/read-operations.ts'
import { mintIdempotencyKey } from './workflow-ids.ts'

type Ctx = Pick<PlatformContext, 'db'>
type MintView = { status: string; custodyTxId: string | null; txHash: string | null }
type LockupView = MintView & { operationId: string; seconds: string | null }

export async function getSubscriptionRow(ctx: Ctx, id: string): Promise<SubscriptionRow> {
  const row = await ctx.db.selectFrom('offering_subscriptions').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('subscription', id)
  return row
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** The public view of a subscription: amount, allocation, where it stands, and its payment, refund and mint. */
export function serializeSubscription(s: SubscriptionRow, mint?: MintView | null, lockup?: LockupView | null) {
  return {
    id: s.id,
    offeringId: s.offering_id,
    investorId: s.investor_id,
    amount: s.amount,
    allocation: s.allocation,
    idempotencyKey: s.idempotency_key,
    status: s.status,
    statusCode: s.status_code,
    statusReason: s.status_reason,
    payment: {
      method: s.payment_method,
      attempt: s.payment_attempt,
      externalTxId: s.payment_external_tx_id,
      custodyTxId: s.payment_custody_tx_id,
      txHash: s.payment_tx_hash,
      payerAddress: s.payer_address,
      fiatReference: s.fiat_reference,
      paidAt: iso(s.paid_at),
    },
    refund: {
      attempt: s.refund_attempt,
      externalTxId: s.refund_external_tx_id,
      custodyTxId: s.refund_custody_tx_id,
      txHash: s.refund_tx_hash,
      reference: s.refund_reference,
      refundedAt: iso(s.refunded_at),
    },
    mint: s.mint_operation_id
      ? { attempt: s.mint_attempt, operationId: s.mint_operation_id, status: mint?.status ?? null, custodyTxId: mint?.custodyTxId ?? null, txHash: mint?.txHash ?? null, issuedAt: iso(s.issued_at) }
      : null,
    /** The on-chain lock-up recorded before the mint (an offering with lockupDays, a token with the Custos lock-up module). */
    lockup: lockup ?? null,
    createdBy: s.created_by,
    createdAt: s.created_at.toISOString(),
    updatedAt: s.updated_at.toISOString(),
  }
}

async function mintsOf(ctx: Ctx, rows: SubscriptionRow[]): Promise<Map<string, MintView>> {
  const ids = rows.map((r) => r.mint_operation_id).filter((x): x is string => x !== null)
  const ops = await operationsByIds(ctx, ids)
  return new Map(ops.map((o) => [o.id, { status: o.status, custodyTxId: o.custody_tx_id, txHash: o.tx_hash }]))
}

const lockupKey = (s: SubscriptionRow) => mintIdempotencyKey(s.offering_id, s.id, s.mint_attempt)

/** The SET_MINT_LOCKUP operations of allocated subscriptions, by the mint's idempotency key they share. */
async function lockupsOf(ctx: Ctx, rows: SubscriptionRow[]): Promise<Map<string, LockupView>> {
  const keys = rows.filter((r) => r.mint_attempt > 0).map(lockupKey)
  if (keys.length === 0) return new Map()
  const ops = await operationsByKeys(ctx, 'SET_MINT_LOCKUP', keys)
  return new Map(ops.map((o) => [o.idempotency_key!, { operationId: o.id, seconds: o.quantity, status: o.status, custodyTxId: o.custody_tx_id, txHash: o.tx_hash }]))
}

export async function subscriptionView(ctx: Ctx, s: SubscriptionRow) {
  const [mints, lockups] = await Promise.all([mintsOf(ctx, [s]), lockupsOf(ctx, [s])])
  return serializeSubscription(s, s.mint_operation_id ? mints.get(s.mint_operation_id) : null, lockups.get(lockupKey(s)))
}

export async function getSubscription(ctx: Ctx, id: string) {
  return subscriptionView(ctx, await getSubscriptionRow(ctx, id))
}

export interface ListSubscriptionsQuery {
  investorId?: string
  status?: SubscriptionStatus
  limit?: number
  cursor?: string
}

/** An offering's subscriptions in creation order, a page at a time. */
export async function listSubscriptions(ctx: Ctx, offeringId: string, q: ListSubscriptionsQuery) {
  await getOfferingRow(ctx, offeringId)
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200)
  let query = ctx.db.selectFrom('offering_subscriptions').selectAll().where('offering_id', '=', offeringId).orderBy('created_at').orderBy('id').limit(limit + 1)
  if (q.investorId) query = query.where('investor_id', '=', q.investorId)
  if (q.status) query = query.where('status', '=', q.status)
  if (q.cursor) {
    const c = parseCursor(q.cursor)
    query = query.where((eb) => eb.or([eb('created_at', '>', c.at), eb.and([eb('created_at', '=', c.at), eb('id', '>', c.id)])]))
  }
  const rows = await query.execute()
  const items = rows.slice(0, limit)
  const [mints, lockups] = await Promise.all([mintsOf(ctx, items), lockupsOf(ctx, items)])
  return {
    items: items.map((s) => serializeSubscription(s, s.mint_operation_id ? mints.get(s.mint_operation_id) : null, lockups.get(lockupKey(s)))),
    nextCursor: rows.length > limit ? cursorOf(items[items.length - 1]!) : null,
  }
}

/** An investor's subscription that stablecoin could pay now, with what it costs and in which asset. */
export interface UnpaidSubscription {
  id: string
  offeringId: string
  amount: bigint
  /** The settlement stablecoin (checksummed as stored). */
  asset: string
  /** The payment attempt the next payment will be (custody `sub:<id>:pay:<attempt>`). */
  nextAttempt: number
  createdAt: Date
}

/**
 * An investor's subscriptions waiting for payment (PENDING_PAYMENT) in OPEN offerings that
 * accept stablecoin, oldest first: what a deposit may pay automatically.
 */
export async function unpaidStablecoinSubscriptions(ctx: Ctx, investorId: string): Promise<UnpaidSubscription[]> {
  const rows = await ctx.db
    .selectFrom('offering_subscriptions as s')
    .innerJoin('offerings as o', 'o.id', 's.offering_id')
    .select(['s.id', 's.offering_id', 's.amount', 's.payment_attempt', 's.created_at', 'o.settlement_asset', 'o.payment_methods'])
    .where('s.investor_id', '=', investorId)
    .where('s.status', '=', 'PENDING_PAYMENT')
    .where('o.status', '=', 'OPEN')
    .orderBy('s.created_at')
    .orderBy('s.id')
    .execute()
  return rows
    .filter((r) => r.payment_methods.includes('stablecoin'))
    .map((r) => ({ id: r.id, offeringId: r.offering_id, amount: BigInt(r.amount), asset: r.settlement_asset, nextAttempt: r.payment_attempt + 1, createdAt: r.created_at }))
}

/**
 * How a subscription's n-th stablecoin payment attempt ended, from the subscription as it is:
 * PROCESSING while custody has it, PAID once it completed, FAILED when it ended without
 * effect (a later attempt exists, or the subscription waits for payment again or was cancelled).
 */
export async function stablecoinPaymentOutcome(ctx: Ctx, subscriptionId: string, attempt: number): Promise<{ outcome: 'PROCESSING' | 'PAID' | 'FAILED'; reason: string | null }> {
  const s = await getSubscriptionRow(ctx, subscriptionId)
  if (s.payment_attempt > attempt) return { outcome: 'FAILED', reason: `a later payment attempt (${s.payment_attempt}) was made` }
  if (s.payment_attempt < attempt) return { outcome: 'FAILED', reason: s.status === 'PENDING_PAYMENT' ? 'the payment was not started' : `the subscription is ${s.status} without this payment` }
  if (s.payment_method !== 'stablecoin') return { outcome: 'FAILED', reason: `the subscription was paid by ${s.payment_method}` }
  if (s.status === 'PAYMENT_PROCESSING') return { outcome: 'PROCESSING', reason: null }
  if (s.status === 'PENDING_PAYMENT' || s.status === 'CANCELLED') return { outcome: 'FAILED', reason: s.status_reason ?? s.status_code ?? s.status }
  return { outcome: 'PAID', reason: null }
}
