import type { Kysely } from 'kysely'
import { CLAIM_TOPICS } from '../../../chain/claim-topics.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { kycClaimData, type KycClaimPayload } from './claim-data.ts'
import { changeInvestorStatus } from '../investors/public.ts'
import type { InvestorRow } from '../investors/read-investors.ts'

/** Workflow id of an investor's n-th onboarding (one per claim). */
export const onboardWorkflowId = (investorId: string, claimSeq: number) => `onboard:${investorId}:${claimSeq}`

/**
 * Approves an investor inside the caller's transaction: fixes the KYC expiry
 * (now + validity; the claim also ends when accreditation evidence does),
 * records the claim the platform will have signed, moves the investor to
 * APPROVED and starts the durable onboarding workflow. Wake the workers after
 * the commit.
 */
export async function approveInvestor(
  tx: Kysely<PlatformDB>,
  ctx: PlatformContext,
  investor: InvestorRow,
  p: { actor: string; code?: string | null; reason?: string | null; correlationId?: string | null },
): Promise<InvestorRow> {
  const deployments = requireDeployments(ctx)
  const now = ctx.clock.now()
  const kycExpiresAt = new Date(now.getTime() + ctx.settings.kycValidityMs)
  const accExpiry = investor.accreditation ? new Date(investor.accreditation.expiresAt) : null
  const accreditationExpiresAt = accExpiry && !Number.isNaN(accExpiry.getTime()) ? accExpiry : null
  const claimExpiresAt = accreditationExpiresAt && accreditationExpiresAt < kycExpiresAt ? accreditationExpiresAt : kycExpiresAt
  const seq = investor.claim_seq + 1
  const payload: KycClaimPayload = {
    v: 1,
    kind: 'custos.kyc',
    investor: investor.id,
    seq,
    provider: investor.kyc_provider ?? 'manual',
    ref: investor.kyc_provider_ref ?? `decision:${now.toISOString()}`,
    approvedAt: now.toISOString(),
    expiresAt: claimExpiresAt.toISOString(),
  }
  await tx
    .insertInto('kyc_claims')
    .values({
      investor_id: investor.id,
      seq,
      topic: CLAIM_TOPICS.KYC.toString(),
      issuer: deployments.claimIssuer,
      data: kycClaimData(payload),
      payload: JSON.stringify(payload),
      signature: null,
      expires_at: claimExpiresAt,
      status: 'PENDING',
      created_at: now,
      updated_at: now,
    })
    .execute()
  const updated = await changeInvestorStatus(tx, ctx, investor, {
    to: 'APPROVED',
    actor: p.actor,
    code: p.code ?? null,
    reason: p.reason ?? null,
    correlationId: p.correlationId,
    patch: { kyc_approved_at: now, kyc_expires_at: kycExpiresAt, accreditation_expires_at: accreditationExpiresAt, claim_seq: seq },
    details: { claimSeq: seq, claimExpiresAt: claimExpiresAt.toISOString() },
  })
  await startWorkflow(tx, ctx, { id: onboardWorkflowId(investor.id, seq), investorId: investor.id, kind: 'ONBOARD', step: 'ensure-vault', state: { claimSeq: seq }, correlationId: p.correlationId })
  return updated
}
