import type { Kysely } from 'kysely'
import { encodeFunctionData, erc20Abi, getAddress, parseEventLogs, toFunctionSelector, zeroAddress, type Hex } from 'viem'
import { dvpSettlementAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { stateOf, type StepOutcome, type WorkflowDefinition, type WorkflowRow } from '../../engine/types.ts'
import { recordChange, type PlatformEvent } from '../../record-change.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import { findOrSubmit, isFinal, type CustodyTransaction } from '../custody/public.ts'
import { getTokenRow } from '../tokens/read-tokens.ts'
import { allocateProRata } from './allocate-pro-rata.ts'
import { offerEvent } from './create-offer.ts'
import { offerPrefix } from './errors.ts'
import type { OfferRow, OfferStatus, RequestRow } from './tables.ts'
import { addAgentExternalTxId, approveExternalTxId } from './workflow-ids.ts'

type State = { offerId: string }
const ACTOR = 'system:workflow:redemption-offer'
const APPROVE = toFunctionSelector('approve(address,uint256)')
const ADD_AGENT = toFunctionSelector('addAgent(address)')
const SETTLE = toFunctionSelector('settle((bytes32,address,address,uint256,address,uint256,address))')

const load = (ctx: PlatformContext, wf: WorkflowRow) => ctx.db.selectFrom('redemption_offers').selectAll().where('id', '=', stateOf<State>(wf).offerId).executeTakeFirstOrThrow()
const dvpOf = (ctx: PlatformContext) => getAddress(requireDeployments(ctx).settlement!.dvp)
const audit = (o: OfferRow, what: string) => `${offerPrefix(o.kind).toLowerCase()}.${what}`

async function setStatus(tx: Kysely<PlatformDB>, ctx: PlatformContext, o: OfferRow, set: Partial<{ status: OfferStatus; status_code: string | null; status_reason: string | null; settled_at: Date; tendered_total: string; allocated_total: string }>, what: string, correlationId: string | null, details: Record<string, unknown> = {}, events: PlatformEvent[] = []) {
  const now = ctx.clock.now()
  await tx.updateTable('redemption_offers').set({ ...set, updated_at: now }).where('id', '=', o.id).execute()
  await recordChange(tx, ctx, { at: now, actor: ACTOR, action: audit(o, what), targetType: 'redemption_offer', targetId: o.id, before: { status: o.status }, after: { status: set.status ?? o.status }, details, correlationId, events })
}

/** Stablecoin owed for `quantity` token base units: floored to the asset's base unit (the sub-unit stays with the issuer). */
export const amountFor = (o: Pick<OfferRow, 'price_per_token' | 'token_decimals'>, quantity: bigint) => (quantity * BigInt(o.price_per_token)) / 10n ** BigInt(o.token_decimals)

async function awaitClose(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const o = await load(ctx, wf)
  if (o.status !== 'OPEN') return { type: 'next', step: 'authorize' }
  const now = ctx.clock.now()
  if (now < o.closes_at) return { type: 'wait', ms: o.closes_at.getTime() - now.getTime(), state: { waitingFor: `closes at ${o.closes_at.toISOString()}` } }
  return { type: 'next', step: 'allocate', state: { waitingFor: null } }
}

/** Closes the book: pro-rata over the maximum when oversubscribed, everything otherwise (allocate-pro-rata.ts). */
async function allocate(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const o = await load(ctx, wf)
  if (o.status !== 'OPEN') return { type: 'next', step: 'authorize' }
  const requests = await ctx.db.selectFrom('redemption_requests').selectAll().where('offer_id', '=', o.id).where('status', '=', 'PENDING').orderBy('created_at').orderBy('id').execute()
  const tendered = requests.reduce((s, r) => s + BigInt(r.quantity), 0n)
  const max = o.max_quantity === null ? tendered : BigInt(o.max_quantity)
  const allocation = allocateProRata(requests.map((r) => ({ id: r.id, quantity: BigInt(r.quantity) })), max)
  const allocatedTotal = allocation.reduce((s, a) => s + a.allocated, 0n)
  const now = ctx.clock.now()
  return {
    type: 'next',
    step: 'authorize',
    apply: async (tx) => {
      const events: PlatformEvent[] = []
      for (const a of allocation) {
        const amount = amountFor(o, a.allocated)
        const status = a.allocated > 0n ? ('ALLOCATED' as const) : ('NOT_ALLOCATED' as const)
        await tx.updateTable('redemption_requests').set({ allocated: a.allocated.toString(), amount: amount.toString(), status, updated_at: now }).where('id', '=', a.id).execute()
      }
      const data = { offerId: o.id, tokenId: o.token_id, tendered: tendered.toString(), maxQuantity: o.max_quantity, allocated: allocatedTotal.toString(), oversubscribed: tendered > max, requests: allocation.map((a) => ({ requestId: a.id, quantity: a.quantity.toString(), allocated: a.allocated.toString(), amount: amountFor(o, a.allocated).toString() })) }
      events.push({ type: offerEvent(o.kind, 'allocated'), resourceType: 'redemption_offer', resourceId: o.id, data })
      await setStatus(tx, ctx, o, { status: 'ALLOCATED', tendered_total: tendered.toString(), allocated_total: allocatedTotal.toString() }, 'allocated', wf.correlation_id, data, events)
    },
  }
}

/** The token owner (the issuer-agent vault) makes the settlement contract a token agent, once per token. */
async function authorize(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const o = await load(ctx, wf)
  const token = await getTokenRow(ctx, o.token_id)
  const tokenAddress = getAddress(token.token_address!)
  const dvp = dvpOf(ctx)
  const isAgent = await ctx.chain.publicClient.readContract({ address: tokenAddress, abi: tokenAbi, functionName: 'isAgent', args: [dvp] })
  // Checked on-chain first: a token already authorized (by an earlier offer, or by this one's mined addAgent) needs nothing more.
  if (isAgent) return { type: 'next', step: 'fund', state: { waitingFor: null }, audit: { action: audit(o, 'settlement_authorized'), details: { dvp, token: tokenAddress, onChain: true } } }
  const { tx } = await findOrSubmit(
    ctx,
    addAgentExternalTxId(token.id),
    async () => ({
      sourceVaultId: o.payer_vault_id,
      to: tokenAddress,
      data: encodeFunctionData({ abi: tokenAbi, functionName: 'addAgent', args: [dvp] }),
      intent: { type: 'contract.call', contract: tokenAddress, method: ADD_AGENT },
      note: `token ${token.symbol}: make the DvP settlement contract ${dvp} an agent, for redemptions and buybacks`,
    }),
    wf.id,
  )
  if (tx.status === 'COMPLETED') return { type: 'next', step: 'fund', state: { waitingFor: null }, audit: { action: audit(o, 'settlement_authorized'), details: { custodyTxId: tx.id, txHash: tx.txHash, dvp } } }
  if (isFinal(tx)) return { type: 'fail', code: 'REDEMPTION_AUTHORIZATION_FAILED', message: `custody ended addAgent ${tx.id} ${tx.status} (${tx.subStatus ?? ''} ${tx.statusReason ?? ''})` }
  return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: addAgentExternalTxId(token.id), state: { waitingFor: `custody transaction ${tx.id} (addAgent) ${tx.status}` } }
}

