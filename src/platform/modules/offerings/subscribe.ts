import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { ConflictError, ValidationError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { recordChange } from '../../record-change.ts'
import { allocationOf, investmentStep } from './allocation.ts'
import { SubscriptionRefusedError } from './errors.ts'
import { getOfferingRow } from './read-offerings.ts'
import type { OfferingRow, SubscriptionRow } from './record-transition.ts'
import { LIVE_SUBSCRIPTION_STATUSES } from './tables.ts'
import { getInvestorRow, type InvestorRow } from '../investors/read-investors.ts'
import { hashRequest } from '../tokens/public.ts'

export interface SubscribeInput {
  investorId: string
  /** The investment, in stablecoin base units. */
  amount: string
  idempotencyKey: string
}

/** Whether the investor holds accreditation evidence that is valid at `now`. */
export function accreditedAt(investor: InvestorRow, now: Date): boolean {
  return investor.accreditation !== null && investor.accreditation_expires_at !== null && investor.accreditation_expires_at > now
}

/**
 * Every term of the offering that does not depend on the other
 * subscriptions, in the order a person would ask: is it open, may this
 * investor take part, is the amount well formed. Throws the first refusal.
 */
export function checkTerms(o: OfferingRow, investor: InvestorRow, amount: bigint, now: Date): bigint {
  if (o.status !== 'OPEN') throw new SubscriptionRefusedError('OFFERING_NOT_OPEN', `the offering is ${o.status}`, { status: o.status })
  if (now < o.opens_at) throw new SubscriptionRefusedError('OFFERING_NOT_OPEN_YET', `it opens at ${o.opens_at.toISOString()}`, { opensAt: o.opens_at.toISOString() })
  if (now >= o.closes_at) throw new SubscriptionRefusedError('OFFERING_ENDED', `it closed at ${o.closes_at.toISOString()}`, { closesAt: o.closes_at.toISOString() })
  if (investor.status !== 'ACTIVE' || !investor.wallet_address) throw new SubscriptionRefusedError('INVESTOR_NOT_ACTIVE', `investor ${investor.id} is ${investor.status}`, { investorStatus: investor.status })
  if (!o.eligible_countries.includes(investor.country)) {
    throw new SubscriptionRefusedError('COUNTRY_NOT_ELIGIBLE', `${investor.country} is not among ${o.eligible_countries.join(', ')}`, { country: investor.country, eligibleCountries: o.eligible_countries })
  }
  if (o.accreditation_required && !accreditedAt(investor, now)) {
    const why = investor.accreditation ? `its evidence expired at ${investor.accreditation_expires_at?.toISOString() ?? 'an unknown date'}` : 'no evidence was given'
    throw new SubscriptionRefusedError('ACCREDITATION_REQUIRED', why)
  }
  const price = BigInt(o.price_per_token)
  const { units, remainder } = allocationOf(amount, price, o.token_decimals)
  if (units === 0n || remainder !== 0n) {
    const step = investmentStep(price, o.token_decimals)
    const below = (amount / step) * step
    throw new SubscriptionRefusedError('AMOUNT_NOT_WHOLE_UNITS', `${amount} buys ${units} base units and a fraction; use a multiple of ${step} (e.g. ${below > 0n ? `${below} or ` : ''}${below + step})`, {
      amountStep: step.toString(),
    })
  }
  const min = BigInt(o.min_investment)
  if (amount < min) throw new SubscriptionRefusedError('BELOW_MIN_INVESTMENT', `${amount} < ${min}`, { minInvestment: o.min_investment })
  return units
}


/**
 * Subscribes an investor to an offering, checked against every term: the
 * window (business clock), the investor (ACTIVE, eligible country, valid
 * accreditation when required), the amount (whole token base units, at
 * least the minimum, at most the maximum counting the investor's other live
 * subscriptions, and within the hard cap counting every live subscription).
 * The caps are checked with the offering row locked, so concurrent
 * subscriptions cannot together pass a cap. The same idempotency key with
 * the same body returns the first subscription; with another body, 409.
 */
export async function subscribe(ctx: PlatformContext, offeringId: string, input: SubscribeInput, actor: string, correlationId?: string): Promise<{ subscription: SubscriptionRow; created: boolean }> {
  const hash = hashRequest({ offeringId, investorId: input.investorId, amount: input.amount })
  const existing = await findByKey(ctx, offeringId, input.idempotencyKey)
  if (existing) return { subscription: sameOrConflict(existing, hash), created: false }

  if (!/^[0-9]{1,78}$/.test(input.amount) || BigInt(input.amount) <= 0n) throw new ValidationError('amount must be a positive integer of stablecoin base units, as a string', { field: 'amount' })
  const amount = BigInt(input.amount)
  await getOfferingRow(ctx, offeringId)
  const investor = await getInvestorRow(ctx, input.investorId)
  const id = randomUUID()
  try {
    await ctx.db.transaction().execute(async (tx) => {
      const o = await tx.selectFrom('offerings').selectAll().where('id', '=', offeringId).forUpdate().executeTakeFirstOrThrow()
      const now = ctx.clock.now()
      const units = checkTerms(o, investor, amount, now)

      const sums = await tx
        .selectFrom('offering_subscriptions')
        .select([
          sql<string>`coalesce(sum(amount), 0)`.as('total'),
          sql<string>`coalesce(sum(case when investor_id = ${investor.id} then amount else 0 end), 0)`.as('mine'),
        ])
        .where('offering_id', '=', o.id)
        .where('status', 'in', [...LIVE_SUBSCRIPTION_STATUSES])
        .executeTakeFirstOrThrow()
      const mine = BigInt(String(sums.mine))
      const total = BigInt(String(sums.total))
      const max = BigInt(o.max_investment)
      if (mine + amount > max) {
        throw new SubscriptionRefusedError('ABOVE_MAX_INVESTMENT', `${mine} already subscribed + ${amount} > ${max}`, { maxInvestment: o.max_investment, alreadySubscribed: mine.toString(), remaining: (max - mine > 0n ? max - mine : 0n).toString() })
      }
      const cap = BigInt(o.hard_cap)
      if (total + amount > cap) {
        throw new SubscriptionRefusedError('HARD_CAP_EXCEEDED', `${total} subscribed + ${amount} > ${cap}`, { hardCap: o.hard_cap, subscribed: total.toString(), remaining: (cap - total).toString() })
      }

      await tx
        .insertInto('offering_subscriptions')
        .values({
          id,
          offering_id: o.id,
          investor_id: investor.id,
          amount: amount.toString(),
          allocation: units.toString(),
          idempotency_key: input.idempotencyKey,
          request_hash: hash,
          status: 'PENDING_PAYMENT',
          created_by: actor,
          created_at: now,
          updated_at: now,
        })
        .execute()
      await recordChange(tx, ctx, {
        at: now,
        actor,
        action: 'subscription.created',
        targetType: 'subscription',
        targetId: id,
        after: { status: 'PENDING_PAYMENT', offeringId: o.id, investorId: investor.id, amount: amount.toString(), allocation: units.toString(), idempotencyKey: input.idempotencyKey },
        correlationId: correlationId ?? null,
        events: [{ type: 'subscription.created', resourceType: 'subscription', resourceId: id, data: { subscriptionId: id, offeringId: o.id, investorId: investor.id, amount: amount.toString() } }],
      })
    })
  } catch (err) {
    // A concurrent request with the same key won the insert: answer as the repeat it is.
    const raced = await findByKey(ctx, offeringId, input.idempotencyKey)
    if (raced) return { subscription: sameOrConflict(raced, hash), created: false }
    throw err
  }
  ctx.eventsCommitted()
  return { subscription: await ctx.db.selectFrom('offering_subscriptions').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), created: true }
}

function findByKey(ctx: PlatformContext, offeringId: string, key: string) {
  return ctx.db.selectFrom('offering_subscriptions').selectAll().where('offering_id', '=', offeringId).where('idempotency_key', '=', key).executeTakeFirst()
}

function sameOrConflict(existing: SubscriptionRow, hash: string): SubscriptionRow {
  if (existing.request_hash === hash) return existing
  throw new ConflictError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${existing.idempotency_key} was used for another subscription`, { subscriptionId: existing.id })
}
