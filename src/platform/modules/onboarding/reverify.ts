import { ConflictError, NotFoundError, ValidationError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { countWorkflowsOf } from '../../engine/read-workflows.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { screenWorkflowId } from './create-investor.ts'
import { changeInvestorStatus, lockInvestor } from '../investors/public.ts'
import type { InvestorRow } from '../investors/read-investors.ts'

export interface ReverifyInput {
  /** New accreditation evidence, replacing the expired one. */
  accreditation?: { method: string; evidenceRef: string; expiresAt: string }
}

/**
 * Starts a new verification of an EXPIRED investor: back to PENDING_KYC and
 * screened again; once approved, onboarding issues a new claim (the old one
 * stays revoked) and the investor is ACTIVE again.
 */
export async function reverifyInvestor(ctx: PlatformContext, id: string, input: ReverifyInput, actor: string, correlationId?: string): Promise<InvestorRow> {
  if (input.accreditation && Number.isNaN(new Date(input.accreditation.expiresAt).getTime())) {
    throw new ValidationError('accreditation.expiresAt is not a date', { field: 'accreditation.expiresAt' })
  }
  const row = await ctx.db.transaction().execute(async (tx) => {
    const investor = await lockInvestor(tx, id)
    if (!investor) throw new NotFoundError('investor', id)
    if (investor.status !== 'EXPIRED') {
      throw new ConflictError('INVESTOR_NOT_EXPIRED', `investor ${id} is ${investor.status}; only an EXPIRED investor is re-verified`, { investorId: id, status: investor.status })
    }
    const screens = await countWorkflowsOf(tx, id, 'SCREEN')
    const next = await changeInvestorStatus(tx, ctx, investor, {
      to: 'PENDING_KYC',
      actor,
      code: 'REVERIFICATION',
      reason: 're-verification requested',
      correlationId,
      patch: input.accreditation ? { accreditation: JSON.stringify(input.accreditation) } : undefined,
      details: input.accreditation ? { accreditation: { method: input.accreditation.method, expiresAt: input.accreditation.expiresAt } } : undefined,
    })
    await startWorkflow(tx, ctx, { id: screenWorkflowId(id, screens + 1), investorId: id, kind: 'SCREEN', step: 'screen', state: { purpose: 'onboarding' }, correlationId })
    return next
  })
  ctx.eventsCommitted()
  ctx.wake()
  return row
}
