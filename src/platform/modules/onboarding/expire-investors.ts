import type { PlatformContext } from '../../context.ts'
import { revokeWorkflowId } from './revoke-claim-workflow.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { investorsDueToExpire } from '../investors/read-investors.ts'
import { changeInvestorStatus, lockInvestor } from '../investors/public.ts'

export interface ExpireInvestorsResult {
  expired: string[]
}

/**
 * The expiry job: every ACTIVE investor whose KYC or accreditation date has
 * passed (by the context's clock) becomes EXPIRED, and the revocation of its
 * on-chain claim starts in the same transaction, so transfers to it fail
 * once custody has sent the revocation.
 */
export async function expireInvestors(ctx: PlatformContext, opts: { limit?: number } = {}): Promise<ExpireInvestorsResult> {
  const now = ctx.clock.now()
  const due = await investorsDueToExpire(ctx, now, opts.limit ?? 200)
  const expired: string[] = []
  for (const id of due) {
    const done = await ctx.db.transaction().execute(async (tx) => {
      const investor = await lockInvestor(tx, id)
      if (!investor || investor.status !== 'ACTIVE') return false
      const kycPassed = investor.kyc_expires_at !== null && investor.kyc_expires_at <= now
      const accPassed = investor.accreditation_expires_at !== null && investor.accreditation_expires_at <= now
      if (!kycPassed && !accPassed) return false
      const code = kycPassed ? 'KYC_EXPIRED' : 'ACCREDITATION_EXPIRED'
      const at = kycPassed ? investor.kyc_expires_at! : investor.accreditation_expires_at!
      const reason = `${kycPassed ? 'KYC' : 'accreditation evidence'} expired at ${at.toISOString()}`
      await changeInvestorStatus(tx, ctx, investor, { to: 'EXPIRED', actor: 'system:kyc-expiry', code, reason, details: { claimSeq: investor.claim_seq } })
      await startWorkflow(tx, ctx, { id: revokeWorkflowId(id, investor.claim_seq), investorId: id, kind: 'REVOKE_CLAIM', step: 'hold', state: { claimSeq: investor.claim_seq, reason: code } })
      return true
    })
    if (done) expired.push(id)
  }
  if (expired.length > 0) {
    ctx.logger.info({ expired: expired.length }, 'investors expired; claim revocations started')
    ctx.eventsCommitted()
    ctx.wake()
  }
  return { expired }
}
