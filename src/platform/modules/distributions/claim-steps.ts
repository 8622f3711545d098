import { encodeFunctionData, erc20Abi, getAddress, parseEventLogs, toFunctionSelector, type Hex } from 'viem'
import { merkleDistributorAbi } from '../../../chain/generated/abis.ts'
import type { PlatformContext } from '../../context.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import type { StepOutcome, WorkflowRow } from '../../engine/types.ts'
import { findOrSubmit, isFinal, type CustodyTransaction } from '../custody/public.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import { recordChange } from '../../record-change.ts'
import { claimRoundId, planClaimRound } from './claim-round.ts'
import { loadDistribution, setStatus } from './set-status.ts'
import type { DistributionRow } from './tables.ts'
import { claimApproveExternalTxId, claimExternalTxId, claimPublishExternalTxId, claimTaxExternalTxId, claimWorkflowId, reclaimExternalTxId } from './workflow-ids.ts'

const APPROVE = toFunctionSelector('approve(address,uint256)')
const CREATE = toFunctionSelector('create(bytes32,address,bytes32,uint256,uint64)')
const RECLAIM = toFunctionSelector('reclaim(bytes32,address)')
const TRANSFER = toFunctionSelector('transfer(address,uint256)')

/** Who asks for the claims the platform makes by itself when a round opens. */
const AUTO_CLAIMER = 'system:workflow:distribution'

const distributorOf = (ctx: PlatformContext) => getAddress(requireDeployments(ctx).distributions!.merkleDistributor)
const deadlineSeconds = (d: DistributionRow) => BigInt(Math.floor(d.claim_deadline!.getTime() / 1000))
const custodyEnded = (what: string, tx: CustodyTransaction) => `custody ended ${what} ${tx.id} ${tx.status}${tx.subStatus ? ` (${tx.subStatus})` : ''}${tx.statusReason ? `: ${tx.statusReason}` : ''}`

/**
 * On the payment date: the Merkle tree of the net entitlements is built once
 * and stored with every leaf's proof, in the transaction that makes the
 * distribution PAYING; nothing about it is recomputed afterwards.
 */
export async function planClaims(ctx: PlatformContext, wf: WorkflowRow, d: DistributionRow): Promise<StepOutcome> {
  const ents = await ctx.db.selectFrom('distribution_entitlements').selectAll().where('distribution_id', '=', d.id).execute()
  const plan = planClaimRound(ents, { escrow: d.escrow_vault_address })
  const roundId = claimRoundId(d.id)
  return {
    type: 'next',
    step: plan ? 'claim_fund' : 'settle',
    state: { waitingFor: null },
    apply: async (tx) => {
      if (plan) {
        for (const l of plan.leaves) {
          await tx
            .insertInto('distribution_claims')
            .values({ distribution_id: d.id, claim_index: l.index, kind: l.kind, account: l.account, amount: l.amount.toString(), holders: JSON.stringify(l.holders), investor_id: l.investorId, proof: JSON.stringify(l.proof), status: 'OPEN', external_tx_id: claimExternalTxId(d.id, l.index) })
            .onConflict((oc) => oc.columns(['distribution_id', 'claim_index']).doNothing())
            .execute()
        }
        await tx.updateTable('distributions').set({ claim_round_id: roundId, claim_root: plan.root, claim_total: plan.total.toString() }).where('id', '=', d.id).execute()
      }
      await setStatus(tx, ctx, d, { status: 'PAYING' }, 'distribution.claim_round_planned', wf.correlation_id, { roundId, root: plan?.root ?? null, total: plan?.total.toString() ?? '0', leaves: plan?.leaves.length ?? 0, claimDeadline: d.claim_deadline!.toISOString() })
    },
  }
}

/**
 * The treasury approves MerkleDistributor for the round's total (one custody
 * transaction, deterministic id), once it holds the round and the withholding
 * it keeps for the tax vault.
 */
