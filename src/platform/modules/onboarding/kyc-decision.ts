import { randomUUID } from 'node:crypto'
import { ConflictError, CustosError, NotFoundError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { approveInvestor } from './approve-investor.ts'
import { changeInvestorStatus, lockInvestor, recordKycDecision } from '../investors/public.ts'
import { startInvestorFreeze } from '../tokens/public.ts'
import type { InvestorRow } from '../investors/read-investors.ts'

export interface KycDecisionInput {
  decision: 'APPROVE' | 'REJECT'
  reason: string
}

/**
 * A compliance officer's decision on an investor held for review
 * (IN_REVIEW) or suspended after a rescreening (SUSPENDED). APPROVE starts
 * onboarding (a new claim for a suspended investor, and lifts the freezes its
 * suspension put on); REJECT ends the case (the freezes stay).
 * A screening still running is a retryable 409 (`KYC_SCREENING_PENDING`).
 */
export async function decideKyc(ctx: PlatformContext, id: string, input: KycDecisionInput, actor: string, correlationId?: string): Promise<InvestorRow> {
  const row = await ctx.db.transaction().execute(async (tx) => {
    const investor = await lockInvestor(tx, id)
    if (!investor) throw new NotFoundError('investor', id)
    if (investor.status === 'PENDING_KYC') {
      throw new CustosError('KYC_SCREENING_PENDING', `investor ${id} is still being screened; decide once it is IN_REVIEW`, { status: 409, retryable: true, details: { investorId: id, status: investor.status } })
    }
    if (investor.status !== 'IN_REVIEW' && investor.status !== 'SUSPENDED') {
      throw new ConflictError('INVESTOR_NOT_IN_REVIEW', `investor ${id} is ${investor.status}; only IN_REVIEW or SUSPENDED investors are decided`, { investorId: id, status: investor.status })
    }
    const now = ctx.clock.now()
    await tx
      .insertInto('kyc_decisions')
      .values({ id: randomUUID(), investor_id: id, decision: input.decision, reason: input.reason, from_status: investor.status, decided_by: actor, decided_at: now })
      .execute()
    const decided = await recordKycDecision(tx, id, { decision: input.decision, decidedBy: actor, at: now, reason: input.reason })
    // Clearing a suspended investor lifts the freezes its suspension put on (if any completed).
    if (input.decision === 'APPROVE' && investor.status === 'SUSPENDED' && investor.wallet_address) {
      await startInvestorFreeze(tx, ctx, { investorId: id, claimSeq: investor.claim_seq, wallet: investor.wallet_address, mode: 'unfreeze', reason: 'KYC_CLEARED', correlationId })
    }
    if (input.decision === 'APPROVE') return approveInvestor(tx, ctx, decided, { actor, code: 'KYC_APPROVED', reason: input.reason, correlationId })
    return changeInvestorStatus(tx, ctx, decided, { to: 'REJECTED', actor, code: 'KYC_REJECTED', reason: input.reason, correlationId })
  })
  ctx.eventsCommitted()
  ctx.wake()
  return row
}
