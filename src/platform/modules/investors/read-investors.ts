import { NotFoundError, ValidationError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { latestWorkflowOf, listWorkflowsOf, serializeWorkflow } from '../../engine/read-workflows.ts'
import type { WorkflowRow } from '../../engine/types.ts'
import { serializeInvestor, type InvestorRow } from './serialize.ts'
import type { InvestorStatus } from './tables.ts'
import { decodeTimeIdCursor } from '../../../shared/http/cursor.ts'

export async function getInvestorRow(ctx: Pick<PlatformContext, 'db'>, id: string): Promise<InvestorRow> {
  const row = await ctx.db.selectFrom('investors').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('investor', id)
  return row
}

/** The latest ONBOARD workflow of an investor (or null). */
export async function latestOnboarding(ctx: Pick<PlatformContext, 'db'>, investorId: string): Promise<WorkflowRow | null> {
  return latestWorkflowOf(ctx, investorId, 'ONBOARD')
}

export async function getInvestor(ctx: Pick<PlatformContext, 'db'>, id: string) {
  const row = await getInvestorRow(ctx, id)
  return serializeInvestor(row, await latestOnboarding(ctx, id))
}

export interface ListInvestorsQuery {
  status?: InvestorStatus
  country?: string
  type?: 'individual' | 'entity'
  externalRef?: string
  walletAddress?: string
  limit?: number
  cursor?: string
}

function cursorOf(r: InvestorRow): string {
  return Buffer.from(`${r.created_at.toISOString()}|${r.id}`).toString('base64url')
}

function parseCursor(c: string): { at: Date; id: string } {
  // Checked in full (date and id), so no cursor reaches the query that no row could have made.
  return decodeTimeIdCursor(c)
}

/** Investors in creation order, filtered, a page at a time. */
export async function listInvestors(ctx: Pick<PlatformContext, 'db'>, q: ListInvestorsQuery) {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200)
  let query = ctx.db.selectFrom('investors').selectAll().orderBy('created_at').orderBy('id').limit(limit + 1)
  if (q.status) query = query.where('status', '=', q.status)
  if (q.country) query = query.where('country', '=', q.country.toUpperCase())
  if (q.type) query = query.where('type', '=', q.type)
  if (q.externalRef) query = query.where('external_ref', '=', q.externalRef)
  if (q.walletAddress) query = query.where((eb) => eb(eb.fn('lower', ['wallet_address']), '=', q.walletAddress!.toLowerCase()))
  if (q.cursor) {
    const c = parseCursor(q.cursor)
    query = query.where((eb) => eb.or([eb('created_at', '>', c.at), eb.and([eb('created_at', '=', c.at), eb('id', '>', c.id)])]))
  }
  const rows = await query.execute()
  const items = rows.slice(0, limit)
  return { items: items.map((r) => serializeInvestor(r)), nextCursor: rows.length > limit ? cursorOf(items[items.length - 1]!) : null }
}

/** Every workflow of an investor, oldest first. */
export async function listInvestorWorkflows(ctx: Pick<PlatformContext, 'db'>, investorId: string) {
  await getInvestorRow(ctx, investorId)
  return { items: (await listWorkflowsOf(ctx, investorId)).map(serializeWorkflow) }
}

/** The investor created under an externalRef, if any. */
export async function findInvestorByExternalRef(ctx: Pick<PlatformContext, 'db'>, externalRef: string): Promise<InvestorRow | undefined> {
  return ctx.db.selectFrom('investors').selectAll().where('external_ref', '=', externalRef).executeTakeFirst()
}

/** Status and wallet of each investor asked for (those that exist), by id. */
export async function investorStatuses(ctx: Pick<PlatformContext, 'db'>, ids: readonly string[]): Promise<Map<string, { status: InvestorStatus; wallet_address: string | null }>> {
  const out = new Map<string, { status: InvestorStatus; wallet_address: string | null }>()
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await ctx.db.selectFrom('investors').select(['id', 'status', 'wallet_address']).where('id', 'in', ids.slice(i, i + 1000)).execute()
    for (const r of rows) out.set(r.id, r)
  }
  return out
}

/** The investor whose platform wallet each (lower-case) address is. */
export async function investorIdsByWallet(ctx: Pick<PlatformContext, 'db'>, wallets: readonly string[]): Promise<Map<string, string>> {
  if (wallets.length === 0) return new Map()
  const rows = await ctx.db
    .selectFrom('investors')
    .select(['id', 'wallet_address'])
    .where((eb) => eb(eb.fn('lower', ['wallet_address']), 'in', [...wallets]))
    .execute()
  return new Map(rows.map((r) => [r.wallet_address!.toLowerCase(), r.id]))
}

/** ACTIVE investors whose KYC or accreditation date is at or before `now`, earliest KYC expiry first. */
export async function investorsDueToExpire(ctx: Pick<PlatformContext, 'db'>, now: Date, limit: number): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('investors')
    .select('id')
    .where('status', '=', 'ACTIVE')
    .where((eb) => eb.or([eb('kyc_expires_at', '<=', now), eb('accreditation_expires_at', '<=', now)]))
    .orderBy('kyc_expires_at')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}

/** ACTIVE investors last screened at or before `before` (or never), least recently screened first; every ACTIVE one without `before`. */
export async function investorsDueForRescreen(ctx: Pick<PlatformContext, 'db'>, p: { before?: Date; limit: number }): Promise<InvestorRow[]> {
  let q = ctx.db.selectFrom('investors').selectAll().where('status', '=', 'ACTIVE').orderBy('last_screened_at').limit(p.limit)
  const before = p.before
  if (before) q = q.where((eb) => eb.or([eb('last_screened_at', 'is', null), eb('last_screened_at', '<=', before)]))
  return q.execute()
}
export type { InvestorRow } from './serialize.ts'