export async function claimFund(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const d = await loadDistribution(ctx, wf)
  const total = BigInt(d.claim_total!)
  const id = claimApproveExternalTxId(d.id)
  if (!(await ctx.custody.findTransaction(id))) {
    const needed = total + BigInt(d.withheld_total ?? '0')
    const balance = await ctx.chain.publicClient.readContract({ address: getAddress(d.asset), abi: erc20Abi, functionName: 'balanceOf', args: [getAddress(d.treasury_address)] })
    if (balance < needed) return { type: 'wait', ms: 2_000, state: { waitingFor: `treasury ${d.treasury_address} holds ${balance}, the claim round and its withholding need ${needed}: fund it` } }
  }
  const { tx } = await findOrSubmit(
    ctx,
    id,
    async () => ({
      sourceVaultId: d.treasury_vault_id,
      to: getAddress(d.asset),
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [distributorOf(ctx), total] }),
      intent: { type: 'contract.call', contract: getAddress(d.asset), method: APPROVE },
      note: `distribution ${d.id}: allow the claim contract to take ${total}`,
    }),
    wf.id,
  )
  if (tx.status === 'COMPLETED') return { type: 'next', step: 'claim_publish', state: { waitingFor: null }, audit: { action: 'distribution.funded', details: { total: total.toString(), custodyTxId: tx.id, txHash: tx.txHash } } }
  if (isFinal(tx)) return { type: 'fail', code: 'DISTRIBUTION_FUNDING_FAILED', message: custodyEnded('the approval', tx) }
  return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: id }
}

/**
 * The holder leaves the platform claims by itself when the round opens: those
 * whose account is the custodial vault of the platform investor the leaf
 * names (custody can sign the claim from it). A holder outside custody claims
 * with its proof.
 */
export async function custodialHolderLeaves(ctx: PlatformContext, d: DistributionRow): Promise<{ claim_index: number; investor_id: string; account: string; amount: string }[]> {
  const leaves = await ctx.db.selectFrom('distribution_claims').select(['claim_index', 'investor_id', 'account', 'amount']).where('distribution_id', '=', d.id).where('kind', '=', 'HOLDER').where('status', '=', 'OPEN').orderBy('claim_index').execute()
  const out: { claim_index: number; investor_id: string; account: string; amount: string }[] = []
  for (const l of leaves) {
    if (!l.investor_id) continue
    const investor = await getInvestorRow(ctx, l.investor_id)
    if (investor.vault_id && investor.wallet_address && getAddress(investor.wallet_address) === getAddress(l.account)) out.push({ ...l, investor_id: l.investor_id })
  }
  return out
}

/**
 * `create(roundId, asset, root, total, deadline)` from the treasury: the
 * contract pulls the total and opens the round until the deadline (block
 * time). Once mined the distribution is CLAIMABLE and the platform claims the
 * escrow vault's leaf at once and, unless declared with `autoClaim: false`,
 * every custodial holder's leaf (one DISTRIBUTION_CLAIM workflow per leaf, so
 * a failing claim holds up no other), in the same transaction.
 */
