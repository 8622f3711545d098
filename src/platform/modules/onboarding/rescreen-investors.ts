import type { PlatformContext } from '../../context.ts'
import { reasonText, recordScreening } from './apply-screening.ts'
import { revokeWorkflowId } from './revoke-claim-workflow.ts'
import { kycSubjectOf } from './screen-workflow.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { investorsDueForRescreen } from '../investors/read-investors.ts'
import { changeInvestorStatus, lockInvestor } from '../investors/public.ts'
import { isEscalation, matchKey, type ScreeningResult } from '../kyc/public.ts'
import { startInvestorFreeze } from '../tokens/public.ts'

export interface RescreenResult {
  screened: number
  suspended: string[]
}

// Expired accreditation is the expiry job's business (EXPIRED, re-verification), not a suspicion.
const EXPIRY_CODES = new Set(['ACCREDITATION_EXPIRED', 'ACCREDITATION_MISSING'])

/**
 * Periodic rescreening: every ACTIVE investor last screened longer ago than
 * the rescreen interval (or every ACTIVE investor with `all`, e.g. after a new
 * sanctions list) is screened again. A result more severe than the last one —
 * a new sanctions hit, a country now denied — suspends the investor and
 * starts the revocation of its claim, pending a compliance officer's decision;
 * a sanctions hit also freezes its wallet on every token (INVESTOR_FREEZE).
 */
export async function rescreenInvestors(ctx: PlatformContext, opts: { all?: boolean; limit?: number } = {}): Promise<RescreenResult> {
  const now = ctx.clock.now()
  const before = new Date(now.getTime() - ctx.settings.rescreenIntervalMs)
  const investors = await investorsDueForRescreen(ctx, { before: opts.all ? undefined : before, limit: opts.limit ?? 500 })
  const suspended: string[] = []
  for (const inv of investors) {
    const previous = inv.kyc_result as ScreeningResult | null
    const result = await ctx.kyc.screen(kycSubjectOf(inv), { purpose: 'rescreen' })
    const known = new Set((previous?.sanctionsMatches ?? []).map(matchKey))
    const newMatches = result.sanctionsMatches.filter((m) => !known.has(matchKey(m)))
    const relevant = result.reasons.filter((r) => !EXPIRY_CODES.has(r.code))
    const escalated = isEscalation(previous?.outcome ?? 'APPROVE', result.outcome) && relevant.length > 0
    const suspend = escalated || newMatches.length > 0
    const changed = await ctx.db.transaction().execute(async (tx) => {
      const locked = await lockInvestor(tx, inv.id)
      if (!locked || locked.status !== 'ACTIVE') return false
      const row = await recordScreening(tx, ctx, locked, result, { purpose: 'rescreen', provider: ctx.kyc.name })
      if (!suspend) return false
      const code = newMatches.some((m) => m.matchedOn === 'address') ? 'SANCTIONS_ADDRESS_MATCH' : newMatches.length > 0 ? 'SANCTIONS_NAME_MATCH' : (relevant[0]?.code ?? 'RESCREEN_ESCALATED')
      await changeInvestorStatus(tx, ctx, row, {
        to: 'SUSPENDED',
        actor: 'system:rescreening',
        code,
        reason: `rescreening: ${reasonText({ ...result, reasons: relevant }) || result.outcome}`,
        details: { providerRef: result.providerRef, newMatches: newMatches.map((m) => ({ listEntryId: m.listEntryId, name: m.name, matchedOn: m.matchedOn, score: m.score })) },
      })
      await startWorkflow(tx, ctx, { id: revokeWorkflowId(inv.id, locked.claim_seq), investorId: inv.id, kind: 'REVOKE_CLAIM', step: 'hold', state: { claimSeq: locked.claim_seq, reason: code } })
      // A sanctions hit also freezes the wallet on every token: its tokens can no longer move, even by an agent's mistake.
      if (code.startsWith('SANCTIONS_') && locked.wallet_address) {
        await startInvestorFreeze(tx, ctx, { investorId: inv.id, claimSeq: locked.claim_seq, wallet: locked.wallet_address, mode: 'freeze', reason: code })
      }
      return true
    })
    if (changed) suspended.push(inv.id)
  }
  if (suspended.length > 0) {
    ctx.logger.warn({ suspended: suspended.length }, 'rescreening suspended investors; claim revocations started')
    ctx.eventsCommitted()
    ctx.wake()
  }
  return { screened: investors.length, suspended }
}
