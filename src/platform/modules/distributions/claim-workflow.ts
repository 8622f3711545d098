import { getAddress, parseEventLogs, toFunctionSelector, type Hex } from 'viem'
import { merkleDistributorAbi } from '../../../chain/generated/abis.ts'
import type { PlatformContext } from '../../context.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import { stateOf, type ApplyInTx, type StepOutcome, type WorkflowDefinition, type WorkflowRow } from '../../engine/types.ts'
import { recordChange } from '../../record-change.ts'
import { findOrSubmit, isFinal } from '../custody/public.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import { claimCalldata } from './claim-round.ts'
import { claimAttemptExternalTxId } from './workflow-ids.ts'

type State = { distributionId: string; claimIndex: number; attempt?: number; retryAt?: string }

/** A leaf's claim is tried at most this many times (each attempt its own custody transaction). */
export const MAX_CLAIM_ATTEMPTS = 3
/** Business time before the retry after the n-th failed attempt: 1 min, 2 min, … (doubling). */
export const claimRetryDelayMs = (failedAttempt: number) => 60_000 * 2 ** (failedAttempt - 1)

/**
 * What follows a claim attempt custody ended without completing: another
 * attempt after a backoff while attempts remain and the retry falls before
 * the claim deadline; otherwise the claim stays FAILED (its money returns to
 * the treasury at the reclaim).
 */
export function nextClaimAttempt(failedAttempt: number, now: Date, deadline: Date): { attempt: number; retryAt: Date } | null {
  if (failedAttempt >= MAX_CLAIM_ATTEMPTS) return null
  const retryAt = new Date(now.getTime() + claimRetryDelayMs(failedAttempt))
  return retryAt < deadline ? { attempt: failedAttempt + 1, retryAt } : null
}
const ACTOR = 'system:workflow:distribution-claim'
const CLAIM = toFunctionSelector('claim(bytes32,uint256,address,uint256,bytes32[])')

/**
 * The claim of one leaf of a CLAIM round, through custody: a holder's from the
 * investor's custodial vault (the contract pays the leaf's account whoever
 * sends it), the escrow vault's from the treasury vault. One custody
 * transaction under `dist:<id>:claim:<index>`; the receipt's `Claimed` event is
 * checked before the leaf and its entitlements are marked CLAIMED
 * (`distribution.claimed`). A claim custody ends otherwise is reported
 * (`distribution.payment.failed`, audited `distribution.claim_failed`) and
 * retried after a backoff under a new deterministic id
 * (`dist:<id>:claim:<index>:attempt:<n>`), at most {@link MAX_CLAIM_ATTEMPTS}
 * times and only before the deadline; then it is FAILED with why and its money
 * returns to the treasury at the reclaim.
 */