export async function claimPublish(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const d = await loadDistribution(ctx, wf)
  const distributor = distributorOf(ctx)
  const id = claimPublishExternalTxId(d.id)
  if (!(await ctx.custody.findTransaction(id))) {
    const block = await ctx.chain.publicClient.getBlock()
    if (block.timestamp >= deadlineSeconds(d)) return { type: 'fail', code: 'DISTRIBUTION_CLAIM_DEADLINE_PASSED', message: `the chain's time (${new Date(Number(block.timestamp) * 1000).toISOString()}) is past the claim deadline ${d.claim_deadline!.toISOString()}: the round cannot be opened` }
  }
  const { tx } = await findOrSubmit(
    ctx,
    id,
    async () => ({
      sourceVaultId: d.treasury_vault_id,
      to: distributor,
      data: encodeFunctionData({ abi: merkleDistributorAbi, functionName: 'create', args: [d.claim_round_id as Hex, getAddress(d.asset), d.claim_root as Hex, BigInt(d.claim_total!), deadlineSeconds(d)] }),
      intent: { type: 'contract.call', contract: distributor, method: CREATE },
      note: `distribution ${d.id}: fund and open the claim round until ${d.claim_deadline!.toISOString()}`,
    }),
    wf.id,
  )
  if (isFinal(tx) && tx.status !== 'COMPLETED') return { type: 'fail', code: 'DISTRIBUTION_CLAIM_ROUND_FAILED', message: custodyEnded('the claim round', tx) }
  if (tx.status !== 'COMPLETED') return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: id }
  const round = await ctx.chain.publicClient.readContract({ address: distributor, abi: merkleDistributorAbi, functionName: 'distributions', args: [d.claim_round_id as Hex] })
  const [issuer, token, root, deadline] = round
  // Reconciliation: the round on-chain is the one the platform planned.
  if (getAddress(issuer) !== getAddress(d.treasury_address) || getAddress(token) !== getAddress(d.asset) || root !== d.claim_root || deadline !== deadlineSeconds(d)) {
    return { type: 'fail', code: 'DISTRIBUTION_CLAIM_ROUND_MISMATCH', message: `round ${d.claim_round_id} on-chain (${issuer}, ${token}, ${root}, ${deadline}) is not the planned one` }
  }
  const platformLeaves = await ctx.db.selectFrom('distribution_claims').select(['claim_index']).where('distribution_id', '=', d.id).where('kind', '!=', 'HOLDER').execute()
  const holderLeaves = d.auto_claim ? await custodialHolderLeaves(ctx, d) : []
  const now = ctx.clock.now()
  return {
    type: 'next',
    step: 'await_deadline',
    apply: async (db) => {
      await db.updateTable('distributions').set({ claims_opened_at: now }).where('id', '=', d.id).execute()
      for (const l of platformLeaves) {
        await db.updateTable('distribution_claims').set({ status: 'REQUESTED', requested_by: 'system:workflow:distribution', requested_at: now }).where('distribution_id', '=', d.id).where('claim_index', '=', l.claim_index).where('status', '=', 'OPEN').execute()
        await startWorkflow(db, ctx, { id: claimWorkflowId(d.id, l.claim_index), investorId: `distribution:${d.id}`, kind: 'DISTRIBUTION_CLAIM', step: 'send', state: { distributionId: d.id, claimIndex: l.claim_index }, correlationId: wf.correlation_id })
      }
      for (const l of holderLeaves) {
        const requested = await db.updateTable('distribution_claims').set({ status: 'REQUESTED', requested_by: AUTO_CLAIMER, requested_at: now }).where('distribution_id', '=', d.id).where('claim_index', '=', l.claim_index).where('status', '=', 'OPEN').executeTakeFirst()
        if (requested.numUpdatedRows === 0n) continue
        await startWorkflow(db, ctx, { id: claimWorkflowId(d.id, l.claim_index), investorId: l.investor_id, kind: 'DISTRIBUTION_CLAIM', step: 'send', state: { distributionId: d.id, claimIndex: l.claim_index }, correlationId: wf.correlation_id })
        await recordChange(db, ctx, {
          at: now,
          actor: AUTO_CLAIMER,
          action: 'distribution.claim_requested',
          targetType: 'distribution',
          targetId: d.id,
          before: { claim: l.claim_index, status: 'OPEN' },
          after: { claim: l.claim_index, status: 'REQUESTED' },
          details: { investorId: l.investor_id, claimIndex: l.claim_index, account: l.account, amount: l.amount, autoClaim: true },
          correlationId: wf.correlation_id,
        })
      }
      await setStatus(db, ctx, d, { status: 'CLAIMABLE' }, 'distribution.claims_opened', wf.correlation_id, { roundId: d.claim_round_id, root: d.claim_root, total: d.claim_total, claimDeadline: d.claim_deadline!.toISOString(), custodyTxId: tx.id, txHash: tx.txHash, autoClaim: d.auto_claim, autoClaimed: holderLeaves.map((l) => l.claim_index) })
    },
  }
}

/**
 * Waits for the claim deadline by the business clock, then for the chain's
 * time to pass it too (the contract refuses a reclaim before), then for every
 * claim in flight to end, so each leaf is either CLAIMED or returned.
 */
export async function awaitDeadline(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const d = await loadDistribution(ctx, wf)
  const now = ctx.clock.now()
  if (now <= d.claim_deadline!) return { type: 'wait', ms: d.claim_deadline!.getTime() - now.getTime() + 1, state: { waitingFor: `claims open until ${d.claim_deadline!.toISOString()}` } }
  const block = await ctx.chain.publicClient.getBlock()
  if (block.timestamp <= deadlineSeconds(d)) return { type: 'wait', ms: 2_000, state: { waitingFor: `the chain's latest block (${new Date(Number(block.timestamp) * 1000).toISOString()}) is not past the claim deadline yet` } }
  const inFlight = await ctx.db.selectFrom('distribution_claims').select(['claim_index']).where('distribution_id', '=', d.id).where('status', '=', 'REQUESTED').execute()
  if (inFlight.length > 0) return { type: 'wait', ms: 1_000, state: { waitingFor: `claims in flight: ${inFlight.map((c) => c.claim_index).join(', ')}` } }
  return { type: 'next', step: 'reclaim', state: { waitingFor: null } }
}