/** The payer approves the settlement contract for the stablecoin the allocations cost (one custody transaction per offer). */
async function fund(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const o = await load(ctx, wf)
  const rows = await ctx.db.selectFrom('redemption_requests').select(['amount']).where('offer_id', '=', o.id).where('status', 'in', ['ALLOCATED', 'SETTLED', 'FAILED']).execute()
  const total = rows.reduce((s, r) => s + BigInt(r.amount ?? '0'), 0n)
  const next: StepOutcome = { type: 'next', step: 'settle', state: { waitingFor: null }, apply: async (db) => { if (o.status === 'ALLOCATED') await setStatus(db, ctx, o, { status: 'SETTLING' }, 'settling', wf.correlation_id, { total: total.toString() }) } }
  if (total === 0n) return next
  const dvp = dvpOf(ctx)
  const asset = getAddress(o.asset)
  const { tx } = await findOrSubmit(
    ctx,
    approveExternalTxId(o.id),
    async () => {
      // On top of what earlier offers still leave approved, so concurrent offers of one payer do not cut each other's allowance.
      const current = await ctx.chain.publicClient.readContract({ address: asset, abi: erc20Abi, functionName: 'allowance', args: [getAddress(o.payer_address), dvp] })
      return {
        sourceVaultId: o.payer_vault_id,
        to: asset,
        data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [dvp, current + total] }),
        intent: { type: 'contract.call', contract: asset, method: APPROVE },
        note: `${o.kind === 'TENDER' ? 'tender offer' : 'redemption window'} ${o.id}: allow the DvP settlement contract to pay ${total}`,
      }
    },
    wf.id,
  )
  if (tx.status === 'COMPLETED') return { ...next, audit: { action: audit(o, 'funded'), details: { total: total.toString(), custodyTxId: tx.id, txHash: tx.txHash } } }
  if (isFinal(tx)) return { type: 'fail', code: 'REDEMPTION_FUNDING_FAILED', message: `custody ended the approval ${tx.id} ${tx.status} (${tx.subStatus ?? ''} ${tx.statusReason ?? ''})` }
  return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: approveExternalTxId(o.id), state: { waitingFor: `custody transaction ${tx.id} (approve) ${tx.status}` } }
}

