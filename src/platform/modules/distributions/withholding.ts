import type { PlatformContext } from '../../context.ts'
import { recordChange } from '../../record-change.ts'
import { normaliseCountryCode } from '../kyc/public.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import { ValidationError } from '../../../shared/errors.ts'
import type { Rate } from './compute-entitlements.ts'
import type { Selectable } from 'kysely'
import type { WithholdingRatesTable } from './tables.ts'

export type WithholdingScope = WithholdingRatesTable['scope']

export interface SetWithholdingRateParameters {
  scope: WithholdingScope
  /** `*` for DEFAULT, an ISO alpha-2 country for COUNTRY, an investor id for INVESTOR. */
  subject: string
  rateBps: number
  /** An investor override (an exemption on file) stops applying after this time. */
  expiresAt?: string | null
  reason?: string | null
}

/**
 * Sets one withholding rate (audited, with the rate it replaced): the
 * default, a country's treaty rate, or an investor's own override.
 */
export async function setWithholdingRate(ctx: PlatformContext, p: SetWithholdingRateParameters, actor: string, correlationId?: string) {
  let subject = p.subject
  if (p.scope === 'DEFAULT') subject = '*'
  if (p.scope === 'COUNTRY') {
    const cc = normaliseCountryCode(p.subject)
    if (!cc) throw new ValidationError(`${JSON.stringify(p.subject)} is not an ISO 3166-1 alpha-2 country code`, { field: 'country' })
    subject = cc
  }
  if (p.scope === 'INVESTOR') await getInvestorRow(ctx, p.subject)
  if (!Number.isInteger(p.rateBps) || p.rateBps < 0 || p.rateBps > 10_000) throw new ValidationError('rateBps must be a whole number of basis points from 0 to 10000', { field: 'rateBps' })
  const expiresAt = p.expiresAt ? new Date(p.expiresAt) : null
  if (expiresAt && Number.isNaN(expiresAt.getTime())) throw new ValidationError('expiresAt is not an ISO 8601 time', { field: 'expiresAt' })
  if (expiresAt && p.scope !== 'INVESTOR') throw new ValidationError('only an investor override expires', { field: 'expiresAt' })
  const now = ctx.clock.now()
  await ctx.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('withholding_rates').selectAll().where('scope', '=', p.scope).where('subject', '=', subject).executeTakeFirst()
    const row = { scope: p.scope, subject, rate_bps: p.rateBps, expires_at: expiresAt, reason: p.reason ?? null, updated_by: actor, updated_at: now }
    await tx.insertInto('withholding_rates').values(row).onConflict((oc) => oc.columns(['scope', 'subject']).doUpdateSet({ rate_bps: row.rate_bps, expires_at: row.expires_at, reason: row.reason, updated_by: actor, updated_at: now })).execute()
    await recordChange(tx, ctx, {
      at: now,
      actor,
      action: 'withholding.rate_set',
      targetType: 'withholding_rate',
      targetId: `${p.scope}:${subject}`,
      before: before ? { rateBps: before.rate_bps, expiresAt: before.expires_at?.toISOString() ?? null, reason: before.reason } : null,
      after: { rateBps: p.rateBps, expiresAt: expiresAt?.toISOString() ?? null, reason: p.reason ?? null },
      correlationId: correlationId ?? null,
    })
  })
  return rateView({ scope: p.scope, subject, rate_bps: p.rateBps, expires_at: expiresAt, reason: p.reason ?? null, updated_by: actor, updated_at: now })
}

const rateView = (r: Selectable<WithholdingRatesTable>) => ({
  scope: r.scope,
  subject: r.subject,
  rateBps: r.rate_bps,
  expiresAt: r.expires_at?.toISOString() ?? null,
  reason: r.reason,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at.toISOString(),
})

/** Every rate on file. */
export async function listWithholdingRates(ctx: Pick<PlatformContext, 'db'>) {
  const rows = await ctx.db.selectFrom('withholding_rates').selectAll().orderBy('scope').orderBy('subject').execute()
  return { items: rows.map(rateView) }
}

/**
 * The rate resolver of one snapshot: an investor's unexpired override, else
 * its country's treaty rate, else the default, else nothing withheld.
 */
export async function loadRateResolver(ctx: Pick<PlatformContext, 'db'>, at: Date): Promise<(h: { investorId: string | null; country: string | null }) => Rate> {
  const rows = await ctx.db.selectFrom('withholding_rates').selectAll().execute()
  const by = new Map(rows.map((r) => [`${r.scope}:${r.subject}`, r]))
  return (h) => {
    const own = h.investorId ? by.get(`INVESTOR:${h.investorId}`) : undefined
    if (own && (!own.expires_at || own.expires_at > at)) return { bps: own.rate_bps, source: 'INVESTOR' }
    const treaty = h.country ? by.get(`COUNTRY:${h.country}`) : undefined
    if (treaty) return { bps: treaty.rate_bps, source: `COUNTRY:${h.country}` }
    const def = by.get('DEFAULT:*')
    return def ? { bps: def.rate_bps, source: 'DEFAULT' } : { bps: 0, source: 'NONE' }
  }
}
