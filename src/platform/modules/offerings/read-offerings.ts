import { sql } from 'kysely'
import { NotFoundError, ValidationError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { findWorkflow } from '../../engine/read-workflows.ts'
import type { OfferingRow } from './record-transition.ts'
import { FUNDED_SUBSCRIPTION_STATUSES, LIVE_SUBSCRIPTION_STATUSES, type OfferingStatus } from './tables.ts'
import { closeWorkflowId } from './workflow-ids.ts'
import { decodeTimeIdCursor } from '../../../shared/http/cursor.ts'

type Ctx = Pick<PlatformContext, 'db' | 'clock'>

export async function getOfferingRow(ctx: Pick<PlatformContext, 'db'>, id: string): Promise<OfferingRow> {
  const row = await ctx.db.selectFrom('offerings').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('offering', id)
  return row
}

export interface OfferingTotals {
  /** Stablecoin committed by live subscriptions (what the caps count). */
  subscribed: string
  /** Stablecoin received and not returned. */
  paid: string
  refunded: string
  /** Token base units allocated at close (minted or being minted). */
  allocated: string
  /** Token base units minted. */
  issued: string
  subscriptions: number
}

/** Sums over an offering's subscriptions, by what they count towards. */
export async function offeringTotals(ctx: Pick<PlatformContext, 'db'>, offeringId: string): Promise<OfferingTotals> {
  const sum = (col: 'amount' | 'allocation', statuses: readonly string[]) =>
    sql<string>`coalesce(sum(case when status in (${sql.join(statuses)}) then ${sql.ref(col)} else 0 end), 0)`
  const row = await ctx.db
    .selectFrom('offering_subscriptions')
    .select([
      sum('amount', LIVE_SUBSCRIPTION_STATUSES).as('subscribed'),
      sum('amount', FUNDED_SUBSCRIPTION_STATUSES).as('paid'),
      sum('amount', ['REFUNDED']).as('refunded'),
      sum('allocation', ['ALLOCATED', 'ISSUED']).as('allocated'),
      sum('allocation', ['ISSUED']).as('issued'),
      sql<string>`count(*)`.as('subscriptions'),
    ])
    .where('offering_id', '=', offeringId)
    .executeTakeFirstOrThrow()
  const n = (v: unknown) => BigInt(String(v)).toString()
  return { subscribed: n(row.subscribed), paid: n(row.paid), refunded: n(row.refunded), allocated: n(row.allocated), issued: n(row.issued), subscriptions: Number(row.subscriptions) }
}

const DAY_MS = 86_400_000

/** When the lock-up of an offering's allocations ends (null: no lock-up, or not closed yet). */
export const lockupEndsAt = (o: Pick<OfferingRow, 'lockup_days' | 'closed_at'>): Date | null =>
  o.lockup_days && o.closed_at ? new Date(o.closed_at.getTime() + o.lockup_days * DAY_MS) : null

/** The public view of an offering: its terms, where it stands, its totals and its close workflow. */
export async function offeringView(ctx: Ctx, o: OfferingRow) {
  const now = ctx.clock.now()
  const [totals, wf] = await Promise.all([
    offeringTotals(ctx, o.id),
    findWorkflow(ctx, closeWorkflowId(o.id)),
  ])
  const iso = (d: Date | null) => (d ? d.toISOString() : null)
  return {
    id: o.id,
    tokenId: o.token_id,
    pricePerToken: o.price_per_token,
    minInvestment: o.min_investment,
    maxInvestment: o.max_investment,
    hardCap: o.hard_cap,
    softCap: o.soft_cap,
    opensAt: o.opens_at.toISOString(),
    closesAt: o.closes_at.toISOString(),
    eligibleCountries: o.eligible_countries,
    accreditationRequired: o.accreditation_required,
    lockupDays: o.lockup_days,
    lockupEndsAt: iso(lockupEndsAt(o)),
    paymentMethods: o.payment_methods,
    settlementAsset: o.settlement_asset,
    tokenDecimals: o.token_decimals,
    treasury: { vaultId: o.treasury_vault_id, address: o.treasury_address },
    status: o.status,
    statusReason: o.status_reason,
    acceptingSubscriptions: o.status === 'OPEN' && now >= o.opens_at && now < o.closes_at,
    totals,
    close: o.close_kind
      ? {
          kind: o.close_kind,
          requestedBy: o.close_requested_by,
          requestedAt: iso(o.close_requested_at),
          allocatedAt: iso(o.allocated_at),
          workflow: wf ? { status: wf.status, step: wf.step, lastError: wf.last_error, lastErrorCode: wf.last_error_code } : null,
        }
      : null,
    closedAt: iso(o.closed_at),
    createdBy: o.created_by,
    createdAt: o.created_at.toISOString(),
    updatedAt: o.updated_at.toISOString(),
  }
}

export async function getOffering(ctx: Ctx, id: string) {
  return offeringView(ctx, await getOfferingRow(ctx, id))
}

/** Encodes a keyset cursor (creation time, id) of a listing. */
export const cursorOf = (r: { created_at: Date; id: string }) => Buffer.from(`${r.created_at.toISOString()}|${r.id}`).toString('base64url')

export function parseCursor(c: string): { at: Date; id: string } {
  // Checked in full (date and id), so no cursor reaches the query that no row could have made.
  return decodeTimeIdCursor(c)
}

export interface ListOfferingsQuery {
  tokenId?: string
  status?: OfferingStatus
  limit?: number
  cursor?: string
}

/** Offerings in creation order, a page at a time. */
export async function listOfferings(ctx: Ctx, q: ListOfferingsQuery) {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200)
  let query = ctx.db.selectFrom('offerings').selectAll().orderBy('created_at').orderBy('id').limit(limit + 1)
  if (q.tokenId) query = query.where('token_id', '=', q.tokenId)
  if (q.status) query = query.where('status', '=', q.status)
  if (q.cursor) {
    const c = parseCursor(q.cursor)
    query = query.where((eb) => eb.or([eb('created_at', '>', c.at), eb.and([eb('created_at', '=', c.at), eb('id', '>', c.id)])]))
  }
  const rows = await query.execute()
  const items = rows.slice(0, limit)
  return { items: await Promise.all(items.map((o) => offeringView(ctx, o))), nextCursor: rows.length > limit ? cursorOf(items[items.length - 1]!) : null }
}