/** Did the receipt settle exactly this trade? */
async function settledOnChain(ctx: PlatformContext, o: OfferRow, r: RequestRow, tx: CustodyTransaction): Promise<boolean> {
  const receipt = await ctx.chain.publicClient.getTransactionReceipt({ hash: tx.txHash as Hex })
  const dvp = dvpOf(ctx)
  const ev = parseEventLogs({ abi: dvpSettlementAbi, logs: receipt.logs.filter((l) => getAddress(l.address) === dvp), eventName: 'Settled' }).find((l) => l.args.tradeId === r.trade_id)
  return ev !== undefined && getAddress(ev.args.investor) === getAddress(r.wallet) && ev.args.quantity === BigInt(r.allocated!) && ev.args.amount === BigInt(r.amount!) && getAddress(ev.args.cash) === getAddress(o.asset)
}

/** One allocation at a time, each one custody transaction `dvp:<offer>:settle:<request>` calling DvpSettlement.settle. */
async function settle(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const o = await load(ctx, wf)
  const r = await ctx.db.selectFrom('redemption_requests').selectAll().where('offer_id', '=', o.id).where('status', '=', 'ALLOCATED').orderBy('created_at').orderBy('id').limit(1).executeTakeFirst()
  if (!r) return { type: 'next', step: 'finish' }
  const token = await getTokenRow(ctx, o.token_id)
  const dvp = dvpOf(ctx)
  const trade = { tradeId: r.trade_id as Hex, token: getAddress(token.token_address!), investor: getAddress(r.wallet), quantity: BigInt(r.allocated!), cash: getAddress(o.asset), amount: BigInt(r.amount!), tokensTo: o.tokens_to ? getAddress(o.tokens_to) : zeroAddress }
  const { tx, submitted } = await findOrSubmit(
    ctx,
    r.external_tx_id,
    async () => ({
      sourceVaultId: o.payer_vault_id,
      to: dvp,
      data: encodeFunctionData({ abi: dvpSettlementAbi, functionName: 'settle', args: [trade] }),
      intent: { type: 'contract.call', contract: dvp, method: SETTLE },
      note: `${o.kind === 'TENDER' ? 'tender offer' : 'redemption window'} ${o.id}: ${r.allocated} ${token.symbol} from investor ${r.investor_id} ${o.settlement === 'BURN' ? 'burned' : 'to the treasury'} against ${r.amount}`,
    }),
    wf.id,
    { afterSubmit: () => ctx.failpoint?.('redemption:after-settlement-submitted') },
  )
  if (submitted || r.custody_tx_id !== tx.id || r.tx_hash !== tx.txHash) {
    await ctx.db.updateTable('redemption_requests').set({ custody_tx_id: tx.id, tx_hash: tx.txHash, updated_at: ctx.clock.now() }).where('id', '=', r.id).execute()
  }
  const now = ctx.clock.now()
  const data = { offerId: o.id, requestId: r.id, tokenId: o.token_id, investorId: r.investor_id, wallet: r.wallet, quantity: r.allocated, amount: r.amount, settlement: o.settlement, custodyTxId: tx.id, txHash: tx.txHash }
  if (tx.status === 'COMPLETED') {
    if (!(await settledOnChain(ctx, o, r, tx))) return { type: 'fail', code: 'REDEMPTION_SETTLEMENT_MISMATCH', message: `settlement of request ${r.id} (tx ${tx.txHash}): the chain shows no Settled event for its trade` }
    return {
      type: 'next',
      step: 'settle',
      apply: async (db) => {
        await db.updateTable('redemption_requests').set({ status: 'SETTLED', custody_tx_id: tx.id, tx_hash: tx.txHash, settled_at: now, updated_at: now }).where('id', '=', r.id).execute()
        await recordChange(db, ctx, { at: now, actor: ACTOR, action: audit(o, 'request_settled'), targetType: 'redemption_offer', targetId: o.id, before: { requestStatus: 'ALLOCATED' }, after: { requestStatus: 'SETTLED' }, details: data, correlationId: wf.correlation_id, events: [{ type: offerEvent(o.kind, 'settled'), resourceType: 'redemption_offer', resourceId: o.id, data }] })
      },
    }
  }
  if (isFinal(tx)) {
    // Nothing moved: the settlement is one transaction that either settled both legs or reverted (or was never sent).
    const code = `CUSTODY_TX_${tx.status}`
    const reason = [tx.subStatus, tx.statusReason].filter(Boolean).join(': ') || tx.status
    return {
      type: 'next',
      step: 'settle',
      apply: async (db) => {
        await db.updateTable('redemption_requests').set({ status: 'FAILED', status_code: code, status_reason: reason, custody_tx_id: tx.id, tx_hash: tx.txHash, updated_at: now }).where('id', '=', r.id).execute()
        await recordChange(db, ctx, { at: now, actor: ACTOR, action: audit(o, 'request_failed'), targetType: 'redemption_offer', targetId: o.id, before: { requestStatus: 'ALLOCATED' }, after: { requestStatus: 'FAILED' }, details: { ...data, code, reason }, correlationId: wf.correlation_id, events: [{ type: offerEvent(o.kind, 'settlement_failed'), resourceType: 'redemption_offer', resourceId: o.id, data: { ...data, code, reason } }] })
      },
    }
  }
  return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: r.external_tx_id, state: { waitingFor: `custody transaction ${tx.id} (settle request ${r.id}) ${tx.status}` } }
}

