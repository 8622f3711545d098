import { encodeFunctionData, getAddress, type Hex } from 'viem'
import { claimIssuerAbi } from '../../../chain/generated/abis.ts'
import type { Kysely } from 'kysely'
import { enqueueEvent } from '../../../shared/webhooks/enqueue-event.ts'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import type { WorkflowRow } from '../../engine/types.ts'
import { stateOf, type StepOutcome, type WorkflowDefinition } from '../../engine/types.ts'
import { onboardingChain, SELECTORS } from './chain-reads.ts'
import { custodyStep } from './custody-step.ts'

type RevokeState = { claimSeq: number; reason: string }

/** Workflow id of the revocation of an investor's n-th claim. */
export const revokeWorkflowId = (investorId: string, claimSeq: number) => `revoke:${investorId}:${claimSeq}`

/** The custody hold a status change stands for: named as the transfer check names it. */
export function holdRuleOf(reasonCode: string): 'ON_HOLD' | 'KYC_EXPIRED' | 'ACCREDITATION_EXPIRED' {
  return reasonCode === 'KYC_EXPIRED' || reasonCode === 'ACCREDITATION_EXPIRED' ? reasonCode : 'ON_HOLD'
}

// Before the revocation is even submitted: custody signs nothing from or to the wallet from now on.
async function hold(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const { reason } = stateOf<RevokeState>(wf)
  const investor = await getInvestorRow(ctx, wf.investor_id)
  if (!investor.wallet_address || !ctx.custody.placeHold) {
    return { type: 'next', step: 'revoke-claim', audit: { action: 'investor.hold_skipped', details: { reason: investor.wallet_address ? `custodian ${ctx.custody.name} has no address holds` : 'no wallet' } } }
  }
  const address = getAddress(investor.wallet_address)
  const rule = holdRuleOf(reason)
  await ctx.custody.placeHold({ address, rule, reason: `investor ${investor.id} ${investor.status}: ${reason}`, reference: investor.id })
  return { type: 'next', step: 'revoke-claim', audit: { action: 'investor.held', details: { walletAddress: address, rule, reason } } }
}

async function revokeClaim(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const { claimSeq } = stateOf<RevokeState>(wf)
  const claim = await ctx.db.selectFrom('kyc_claims').selectAll().where('investor_id', '=', wf.investor_id).where('seq', '=', claimSeq).executeTakeFirstOrThrow()
  // Never signed, so never on-chain: nothing to revoke.
  if (!claim.signature) return { type: 'next', step: 'confirm' }
  const signature = claim.signature as Hex
  const chain = onboardingChain(ctx)
  return custodyStep(ctx, {
    wf,
    step: 'revoke-claim',
    txName: `revoke-claim:${claimSeq}`,
    next: 'confirm',
    effectDone: () => chain.claimRevoked(signature),
    request: async () => {
      const { claimIssuer } = await ctx.roles.get()
      const issuer = getAddress(claim.issuer)
      return {
        sourceVaultId: claimIssuer.id,
        to: issuer,
        data: encodeFunctionData({ abi: claimIssuerAbi, functionName: 'revokeClaimBySignature', args: [signature] }),
        intent: { type: 'contract.call', contract: issuer, method: SELECTORS.revokeClaimBySignature },
        note: `revoke KYC claim ${claimSeq} of investor ${wf.investor_id}`,
      }
    },
    failpointAfterSubmit: 'revoke:after-revoke-submitted',
    auditDetails: { claimSeq },
  })
}

async function confirm(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const { claimSeq, reason } = stateOf<RevokeState>(wf)
  const investor = await getInvestorRow(ctx, wf.investor_id)
  const verified = investor.wallet_address ? await onboardingChain(ctx).verified(getAddress(investor.wallet_address)) : false
  return {
    type: 'done',
    audit: { action: 'kyc.claim_revoked', details: { claimSeq, reason, walletVerifiedOnChain: verified } },
    apply: async (tx) => {
      await tx
        .updateTable('kyc_claims')
        .set({ status: 'REVOKED', revoke_reason: reason, updated_at: ctx.clock.now() })
        .where('investor_id', '=', wf.investor_id)
        .where('seq', '=', claimSeq)
        .execute()
      await enqueueEvent(tx, { type: 'investor.claim_revoked', resourceType: 'investor', resourceId: wf.investor_id, data: { investorId: wf.investor_id, claimSeq, reason, walletVerifiedOnChain: verified } }, ctx)
    },
  }
}

async function onFailed(tx: Kysely<PlatformDB>, ctx: PlatformContext, wf: WorkflowRow, code: string, message: string) {
  await enqueueEvent(tx, { type: 'investor.claim_revocation_failed', resourceType: 'investor', resourceId: wf.investor_id, data: { investorId: wf.investor_id, workflowId: wf.id, code, message } }, ctx)
}

/**
 * REVOKE_CLAIM: custody first holds the investor's wallet (no transfer from or to it is
 * signed from then on, before anything is mined); then the claim-issuer vault revokes the claim's signature at the
 * ClaimIssuer (`revokeClaimBySignature`, a MANAGEMENT-key call), after which
 * `isClaimValid` and so the registry's `isVerified` are false and transfers to
 * the investor fail. See docs/decisions/0011-onboarding-workflow.md for why
 * revocation rather than removing the claim from the identity.
 */
export const revokeClaimWorkflow: WorkflowDefinition = { kind: 'REVOKE_CLAIM', steps: { hold, 'revoke-claim': revokeClaim, confirm }, onFailed }