/**
 * `reclaim(roundId, treasury)` from the treasury, once (deterministic custody
 * id; the contract zeroes what remains): the unclaimed rest returns to the
 * treasury, unclaimed leaves and entitlements become UNCLAIMED, and
 * `distribution.reclaimed` reports the totals; then the withholding is remitted.
 */
export async function reclaim(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const d = await loadDistribution(ctx, wf)
  const distributor = distributorOf(ctx)
  const id = reclaimExternalTxId(d.id)
  const { tx } = await findOrSubmit(
    ctx,
    id,
    async () => ({
      sourceVaultId: d.treasury_vault_id,
      to: distributor,
      data: encodeFunctionData({ abi: merkleDistributorAbi, functionName: 'reclaim', args: [d.claim_round_id as Hex, getAddress(d.treasury_address)] }),
      intent: { type: 'contract.call', contract: distributor, method: RECLAIM },
      note: `distribution ${d.id}: take back what was not claimed by ${d.claim_deadline!.toISOString()}`,
    }),
    wf.id,
  )
  if (isFinal(tx) && tx.status !== 'COMPLETED') return { type: 'fail', code: 'DISTRIBUTION_RECLAIM_FAILED', message: custodyEnded('the reclaim', tx) }
  if (tx.status !== 'COMPLETED') return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: id }
  const receipt = await ctx.chain.publicClient.getTransactionReceipt({ hash: tx.txHash! })
  const event = parseEventLogs({ abi: merkleDistributorAbi, logs: receipt.logs.filter((l) => getAddress(l.address) === distributor), eventName: 'Reclaimed' }).find((l) => l.args.id === d.claim_round_id)
  if (!event) return { type: 'fail', code: 'DISTRIBUTION_RECLAIM_MISMATCH', message: `reclaim tx ${tx.txHash} shows no Reclaimed event for round ${d.claim_round_id}` }
  const leaves = await ctx.db.selectFrom('distribution_claims').selectAll().where('distribution_id', '=', d.id).execute()
  // A holder may have claimed on-chain with its proof, outside the platform: the contract knows.
  const outside = new Set<number>()
  for (const l of leaves.filter((x) => x.status !== 'CLAIMED')) {
    if (await ctx.chain.publicClient.readContract({ address: distributor, abi: merkleDistributorAbi, functionName: 'isClaimed', args: [d.claim_round_id as Hex, BigInt(l.claim_index)] })) outside.add(l.claim_index)
  }
  const isClaimed = (l: (typeof leaves)[number]) => l.status === 'CLAIMED' || outside.has(l.claim_index)
  const claimed = leaves.filter(isClaimed).reduce((s, l) => s + BigInt(l.amount), 0n)
  const unclaimed = leaves.filter((l) => !isClaimed(l))
  const reclaimed = event.args.amount
  // Reconciliation: what came back is exactly what was not claimed.
  if (claimed + reclaimed !== BigInt(d.claim_total!)) return { type: 'fail', code: 'DISTRIBUTION_RECLAIM_MISMATCH', message: `claimed ${claimed} + reclaimed ${reclaimed} != round total ${d.claim_total}` }
  const unclaimedHolders = unclaimed.filter((l) => l.kind === 'HOLDER').flatMap((l) => l.holders)
  const now = ctx.clock.now()
  return {
    type: 'next',
    step: 'remit_tax',
    apply: async (db) => {
      for (const l of leaves.filter((x) => outside.has(x.claim_index))) {
        const reason = 'claimed on-chain outside the platform'
        await db.updateTable('distribution_claims').set({ status: 'CLAIMED', status_reason: reason }).where('distribution_id', '=', d.id).where('claim_index', '=', l.claim_index).execute()
        if (l.kind === 'HOLDER') await db.updateTable('distribution_entitlements').set({ status: 'CLAIMED', status_reason: reason }).where('distribution_id', '=', d.id).where('holder', 'in', l.holders).execute()
      }
      if (unclaimed.length > 0) {
        await db.updateTable('distribution_claims').set({ status: 'UNCLAIMED', status_reason: `not claimed by ${d.claim_deadline!.toISOString()}: returned to the treasury` }).where('distribution_id', '=', d.id).where('claim_index', 'in', unclaimed.map((l) => l.claim_index)).execute()
      }
      if (unclaimedHolders.length > 0) {
        await db.updateTable('distribution_entitlements').set({ status: 'UNCLAIMED', status_reason: `not claimed by ${d.claim_deadline!.toISOString()}: returned to the treasury`, tx_hash: tx.txHash }).where('distribution_id', '=', d.id).where('holder', 'in', unclaimedHolders).execute()
      }
      await db.updateTable('distributions').set({ claimed_total: claimed.toString(), reclaimed_total: reclaimed.toString(), reclaim_tx_hash: tx.txHash }).where('id', '=', d.id).execute()
      const data = { distributionId: d.id, tokenId: d.token_id, asset: d.asset, claimDeadline: d.claim_deadline!.toISOString(), claimTotal: d.claim_total, claimedTotal: claimed.toString(), reclaimedTotal: reclaimed.toString(), unclaimedHolders, txHash: tx.txHash }
      await setStatus(db, ctx, d, {}, 'distribution.reclaimed', wf.correlation_id, { ...data, custodyTxId: tx.id }, [{ type: 'distribution.reclaimed', resourceType: 'distribution', resourceId: d.id, data }])
    },
  }
}

