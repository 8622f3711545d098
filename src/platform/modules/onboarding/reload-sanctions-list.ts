import { CustosError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { recordChange } from '../../record-change.ts'
import { rescreenInvestors } from './rescreen-investors.ts'

/**
 * Re-reads the KYC provider's sanctions list (audited as
 * `kyc.sanctions_list_reloaded`); if it changed, rescreens every ACTIVE
 * investor at once. A provider without a list to reload is a 409.
 */
export async function reloadSanctionsList(ctx: PlatformContext, actor: string, correlationId?: string) {
  if (!ctx.kyc.reload) throw new CustosError('KYC_RELOAD_UNSUPPORTED', `the ${ctx.kyc.name} KYC provider has no list to reload`, { status: 409 })
  const info = await ctx.kyc.reload()
  await recordChange(ctx.db, ctx, {
    at: ctx.clock.now(),
    actor,
    action: 'kyc.sanctions_list_reloaded',
    targetType: 'sanctions_list',
    targetId: info.version,
    details: { changed: info.changed, entries: info.entries },
    correlationId: correlationId ?? null,
  })
  const r = info.changed ? await rescreenInvestors(ctx, { all: true }) : { screened: 0, suspended: [] }
  return { changed: info.changed, version: info.version, entries: info.entries, rescreened: r.screened, suspended: r.suspended }
}