async function finish(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const o = await load(ctx, wf)
  const rows = await ctx.db.selectFrom('redemption_requests').select(['status', 'allocated', 'amount', 'tx_hash']).where('offer_id', '=', o.id).execute()
  const count = (s: string) => rows.filter((r) => r.status === s).length
  const settled = rows.filter((r) => r.status === 'SETTLED')
  const data = {
    offerId: o.id,
    tokenId: o.token_id,
    settlement: o.settlement,
    settled: count('SETTLED'),
    failed: count('FAILED'),
    notAllocated: count('NOT_ALLOCATED'),
    quantitySettled: settled.reduce((s, r) => s + BigInt(r.allocated ?? '0'), 0n).toString(),
    amountPaid: settled.reduce((s, r) => s + BigInt(r.amount ?? '0'), 0n).toString(),
    transactions: settled.map((r) => r.tx_hash),
  }
  return { type: 'done', apply: async (tx) => setStatus(tx, ctx, o, { status: 'SETTLED', settled_at: ctx.clock.now() }, 'completed', wf.correlation_id, data, [{ type: offerEvent(o.kind, 'completed'), resourceType: 'redemption_offer', resourceId: o.id, data }]) }
}

/**
 * REDEMPTION_OFFER: wait for the window to close (business clock) → allocate
 * (pro-rata when oversubscribed) → make the settlement contract a token agent
 * (once per token) → the payer approves the stablecoin → settle each allocation
 * in one DvpSettlement transaction through custody → SETTLED. Every step reads
 * what is recorded and asks custody by externalTxId first, and the contract
 * settles a trade id once, so a crash anywhere resumes without settling twice.
 */
export const redemptionOfferWorkflow: WorkflowDefinition = {
  kind: 'REDEMPTION_OFFER',
  steps: { await_close: awaitClose, allocate, authorize, fund, settle, finish },
  onFailed: async (tx, ctx, wf, code, message) => {
    const o = await tx.selectFrom('redemption_offers').selectAll().where('id', '=', stateOf<State>(wf).offerId).executeTakeFirst()
    if (!o) return
    await setStatus(tx, ctx, o, { status: 'FAILED', status_code: code, status_reason: message }, 'failed', wf.correlation_id, { code, message }, [{ type: offerEvent(o.kind, 'failed'), resourceType: 'redemption_offer', resourceId: o.id, data: { offerId: o.id, code, message } }])
  },
}

export const REDEMPTION_WORKFLOW_DEFINITIONS = { REDEMPTION_OFFER: redemptionOfferWorkflow }
