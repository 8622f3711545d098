import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { approveInvestor } from './approve-investor.ts'
import { changeInvestorStatus, recordInvestorScreening } from '../investors/public.ts'
import type { InvestorRow } from '../investors/read-investors.ts'
import { KycReasonCode, type ScreeningResult } from '../kyc/public.ts'

export type ScreeningPurpose = 'onboarding' | 'rescreen' | 'vendor'

/** Stores a screening and makes it the investor's latest, inside the caller's transaction. */
export async function recordScreening(
  tx: Kysely<PlatformDB>,
  ctx: Pick<PlatformContext, 'clock'>,
  investor: InvestorRow,
  result: ScreeningResult,
  p: { purpose: ScreeningPurpose; provider: string },
): Promise<InvestorRow> {
  const now = ctx.clock.now()
  await tx
    .insertInto('kyc_screenings')
    .values({
      id: randomUUID(),
      investor_id: investor.id,
      purpose: p.purpose,
      provider: p.provider,
      provider_ref: result.providerRef,
      outcome: result.outcome,
      result: JSON.stringify(result),
      created_at: now,
    })
    .execute()
  return recordInvestorScreening(tx, ctx, investor.id, { provider: p.provider, result })
}

/** One line for people: every reason's message. */
export function reasonText(result: ScreeningResult): string {
  return result.reasons.map((r) => r.message).join('; ')
}

/**
 * Applies an onboarding screening (embedded, or a vendor's later answer) to an
 * investor waiting for it, inside the caller's transaction:
 *
 * - REJECT → REJECTED, with the first reason's code and every message;
 * - REVIEW → IN_REVIEW (a compliance officer decides); a vendor still working
 *   on the case (VENDOR_PENDING) leaves the investor PENDING_KYC;
 * - APPROVE → APPROVED and onboarding starts when auto-approval is on,
 *   otherwise IN_REVIEW awaiting a compliance officer.
 *
 * An investor no longer waiting (decided meanwhile) only gets the screening
 * recorded.
 */
export async function applyOnboardingScreening(
  tx: Kysely<PlatformDB>,
  ctx: PlatformContext,
  investor: InvestorRow,
  result: ScreeningResult,
  p: { purpose: ScreeningPurpose; provider: string; actor: string; correlationId?: string | null },
): Promise<InvestorRow> {
  const row = await recordScreening(tx, ctx, investor, result, p)
  if (row.status !== 'PENDING_KYC' && row.status !== 'IN_REVIEW') return row
  const base = { actor: p.actor, correlationId: p.correlationId, details: { providerRef: result.providerRef, outcome: result.outcome, reasons: result.reasons.map((r) => r.code) } }
  if (result.outcome === 'REJECT') {
    const first = result.reasons.find((r) => r.code !== KycReasonCode.VENDOR_PENDING) ?? result.reasons[0]
    return changeInvestorStatus(tx, ctx, row, { ...base, to: 'REJECTED', code: first?.code ?? 'KYC_REJECTED', reason: reasonText(result) || 'rejected by the KYC provider' })
  }
  if (result.outcome === 'REVIEW') {
    if (result.reasons.some((r) => r.code === KycReasonCode.VENDOR_PENDING)) return row
    if (row.status === 'IN_REVIEW') return row
    return changeInvestorStatus(tx, ctx, row, { ...base, to: 'IN_REVIEW', code: result.reasons[0]?.code ?? 'KYC_REVIEW', reason: reasonText(result) })
  }
  if (ctx.settings.autoApprove) return approveInvestor(tx, ctx, row, { actor: p.actor, code: 'KYC_APPROVED', reason: 'screening passed', correlationId: p.correlationId })
  if (row.status === 'IN_REVIEW') return row
  return changeInvestorStatus(tx, ctx, row, { ...base, to: 'IN_REVIEW', code: 'MANUAL_APPROVAL_REQUIRED', reason: 'screening passed; a compliance officer approves every investor' })
}