async function send(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const { distributionId, claimIndex, attempt = 1 } = stateOf<State>(wf)
  const d = await ctx.db.selectFrom('distributions').selectAll().where('id', '=', distributionId).executeTakeFirstOrThrow()
  const leaf = await ctx.db.selectFrom('distribution_claims').selectAll().where('distribution_id', '=', distributionId).where('claim_index', '=', claimIndex).executeTakeFirstOrThrow()
  if (leaf.status !== 'REQUESTED') return { type: 'done' }
  const distributor = getAddress(requireDeployments(ctx).distributions!.merkleDistributor)
  const sourceVaultId = leaf.kind === 'HOLDER' ? (await getInvestorRow(ctx, leaf.investor_id!)).vault_id! : d.treasury_vault_id
  const { tx } = await findOrSubmit(
    ctx,
    leaf.external_tx_id,
    async () => ({
      sourceVaultId,
      to: distributor,
      data: claimCalldata(d.claim_round_id as Hex, { index: leaf.claim_index, account: leaf.account, amount: BigInt(leaf.amount), proof: leaf.proof }),
      intent: { type: 'contract.call', contract: distributor, method: CLAIM },
      note: `distribution ${d.id}: claim ${leaf.claim_index} (${leaf.amount} to ${leaf.account})`,
    }),
    wf.id,
  )
  if (leaf.custody_tx_id !== tx.id) await ctx.db.updateTable('distribution_claims').set({ custody_tx_id: tx.id, attempts: attempt }).where('distribution_id', '=', d.id).where('claim_index', '=', claimIndex).execute()
  const now = ctx.clock.now()
  if (tx.status === 'COMPLETED') {
    const receipt = await ctx.chain.publicClient.getTransactionReceipt({ hash: tx.txHash! })
    const claimed = parseEventLogs({ abi: merkleDistributorAbi, logs: receipt.logs.filter((l) => getAddress(l.address) === distributor), eventName: 'Claimed' }).find(
      (l) => l.args.id === d.claim_round_id && l.args.index === BigInt(claimIndex) && getAddress(l.args.account) === getAddress(leaf.account) && l.args.amount === BigInt(leaf.amount),
    )
    if (!claimed) return { type: 'fail', code: 'DISTRIBUTION_CLAIM_MISMATCH', message: `claim ${claimIndex} (tx ${tx.txHash}): the receipt shows no Claimed event for ${leaf.amount} to ${leaf.account}` }
    return {
      type: 'done',
      apply: async (db) => {
        await db.updateTable('distribution_claims').set({ status: 'CLAIMED', status_reason: null, custody_tx_id: tx.id, attempts: attempt, tx_hash: tx.txHash, claimed_at: now }).where('distribution_id', '=', d.id).where('claim_index', '=', claimIndex).execute()
        await db
          .updateTable('distribution_entitlements')
          .set(leaf.kind === 'HOLDER' ? { status: 'CLAIMED', status_reason: null, tx_hash: tx.txHash, paid_at: now } : { status: 'ESCROWED', status_reason: 'kept in the escrow vault by the holders policy', tx_hash: tx.txHash, paid_at: now })
          .where('distribution_id', '=', d.id)
          .where('holder', 'in', leaf.holders)
          .execute()
        const data = { distributionId: d.id, claimIndex, kind: leaf.kind, investorId: leaf.investor_id, account: leaf.account, amount: leaf.amount, asset: d.asset, txHash: tx.txHash }
        await recordChange(db, ctx, {
          at: now,
          actor: ACTOR,
          action: 'distribution.claimed',
          targetType: 'distribution',
          targetId: d.id,
          before: { claim: leaf.claim_index, status: leaf.status },
          after: { claim: leaf.claim_index, status: 'CLAIMED' },
          details: { ...data, custodyTxId: tx.id },
          correlationId: wf.correlation_id,
          events: leaf.kind === 'HOLDER' ? [{ type: 'distribution.claimed', resourceType: 'distribution', resourceId: d.id, data }] : [],
        })
      },
    }
  }
  if (isFinal(tx)) {
    const why = `custody ended the claim ${tx.id} ${tx.status}${tx.subStatus ? ` (${tx.subStatus})` : ''}${tx.statusReason ? `: ${tx.statusReason}` : ''}`
    const retry = nextClaimAttempt(attempt, now, d.claim_deadline!)
    const report = { distributionId: d.id, claimIndex, kind: leaf.kind, investorId: leaf.investor_id, holder: leaf.account, amount: leaf.amount, attempt, reason: why, next: retry ? 'RETRY' : 'RECLAIM', retryAt: retry?.retryAt.toISOString() ?? null }
    const reported = async (db: Parameters<ApplyInTx>[0], status: 'REQUESTED' | 'FAILED') =>
      recordChange(db, ctx, {
        at: now,
        actor: ACTOR,
        action: 'distribution.claim_failed',
        targetType: 'distribution',
        targetId: d.id,
        before: { claim: claimIndex, status: leaf.status, externalTxId: leaf.external_tx_id },
        after: { claim: claimIndex, status, externalTxId: retry ? claimAttemptExternalTxId(d.id, claimIndex, retry.attempt) : leaf.external_tx_id },
        details: { ...report, custodyTxId: tx.id },
        correlationId: wf.correlation_id,
        events: [{ type: 'distribution.payment.failed', resourceType: 'distribution', resourceId: d.id, data: report }],
      })
    if (retry) {
      const nextId = claimAttemptExternalTxId(d.id, claimIndex, retry.attempt)
      return {
        type: 'next',
        step: 'backoff',
        state: { attempt: retry.attempt, retryAt: retry.retryAt.toISOString() },
        apply: async (db) => {
          // The leaf stays in flight (REQUESTED) under the next attempt's id, recorded with the workflow's state.
          await db.updateTable('distribution_claims').set({ status_reason: `${why}; attempt ${retry.attempt} at ${retry.retryAt.toISOString()}`, external_tx_id: nextId, custody_tx_id: null, attempts: attempt }).where('distribution_id', '=', d.id).where('claim_index', '=', claimIndex).execute()
          await reported(db, 'REQUESTED')
        },
      }
    }
    return {
      type: 'done',
      apply: async (db) => {
        await db.updateTable('distribution_claims').set({ status: 'FAILED', status_reason: attempt > 1 ? `${why} (attempt ${attempt} of ${MAX_CLAIM_ATTEMPTS})` : why, custody_tx_id: tx.id, attempts: attempt }).where('distribution_id', '=', d.id).where('claim_index', '=', claimIndex).execute()
        await reported(db, 'FAILED')
      },
    }
  }
  return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: leaf.external_tx_id }
}

