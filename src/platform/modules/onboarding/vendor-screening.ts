import type { Kysely } from 'kysely'
import { CustosError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { recordChange } from '../../record-change.ts'
import { applyOnboardingScreening, recordScreening } from './apply-screening.ts'
import { lockInvestor } from '../investors/public.ts'
import type { ScreeningResult } from '../kyc/public.ts'

/** A KYC vendor's screening result as its webhook carries it (the investor id only when the vendor echoes it). */
export type VendorScreeningResult = ScreeningResult & { investorId?: string }

/**
 * Applies a KYC vendor's later answer (a webhook from the inbox) inside the
 * caller's transaction: to an investor still waiting for a screening it is
 * applied as an onboarding screening; otherwise it is only recorded, audited.
 * The investor is found by the screening's providerRef (or the id the vendor
 * echoes); an unmatched result is a retryable error, since the vendor may
 * answer before the platform's own record of the screening commits.
 */
export async function applyVendorScreening(tx: Kysely<PlatformDB>, ctx: PlatformContext, p: { provider: string; result: VendorScreeningResult }): Promise<void> {
  const { provider, result } = p
  const screening = await tx.selectFrom('kyc_screenings').select('investor_id').where('provider_ref', '=', result.providerRef).executeTakeFirst()
  const investorId = screening?.investor_id ?? result.investorId
  // Retried with backoff: the vendor may answer before our own record of the screening commits.
  if (!investorId) throw new CustosError('KYC_RESULT_UNMATCHED', `no investor was screened under providerRef ${result.providerRef}`, { retryable: true })
  const investor = await lockInvestor(tx, investorId)
  if (!investor) throw new CustosError('KYC_RESULT_UNMATCHED', `investor ${investorId} does not exist`, { retryable: true })
  const clean: ScreeningResult = { outcome: result.outcome, reasons: result.reasons ?? [], sanctionsMatches: result.sanctionsMatches ?? [], checkedAt: result.checkedAt, providerRef: result.providerRef }
  const actor = `kyc-vendor:${provider}`
  if (investor.status === 'PENDING_KYC' || investor.status === 'IN_REVIEW') {
    await applyOnboardingScreening(tx, ctx, investor, clean, { purpose: 'vendor', provider, actor })
    return
  }
  await recordScreening(tx, ctx, investor, clean, { purpose: 'vendor', provider })
  await recordChange(tx, ctx, {
    at: ctx.clock.now(),
    actor,
    action: 'kyc.vendor_result_recorded',
    targetType: 'investor',
    targetId: investor.id,
    details: { providerRef: clean.providerRef, outcome: clean.outcome, status: investor.status, note: 'investor was not awaiting a screening; recorded only' },
  })
}
