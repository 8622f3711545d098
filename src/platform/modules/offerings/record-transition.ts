import type { Kysely, Selectable, Updateable } from 'kysely'
import type { Clock } from '../../../shared/clock.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { recordChange } from '../../record-change.ts'
import type { OfferingStatus, OfferingSubscriptionsTable, OfferingsTable, SubscriptionStatus } from './tables.ts'

export type OfferingRow = Selectable<OfferingsTable>
export type SubscriptionRow = Selectable<OfferingSubscriptionsTable>

export interface TransitionMeta {
  actor: string
  /** Audit action, e.g. `subscription.paid`. */
  action: string
  correlationId?: string | null
  details?: Record<string, unknown>
}

/**
 * Moves a subscription from one of `from` to the patch's state inside the
 * caller's transaction, with its audit entry and its `subscription.status_changed`
 * event. Returns null (and records nothing) when the subscription is no longer
 * in one of `from`: someone else moved it first.
 */
export async function transitionSubscription(
  tx: Kysely<PlatformDB>,
  ctx: { clock: Clock },
  sub: SubscriptionRow,
  from: readonly SubscriptionStatus[],
  patch: Updateable<OfferingSubscriptionsTable>,
  meta: TransitionMeta,
): Promise<SubscriptionRow | null> {
  const now = ctx.clock.now()
  const updated = await tx
    .updateTable('offering_subscriptions')
    .set({ ...patch, updated_at: now })
    .where('id', '=', sub.id)
    .where('status', 'in', [...from])
    .returningAll()
    .executeTakeFirst()
  if (!updated) return null
  const before = { status: sub.status, statusCode: sub.status_code }
  const after = { status: updated.status, statusCode: updated.status_code }
  await recordChange(tx, ctx, {
    at: now,
    actor: meta.actor,
    action: meta.action,
    targetType: 'subscription',
    targetId: sub.id,
    before,
    after,
    correlationId: meta.correlationId ?? null,
    details: { offeringId: sub.offering_id, investorId: sub.investor_id, amount: sub.amount, ...(updated.status_reason ? { reason: updated.status_reason } : {}), ...(meta.details ?? {}) },
    events:
      updated.status === sub.status && updated.status_code === sub.status_code
        ? []
        : [{ type: 'subscription.status_changed', resourceType: 'subscription', resourceId: sub.id, data: { subscriptionId: sub.id, offeringId: sub.offering_id, investorId: sub.investor_id, from: sub.status, to: updated.status, code: updated.status_code } }],
  })
  return updated
}

/** Moves an offering from one of `from` to the patch's state, audited, with an `offering.status_changed` event. Null when it was not in `from`. */
export async function transitionOffering(
  tx: Kysely<PlatformDB>,
  ctx: { clock: Clock },
  offering: OfferingRow,
  from: readonly OfferingStatus[],
  patch: Updateable<OfferingsTable>,
  meta: TransitionMeta,
): Promise<OfferingRow | null> {
  const now = ctx.clock.now()
  const updated = await tx
    .updateTable('offerings')
    .set({ ...patch, updated_at: now })
    .where('id', '=', offering.id)
    .where('status', 'in', [...from])
    .returningAll()
    .executeTakeFirst()
  if (!updated) return null
  await recordChange(tx, ctx, {
    at: now,
    actor: meta.actor,
    action: meta.action,
    targetType: 'offering',
    targetId: offering.id,
    before: { status: offering.status },
    after: { status: updated.status, ...(updated.status_reason ? { reason: updated.status_reason } : {}) },
    correlationId: meta.correlationId ?? null,
    details: { tokenId: offering.token_id, ...(meta.details ?? {}) },
    events:
      updated.status === offering.status
        ? []
        : [{ type: 'offering.status_changed', resourceType: 'offering', resourceId: offering.id, data: { offeringId: offering.id, tokenId: offering.token_id, from: offering.status, to: updated.status } }],
  })
  return updated
}