/**
 * After the reclaim: the withholding of every holder whose net was claimed or
 * escrowed goes from the treasury to the tax vault in one transfer
 * (`dist:<id>:claims:tax`); an unclaimed holder's withholding stays with the
 * issuer with its net, since nothing was paid to it. Then CLOSED.
 */
export async function remitTax(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const d = await loadDistribution(ctx, wf)
  const ents = await ctx.db.selectFrom('distribution_entitlements').select(['holder', 'withheld']).where('distribution_id', '=', d.id).where('status', 'in', ['CLAIMED', 'ESCROWED']).execute()
  const amount = ents.reduce((s, e) => s + BigInt(e.withheld), 0n)
  const now = ctx.clock.now()
  const close = (txHash: string | null, custodyTxId: string | null): StepOutcome => ({
    type: 'done',
    apply: async (db) => {
      await db.updateTable('distributions').set({ tax_remitted: amount.toString(), tax_tx_hash: txHash, closed_at: now }).where('id', '=', d.id).execute()
      await setStatus(db, ctx, d, { status: 'CLOSED' }, 'distribution.closed', wf.correlation_id, { taxRemitted: amount.toString(), holders: ents.length, taxVault: d.tax_vault_address, custodyTxId, txHash })
    },
  })
  if (amount === 0n) return close(null, null)
  const id = claimTaxExternalTxId(d.id)
  if (!(await ctx.custody.findTransaction(id))) {
    const balance = await ctx.chain.publicClient.readContract({ address: getAddress(d.asset), abi: erc20Abi, functionName: 'balanceOf', args: [getAddress(d.treasury_address)] })
    if (balance < amount) return { type: 'wait', ms: 2_000, state: { waitingFor: `treasury ${d.treasury_address} holds ${balance}, the withholding to remit is ${amount}: fund it` } }
  }
  const { tx } = await findOrSubmit(
    ctx,
    id,
    async () => ({
      sourceVaultId: d.treasury_vault_id,
      to: getAddress(d.asset),
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [getAddress(d.tax_vault_address), amount] }),
      intent: { type: 'contract.call', contract: getAddress(d.asset), method: TRANSFER },
      note: `distribution ${d.id}: withholding of the ${ents.length} holders claimed or escrowed to the tax vault`,
    }),
    wf.id,
  )
  if (isFinal(tx) && tx.status !== 'COMPLETED') return { type: 'fail', code: 'DISTRIBUTION_TAX_REMITTANCE_FAILED', message: custodyEnded('the withholding transfer', tx) }
  if (tx.status !== 'COMPLETED') return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: id }
  return close(tx.txHash, tx.id)
}
