import { getAddress, isAddressEqual, recoverMessageAddress, type Address, type Hex } from 'viem'
import type { Kysely } from 'kysely'
import { claimPayloadHash, encodeAddClaim, encodeCreateIdentity, encodeRegisterIdentity } from '../../../chain/identity.ts'
import { CustosError } from '../../../shared/errors.ts'
import { enqueueEvent } from '../../../shared/webhooks/enqueue-event.ts'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import type { WorkflowRow } from '../../engine/types.ts'
import { stateOf, type StepOutcome, type WorkflowDefinition } from '../../engine/types.ts'
import { onboardingChain, SELECTORS } from './chain-reads.ts'
import { custodyStep } from './custody-step.ts'
import { INVESTOR_VAULT_PURPOSE } from '../custody/public.ts'
import { changeInvestorStatus, lockInvestor, recordInvestorIdentity, recordInvestorVault } from '../investors/public.ts'
import { countryNumeric } from '../kyc/public.ts'

type OnboardState = { claimSeq: number }

/** The name of an investor's vault at custody (unique there, so asking twice finds the first). */
export const investorVaultName = (investorId: string) => `investor-${investorId}`

function need<T>(v: T | null | undefined, what: string): T {
  if (v === null || v === undefined) throw new CustosError('ONBOARDING_STATE_MISSING', `onboarding has no ${what} yet`)
  return v
}

async function claimOf(ctx: PlatformContext, wf: WorkflowRow) {
  const { claimSeq } = stateOf<OnboardState>(wf)
  return ctx.db.selectFrom('kyc_claims').selectAll().where('investor_id', '=', wf.investor_id).where('seq', '=', claimSeq).executeTakeFirstOrThrow()
}

async function ensureVault(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const investor = await getInvestorRow(ctx, wf.investor_id)
  if (investor.vault_id && investor.wallet_address) return { type: 'next', step: 'create-identity' }
  const vault = await ctx.custody.ensureVault({ name: investorVaultName(investor.id), tier: 'hot', purpose: INVESTOR_VAULT_PURPOSE, externalRef: investor.id })
  ctx.failpoint?.('onboard:after-vault-created')
  return {
    type: 'next',
    step: 'create-identity',
    audit: { action: 'investor.vault_created', details: { vaultId: vault.id, walletAddress: vault.address } },
    apply: async (tx) => {
      await recordInvestorVault(tx, ctx, investor.id, { vaultId: vault.id, walletAddress: vault.address })
    },
  }
}

async function createIdentity(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const investor = await getInvestorRow(ctx, wf.investor_id)
  const wallet = need(investor.wallet_address, 'wallet') as Address
  const chain = onboardingChain(ctx)
  let identity: Address | null = null
  return custodyStep(ctx, {
    wf,
    step: 'create-identity',
    next: 'sign-claim',
    effectDone: async () => (identity = await chain.identityOf(wallet)) !== null,
    request: async () => {
      const { identityAgent } = await ctx.roles.get()
      const idFactory = chain.deployments.idFactory
      return {
        sourceVaultId: identityAgent.id,
        to: idFactory,
        data: encodeCreateIdentity(wallet, `custos:${investor.id}`),
        intent: { type: 'contract.call', contract: idFactory, method: SELECTORS.createIdentity },
        note: `ONCHAINID identity for investor ${investor.id}`,
      }
    },
    failpointAfterSubmit: 'onboard:after-create-identity-submitted',
    onDone: async (tx) => {
      await recordInvestorIdentity(tx, ctx, investor.id, identity)
    },
  })
}

async function signClaim(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const claim = await claimOf(ctx, wf)
  if (claim.signature) return { type: 'next', step: 'add-claim' }
  const investor = await getInvestorRow(ctx, wf.investor_id)
  const identity = getAddress(need(investor.identity_address, 'identity'))
  const { claimIssuer } = await ctx.roles.get()
  const topic = BigInt(claim.topic)
  const data = claim.data as Hex
  const { signature } = await ctx.custody.signClaim(claimIssuer.id, { identity, topic, data })
  // Check before anything goes on-chain: the signature must come from the claim-issuer vault over this claim.
  const signer = await recoverMessageAddress({ message: { raw: claimPayloadHash(identity, topic, data) }, signature })
  if (!isAddressEqual(signer, claimIssuer.address)) {
    throw new CustosError('CLAIM_SIGNATURE_INVALID', `custody returned a claim signature by ${signer}, not by the claim-issuer vault ${claimIssuer.address}`)
  }
  ctx.failpoint?.('onboard:after-claim-signed')
  return {
    type: 'next',
    step: 'add-claim',
    audit: { action: 'kyc.claim_signed', details: { claimSeq: claim.seq, topic: claim.topic, issuer: claim.issuer, data, identity } },
    apply: async (tx) => {
      await tx.updateTable('kyc_claims').set({ signature, status: 'SIGNED', updated_at: ctx.clock.now() }).where('investor_id', '=', claim.investor_id).where('seq', '=', claim.seq).execute()
    },
  }
}