/**
 * Between two attempts of a claim: waits for the retry time (business clock),
 * then sends again; a retry that would fall after the claim deadline, or a
 * leaf the contract shows claimed already (by the holder with its proof), ends
 * the claim FAILED with why (the reclaim then finds what was claimed on-chain).
 */
async function backoff(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const { distributionId, claimIndex, attempt = 1, retryAt } = stateOf<State>(wf)
  const d = await ctx.db.selectFrom('distributions').selectAll().where('id', '=', distributionId).executeTakeFirstOrThrow()
  const leaf = await ctx.db.selectFrom('distribution_claims').selectAll().where('distribution_id', '=', distributionId).where('claim_index', '=', claimIndex).executeTakeFirstOrThrow()
  if (leaf.status !== 'REQUESTED') return { type: 'done' }
  const now = ctx.clock.now()
  const at = retryAt ? new Date(retryAt) : now
  const distributor = getAddress(requireDeployments(ctx).distributions!.merkleDistributor)
  const claimedOnChain = await ctx.chain.publicClient.readContract({ address: distributor, abi: merkleDistributorAbi, functionName: 'isClaimed', args: [d.claim_round_id as Hex, BigInt(claimIndex)] })
  const stop = claimedOnChain ? 'the contract shows the leaf claimed already (outside the platform)' : now >= d.claim_deadline! ? `the claim deadline ${d.claim_deadline!.toISOString()} passed before attempt ${attempt}` : null
  if (stop) {
    return {
      type: 'done',
      apply: async (db) => {
        await db.updateTable('distribution_claims').set({ status: 'FAILED', status_reason: `${leaf.status_reason ?? 'claim failed'}; not retried: ${stop}` }).where('distribution_id', '=', d.id).where('claim_index', '=', claimIndex).execute()
        await recordChange(db, ctx, { at: now, actor: ACTOR, action: 'distribution.claim_failed', targetType: 'distribution', targetId: d.id, before: { claim: claimIndex, status: 'REQUESTED' }, after: { claim: claimIndex, status: 'FAILED' }, details: { claimIndex, attempt, reason: stop }, correlationId: wf.correlation_id })
      },
    }
  }
  if (now < at) return { type: 'wait', ms: Math.min(at.getTime(), d.claim_deadline!.getTime() + 1) - now.getTime(), state: { waitingFor: `attempt ${attempt} of claim ${claimIndex} at ${at.toISOString()}` } }
  return { type: 'next', step: 'send', state: { waitingFor: null } }
}

/** DISTRIBUTION_CLAIM: one leaf's claim through custody, exactly once, retried when custody fails it (see {@link send}, {@link backoff}). */
export const distributionClaimWorkflow: WorkflowDefinition = { kind: 'DISTRIBUTION_CLAIM', steps: { send, backoff } }
