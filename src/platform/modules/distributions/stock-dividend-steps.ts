import { getAddress } from 'viem'
import { tokenAbi } from '../../../chain/generated/abis.ts'
import { CustosError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import type { StepOutcome, WorkflowRow } from '../../engine/types.ts'
import { acceptBatchMint, getBatchMint } from '../issuance/public.ts'
import { getTokenRow } from '../tokens/read-tokens.ts'
import { loadDistribution, setStatus, WORKFLOW_ACTOR } from './set-status.ts'
import { stockBatchMintKey } from './workflow-ids.ts'

/**
 * STOCK_DIVIDEND on the payment date: the new tokens of every holder paid
 * (treatment PAY) are minted through the issuance module's batch mint, under
 * an idempotency key fixed by the distribution, so a restart finds the same
 * batch instead of minting again. A supply limit the mint would break fails
 * the distribution with the numbers (a limit of 0 is no limit, as
 * CustosSupplyLimitModule reads it); so does a batch the issuance checks refuse.
 */
export async function mintStock(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const d = await loadDistribution(ctx, wf)
  if (d.batch_mint_id) return { type: 'next', step: 'await_mint' }
  const ents = await ctx.db.selectFrom('distribution_entitlements').selectAll().where('distribution_id', '=', d.id).where('treatment', '=', 'PAY').orderBy('holder').execute()
  const items = ents.filter((e) => BigInt(e.net) > 0n && e.investor_id !== null).map((e) => ({ investorId: e.investor_id!, quantity: e.net }))
  if (items.length === 0) return { type: 'next', step: 'settle' }
  const total = items.reduce((s, i) => s + BigInt(i.quantity), 0n)
  const token = await getTokenRow(ctx, d.token_id)
  const limit = token.compliance.supplyLimit !== undefined ? BigInt(token.compliance.supplyLimit) : 0n
  if (limit > 0n) {
    const supply = await ctx.chain.publicClient.readContract({ address: getAddress(token.token_address!), abi: tokenAbi, functionName: 'totalSupply' })
    if (supply + total > limit) return { type: 'fail', code: 'DISTRIBUTION_SUPPLY_LIMIT_EXCEEDED', message: `the stock dividend mints ${total} on a supply of ${supply}, over the token's supply limit ${limit}: raise the limit, then retry the workflow` }
  }
  let batchId: string
  try {
    const { batch } = await acceptBatchMint(ctx, { tokenId: d.token_id, items, agreementRef: `distribution:${d.id}`, idempotencyKey: stockBatchMintKey(d.id) }, WORKFLOW_ACTOR, wf.correlation_id ?? undefined)
    batchId = batch.id
  } catch (err) {
    if (err instanceof CustosError && err.status < 500) return { type: 'fail', code: err.code, message: `the stock dividend's batch mint was refused: ${err.message}` }
    throw err
  }
  return {
    type: 'next',
    step: 'await_mint',
    apply: async (tx) => {
      await tx.updateTable('distributions').set({ batch_mint_id: batchId }).where('id', '=', d.id).execute()
    },
    audit: { action: 'distribution.mint_requested', details: { batchMintId: batchId, holders: items.length, total: total.toString() } },
  }
}

/** Waits for the batch mint; when it completes every minted holder's entitlement is PAID with its chunk's transaction. */
export async function awaitStockMint(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const d = await loadDistribution(ctx, wf)
  const batch = await getBatchMint(ctx, d.batch_mint_id!)
  if (batch.status === 'FAILED') return { type: 'fail', code: 'DISTRIBUTION_MINT_FAILED', message: `batch mint ${batch.id} ${batch.statusCode ?? 'FAILED'}: ${batch.statusReason ?? ''}` }
  if (batch.status !== 'COMPLETED') {
    const done = batch.chunks.filter((c) => c.status === 'COMPLETED').length
    return { type: 'wait', ms: 1_000, state: { waitingFor: `batch mint ${batch.id}: ${done} of ${batch.chunkCount} chunks minted (each approved at custody)` } }
  }
  const txOf = new Map(batch.chunks.map((c) => [c.index, c.txHash]))
  const now = ctx.clock.now()
  return {
    type: 'next',
    step: 'settle',
    state: { waitingFor: null },
    apply: async (tx) => {
      for (const item of batch.items) {
        await tx.updateTable('distribution_entitlements').set({ status: 'PAID', status_reason: null, tx_hash: txOf.get(item.chunkIndex) ?? null, paid_at: now }).where('distribution_id', '=', d.id).where('investor_id', '=', item.investorId).where('treatment', '=', 'PAY').execute()
      }
      await setStatus(tx, ctx, d, {}, 'distribution.minted', wf.correlation_id, { batchMintId: batch.id, holders: batch.itemCount, total: batch.totalQuantity, transactions: batch.chunks.map((c) => c.txHash) })
    },
  }
}