async function addClaim(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const claim = await claimOf(ctx, wf)
  const investor = await getInvestorRow(ctx, wf.investor_id)
  const identity = getAddress(need(investor.identity_address, 'identity'))
  const vaultId = need(investor.vault_id, 'vault')
  const signature = need(claim.signature, 'claim signature') as Hex
  const issuer = getAddress(claim.issuer)
  const topic = BigInt(claim.topic)
  const chain = onboardingChain(ctx)
  return custodyStep(ctx, {
    wf,
    step: 'add-claim',
    txName: `add-claim:${claim.seq}`,
    next: 'register-identity',
    effectDone: async () => (await chain.claimSignature(identity, issuer, topic)).toLowerCase() === signature.toLowerCase(),
    request: async () => {
      // The identity would refuse a claim its issuer does not accept; say why here rather than as a revert.
      if (!(await chain.claimValidAtIssuer(identity, topic, signature, claim.data as Hex))) {
        throw new CustosError('CLAIM_NOT_ACCEPTED_BY_ISSUER', 'the ClaimIssuer does not accept this signature: is the claim-issuer vault a CLAIM key of the ClaimIssuer (bootstrap)?', { retryable: true })
      }
      return {
        sourceVaultId: vaultId,
        to: identity,
        data: encodeAddClaim(topic, issuer, signature, claim.data as Hex),
        intent: { type: 'contract.call', contract: identity, method: SELECTORS.addClaim },
        note: `KYC claim ${claim.seq} for investor ${investor.id}`,
      }
    },
    failpointAfterSubmit: 'onboard:after-add-claim-submitted',
    auditDetails: { claimSeq: claim.seq },
  })
}

async function registerIdentity(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const investor = await getInvestorRow(ctx, wf.investor_id)
  const wallet = getAddress(need(investor.wallet_address, 'wallet'))
  const identity = getAddress(need(investor.identity_address, 'identity'))
  const chain = onboardingChain(ctx)
  const country = countryNumeric(investor.country)
  return custodyStep(ctx, {
    wf,
    step: 'register-identity',
    next: 'activate',
    effectDone: () => chain.registered(wallet),
    request: async () => {
      const { identityAgent } = await ctx.roles.get()
      const registry = chain.deployments.identityRegistry.registry
      return {
        sourceVaultId: identityAgent.id,
        to: registry,
        data: encodeRegisterIdentity(wallet, identity, country),
        intent: { type: 'contract.call', contract: registry, method: SELECTORS.registerIdentity },
        note: `register investor ${investor.id} (country ${investor.country} = ${country})`,
      }
    },
    failpointAfterSubmit: 'onboard:after-register-identity-submitted',
    auditDetails: { country: investor.country, countryNumeric: country },
  })
}

async function activate(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const investor = await getInvestorRow(ctx, wf.investor_id)
  if (investor.status !== 'APPROVED') return { type: 'done', audit: { action: 'workflow.skipped', details: { reason: `investor is ${investor.status}` } } }
  const wallet = getAddress(need(investor.wallet_address, 'wallet'))
  if (!(await onboardingChain(ctx).verified(wallet))) {
    throw new CustosError('ONCHAIN_NOT_VERIFIED', `the identity registry does not (yet) verify ${wallet}`, { retryable: true })
  }
  const { claimSeq } = stateOf<OnboardState>(wf)
  // A re-verified investor was held at custody when it expired or was suspended: verified again, it may move tokens again.
  if (ctx.custody.releaseHolds) await ctx.custody.releaseHolds({ address: wallet, reason: `investor ${investor.id} verified on-chain (claim ${claimSeq})` })
  ctx.failpoint?.('onboard:before-activate')
  return {
    type: 'done',
    audit: { action: 'workflow.completed', details: { claimSeq, walletAddress: wallet, identityAddress: investor.identity_address } },
    apply: async (tx) => {
      const locked = await lockInvestor(tx, investor.id)
      if (!locked || locked.status !== 'APPROVED') return
      const now = ctx.clock.now()
      await tx.updateTable('kyc_claims').set({ status: 'SUPERSEDED', updated_at: now }).where('investor_id', '=', investor.id).where('status', '=', 'ACTIVE').where('seq', '<', claimSeq).execute()
      await tx.updateTable('kyc_claims').set({ status: 'ACTIVE', updated_at: now }).where('investor_id', '=', investor.id).where('seq', '=', claimSeq).execute()
      await changeInvestorStatus(tx, ctx, locked, { to: 'ACTIVE', actor: 'system:onboarding', code: 'ONBOARDED', reason: 'identity registered and verified on-chain', correlationId: wf.correlation_id, details: { claimSeq } })
    },
  }
}

async function onFailed(tx: Kysely<PlatformDB>, ctx: PlatformContext, wf: WorkflowRow, code: string, message: string) {
  await enqueueEvent(tx, { type: 'investor.onboarding_failed', resourceType: 'investor', resourceId: wf.investor_id, data: { investorId: wf.investor_id, workflowId: wf.id, step: wf.step, code, message } }, ctx)
}

/**
 * ONBOARD: custody creates the investor's vault; the identity-agent vault
 * deploys the ONCHAINID identity through IdFactory; the claim-issuer vault
 * signs the KYC claim; the investor's vault adds it to the identity; the
 * identity-agent vault registers the identity with its country; the
 * investor is ACTIVE once the registry verifies the wallet. Every step looks
 * at the chain first, so a repeat after a crash does nothing twice.
 */
export const onboardWorkflow: WorkflowDefinition = {
  kind: 'ONBOARD',
  steps: {
    'ensure-vault': ensureVault,
    'create-identity': createIdentity,
    'sign-claim': signClaim,
    'add-claim': addClaim,
    'register-identity': registerIdentity,
    activate,
  },
  onFailed,
}

