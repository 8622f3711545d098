import { NotFoundError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import type { WorkflowRow } from '../../engine/types.ts'
import type { StepOutcome, WorkflowDefinition } from '../../engine/types.ts'
import { applyOnboardingScreening } from './apply-screening.ts'
import { lockInvestor } from '../investors/public.ts'
import { getInvestorRow, type InvestorRow } from '../investors/read-investors.ts'
import type { KycSubject } from '../kyc/public.ts'

/** What the KYC provider sees of an investor. */
export function kycSubjectOf(r: InvestorRow): KycSubject {
  return {
    name: r.name,
    email: r.email,
    country: r.country,
    type: r.type,
    accreditation: r.accreditation ?? undefined,
    walletAddresses: [...(r.wallet_addresses ?? []), ...(r.wallet_address ? [r.wallet_address] : [])],
  }
}

async function screen(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const investor = await getInvestorRow(ctx, wf.investor_id)
  if (investor.status !== 'PENDING_KYC') return { type: 'done', audit: { action: 'workflow.skipped', details: { reason: `investor is ${investor.status}` } } }
  const result = await ctx.kyc.screen(kycSubjectOf(investor), { correlationId: wf.correlation_id ?? undefined, purpose: 'onboarding' })
  return {
    type: 'done',
    audit: { action: 'kyc.screened', details: { providerRef: result.providerRef, outcome: result.outcome, reasons: result.reasons.map((r) => r.code) } },
    apply: async (tx) => {
      const locked = await lockInvestor(tx, wf.investor_id)
      if (!locked) throw new NotFoundError('investor', wf.investor_id)
      if (locked.status !== 'PENDING_KYC') return
      await applyOnboardingScreening(tx, ctx, locked, result, { purpose: 'onboarding', provider: ctx.kyc.name, actor: 'system:screening', correlationId: wf.correlation_id })
    },
  }
}

/** SCREEN: one step that runs the KYC provider and applies its outcome to the investor. */
export const screenWorkflow: WorkflowDefinition = { kind: 'SCREEN', steps: { screen } }
