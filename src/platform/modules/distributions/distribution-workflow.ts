import { encodeFunctionData, erc20Abi, getAddress, parseEventLogs, toFunctionSelector, type Hex } from 'viem'
import { payoutBatchAbi } from '../../../chain/generated/abis.ts'
import type { PlatformContext } from '../../context.ts'
import { stateOf, type StepOutcome, type WorkflowDefinition, type WorkflowRow } from '../../engine/types.ts'
import { recordChange, type PlatformEvent } from '../../record-change.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import { findOrSubmit, isFinal, type CustodyTransaction } from '../custody/public.ts'
import { payoutCalldata, payoutChunkId, planPayoutChunks } from './payout-chunks.ts'
import type { ChunkItem, ChunkRow, DistributionRow } from './tables.ts'
import { takeSnapshot } from './take-snapshot.ts'
import { awaitDeadline, claimFund, claimPublish, planClaims, reclaim, remitTax } from './claim-steps.ts'
import { distributionClaimWorkflow } from './claim-workflow.ts'
import { awaitStockMint, mintStock } from './stock-dividend-steps.ts'
import { loadDistribution, setStatus, WORKFLOW_ACTOR } from './set-status.ts'
import { approveExternalTxId, chunkExternalTxId } from './workflow-ids.ts'

const ACTOR = WORKFLOW_ACTOR
const load = loadDistribution
const APPROVE = toFunctionSelector('approve(address,uint256)')
const PAY = toFunctionSelector('pay(address,bytes32,address[],uint256[])')

/** The key the approval command wakes the waiting workflow with. */
export const approvalWaitKey = (distributionId: string) => `distribution:${distributionId}:approval`

async function snapshot(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const d = await load(ctx, wf)
  if (d.status !== 'DECLARED') return { type: 'next', step: 'await_approval' }
  const snap = await takeSnapshot(ctx, d)
  if (!snap.ready) return { type: 'wait', ms: Math.max(snap.retryInMs, 200), state: { waitingFor: snap.why } }
  const r = snap.result
  const now = ctx.clock.now()
  return {
    type: 'next',
    step: 'await_approval',
    state: { waitingFor: null },
    apply: async (tx) => {
      const rows = r.items.map((e) => ({
        distribution_id: d.id,
        holder: getAddress(e.holder),
        investor_id: e.investorId,
        country: e.country,
        balance: e.balance.toString(),
        gross: e.gross.toString(),
        rate_bps: e.rate.bps,
        rate_source: e.rate.source,
        withheld: e.withheld.toString(),
        net: e.net.toString(),
        treatment: e.treatment,
        treatment_reason: e.treatmentReason,
        status: e.treatment === 'EXCLUDE' ? ('EXCLUDED' as const) : ('PENDING' as const),
        status_reason: null,
        chunk_index: null,
        tx_hash: null,
        paid_at: null,
      }))
      for (let i = 0; i < rows.length; i += 500) await tx.insertInto('distribution_entitlements').values(rows.slice(i, i + 500)).onConflict((oc) => oc.columns(['distribution_id', 'holder']).doNothing()).execute()
      await tx
        .updateTable('distributions')
        .set({
          record_block: snap.recordBlock.toString(),
          gross_total: r.grossTotal.toString(),
          withheld_total: r.withheldTotal.toString(),
          net_total: r.netTotal.toString(),
          escrowed_total: r.escrowedTotal.toString(),
          excluded_total: r.excludedTotal.toString(),
          remainder: r.remainder.toString(),
          snapshot_at: now,
        })
        .where('id', '=', d.id)
        .execute()
      await setStatus(tx, ctx, d, { status: 'SNAPSHOTTED' }, 'distribution.snapshotted', wf.correlation_id, {
        recordBlock: snap.recordBlock.toString(),
        holders: r.items.length,
        grossTotal: r.grossTotal.toString(),
        withheldTotal: r.withheldTotal.toString(),
        netTotal: r.netTotal.toString(),
        escrowedTotal: r.escrowedTotal.toString(),
        excludedTotal: r.excludedTotal.toString(),
        remainder: r.remainder.toString(),
      })
    },
  }
}

async function awaitApproval(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  ctx.failpoint?.('distribution:after-snapshot')
  const d = await load(ctx, wf)
  if (d.status === 'SNAPSHOTTED') return { type: 'wait', ms: 60_000, waitingOn: approvalWaitKey(d.id) }
  return { type: 'next', step: 'await_payment_date' }
}

/** Every transfer of the payout, in a fixed order: holders by address, then the tax vault, then the escrow vault. */
async function planItems(ctx: PlatformContext, d: DistributionRow): Promise<ChunkItem[]> {
  const ents = await ctx.db.selectFrom('distribution_entitlements').selectAll().where('distribution_id', '=', d.id).orderBy('holder').execute()
  const items: ChunkItem[] = ents.filter((e) => e.treatment === 'PAY' && BigInt(e.net) > 0n).map((e) => ({ to: e.holder, amount: e.net, kind: 'HOLDER', holders: [e.holder] }))
  const withheld = ents.filter((e) => e.treatment !== 'EXCLUDE').reduce((s, e) => s + BigInt(e.withheld), 0n)
  if (withheld > 0n) items.push({ to: d.tax_vault_address, amount: withheld.toString(), kind: 'TAX', holders: ents.filter((e) => e.treatment !== 'EXCLUDE' && BigInt(e.withheld) > 0n).map((e) => e.holder) })
  const escrowed = ents.filter((e) => e.treatment === 'ESCROW')
  const escrowTotal = escrowed.reduce((s, e) => s + BigInt(e.net), 0n)
  if (escrowTotal > 0n) items.push({ to: d.escrow_vault_address, amount: escrowTotal.toString(), kind: 'ESCROW', holders: escrowed.map((e) => e.holder) })
  return items
}

/**
 * One stablecoin payout at a time per treasury. The payout and claim contracts
 * pull through an allowance that each approval replaces, and each payout checks
 * the treasury's balance for itself alone: two paying at once would take each
 * other's allowance. A due distribution therefore waits while another of the
 * same treasury is paying (unless that one stalled), or while one that fell due
 * before it (payment date, then id) is approved and about to pay. Returns the id
 * of the one ahead, or null.
 */
async function paysFirstFromTreasury(ctx: PlatformContext, d: DistributionRow): Promise<string | null> {
  const now = ctx.clock.now()
  const others = await ctx.db
    .selectFrom('distributions')
    .select(['id', 'status', 'payment_date'])
    .where('treasury_vault_id', '=', d.treasury_vault_id)
    .where('id', '<>', d.id)
    .where('kind', '<>', 'STOCK_DIVIDEND')
    .where('status', 'in', ['APPROVED', 'PAYING'])
    .where('status_code', 'is', null)
    .execute()
  const earlier = (o: { id: string; payment_date: Date }) => o.payment_date < d.payment_date || (o.payment_date.getTime() === d.payment_date.getTime() && o.id < d.id)
  const ahead = others.find((o) => o.status === 'PAYING' || (o.payment_date <= now && earlier(o)))
  return ahead?.id ?? null
}

async function awaitPaymentDate(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const d = await load(ctx, wf)
  const first = d.mode === 'CLAIM' ? 'claim_fund' : d.kind === 'STOCK_DIVIDEND' ? 'mint' : 'fund'
  if (d.status === 'PAYING') return { type: 'next', step: first }
  const now = ctx.clock.now()
  // Scheduled: nothing is paid before the payment date by the business clock.
  if (now < d.payment_date) return { type: 'wait', ms: d.payment_date.getTime() - now.getTime(), state: { waitingFor: `payment date ${d.payment_date.toISOString()}` } }
  if (d.kind !== 'STOCK_DIVIDEND') {
    const ahead = await paysFirstFromTreasury(ctx, d)
    if (ahead) return { type: 'wait', ms: 2_000, state: { waitingFor: `distribution ${ahead} pays from the same treasury first` } }
  }
  if (d.mode === 'CLAIM') return planClaims(ctx, wf, d)
  if (d.kind === 'STOCK_DIVIDEND') return { type: 'next', step: 'mint', state: { waitingFor: null }, apply: (tx) => setStatus(tx, ctx, d, { status: 'PAYING' }, 'distribution.payment_started', wf.correlation_id, { mint: true }) }
  const chunks = planPayoutChunks(await planItems(ctx, d).then((items) => items.map((i) => ({ ...i, to: getAddress(i.to), amount: BigInt(i.amount), item: i }))))
  return {
    type: 'next',
    step: 'fund',
    state: { waitingFor: null },
    apply: async (tx) => {
      for (const [index, chunk] of chunks.entries()) {
        await tx
          .insertInto('distribution_chunks')
          .values({
            distribution_id: d.id,
            chunk_index: index,
            purpose: 'HOLDERS',
            external_tx_id: chunkExternalTxId(d.id, index),
            chunk_id: payoutChunkId(d.id, index, 1),
            items: JSON.stringify(chunk.map((c) => c.item)),
            total: chunk.reduce((s, c) => s + c.amount, 0n).toString(),
            status: 'PENDING',
          })
          .onConflict((oc) => oc.columns(['distribution_id', 'chunk_index']).doNothing())
          .execute()
      }
      await setStatus(tx, ctx, d, { status: 'PAYING' }, 'distribution.payment_started', wf.correlation_id, { chunks: chunks.length, recipients: chunks.reduce((s, c) => s + c.length, 0) })
    },
  }
}

/** The treasury approves PayoutBatch for the whole payout (one custody transaction, deterministic id). */
async function fund(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const d = await load(ctx, wf)
  const payout = requireDeployments(ctx).distributions!.payoutBatch
  const chunks = await ctx.db.selectFrom('distribution_chunks').select(['total', 'status']).where('distribution_id', '=', d.id).execute()
  const total = chunks.reduce((s, c) => s + BigInt(c.total), 0n)
  if (chunks.every((c) => c.status === 'PENDING')) {
    const balance = await ctx.chain.publicClient.readContract({ address: getAddress(d.asset), abi: erc20Abi, functionName: 'balanceOf', args: [getAddress(d.treasury_address)] })
    if (balance < total) return { type: 'wait', ms: 2_000, state: { waitingFor: `treasury ${d.treasury_address} holds ${balance}, the payout needs ${total}: fund it` } }
  }
  const { tx } = await findOrSubmit(
    ctx,
    approveExternalTxId(d.id),
    async () => ({
      sourceVaultId: d.treasury_vault_id,
      to: getAddress(d.asset),
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [payout, total] }),
      intent: { type: 'contract.call', contract: getAddress(d.asset), method: APPROVE },
      note: `distribution ${d.id}: allow the payout contract to pay ${total}`,
    }),
    wf.id,
  )
  if (tx.status === 'COMPLETED') return { type: 'next', step: 'pay', state: { waitingFor: null }, audit: { action: 'distribution.funded', details: { total: total.toString(), custodyTxId: tx.id, txHash: tx.txHash } } }
  ctx.failpoint?.('distribution:after-funding-submitted')
  if (isFinal(tx)) return { type: 'fail', code: 'DISTRIBUTION_FUNDING_FAILED', message: `custody ended the approval ${tx.id} ${tx.status} (${tx.subStatus ?? ''} ${tx.statusReason ?? ''})` }
  return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: approveExternalTxId(d.id) }
}

/** What the chain says a completed chunk did: PaymentFailed recipients and the ChunkPaid totals. */
async function chunkOutcome(ctx: PlatformContext, d: DistributionRow, chunk: ChunkRow, tx: CustodyTransaction) {
  const receipt = await ctx.chain.publicClient.getTransactionReceipt({ hash: tx.txHash! })
  const payout = getAddress(requireDeployments(ctx).distributions!.payoutBatch)
  const logs = receipt.logs.filter((l) => getAddress(l.address) === payout)
  const failed = parseEventLogs({ abi: payoutBatchAbi, logs, eventName: 'PaymentFailed' }).filter((l) => l.args.chunkId === chunk.chunk_id).map((l) => ({ to: getAddress(l.args.recipient), amount: l.args.amount.toString() }))
  const paid = parseEventLogs({ abi: payoutBatchAbi, logs, eventName: 'ChunkPaid' }).find((l) => l.args.chunkId === chunk.chunk_id)
  const onChainPaid = await ctx.chain.publicClient.readContract({ address: payout, abi: payoutBatchAbi, functionName: 'chunkPaid', args: [getAddress(d.treasury_address), chunk.chunk_id as Hex] })
  const failedSum = failed.reduce((s, f) => s + BigInt(f.amount), 0n)
  // Reconciliation: the chain paid exactly what the chunk asked, less what it reported failed.
  const reconciled = paid !== undefined && onChainPaid && paid.args.paidTotal + failedSum === BigInt(chunk.total) && getAddress(paid.args.token) === getAddress(d.asset)
  return { failed, paidTotal: paid?.args.paidTotal ?? 0n, reconciled }
}

async function pay(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const d = await load(ctx, wf)
  const chunk = await ctx.db.selectFrom('distribution_chunks').selectAll().where('distribution_id', '=', d.id).where('status', '!=', 'COMPLETED').orderBy('chunk_index').limit(1).executeTakeFirst()
  if (!chunk) return { type: 'next', step: 'settle' }
  const payout = requireDeployments(ctx).distributions!.payoutBatch
  const items = chunk.items
  const { tx, submitted } = await findOrSubmit(
    ctx,
    chunk.external_tx_id,
    async () => ({
      sourceVaultId: d.treasury_vault_id,
      to: getAddress(payout),
      data: payoutCalldata(getAddress(d.asset), chunk.chunk_id as Hex, items.map((i) => ({ to: getAddress(i.to), amount: BigInt(i.amount) }))),
      intent: { type: 'contract.call', contract: getAddress(payout), method: PAY },
      note: `distribution ${d.id}: chunk ${chunk.chunk_index} (${items.length} recipients)`,
    }),
    wf.id,
    { afterSubmit: () => ctx.failpoint?.('distribution:after-chunk-submitted') },
  )
  if (submitted || chunk.custody_tx_id !== tx.id || chunk.tx_hash !== tx.txHash) {
    await ctx.db.updateTable('distribution_chunks').set({ status: 'SENT', custody_tx_id: tx.id, tx_hash: tx.txHash }).where('distribution_id', '=', d.id).where('chunk_index', '=', chunk.chunk_index).execute()
  }
  if (tx.status === 'COMPLETED') {
    const out = await chunkOutcome(ctx, d, chunk, tx)
    if (!out.reconciled) return { type: 'fail', code: 'DISTRIBUTION_CHUNK_MISMATCH', message: `chunk ${chunk.chunk_index} (tx ${tx.txHash}): the chain does not show the payment the chunk asked for` }
    const failedTo = new Set(out.failed.map((f) => f.to))
    const now = ctx.clock.now()
    return {
      type: 'next',
      step: 'pay',
      audit: { action: 'distribution.chunk_paid', details: { chunkIndex: chunk.chunk_index, custodyTxId: tx.id, txHash: tx.txHash, paidTotal: out.paidTotal.toString(), failed: out.failed, reconciled: true } },
      apply: async (db) => {
        await db.updateTable('distribution_chunks').set({ status: 'COMPLETED', custody_tx_id: tx.id, tx_hash: tx.txHash, paid_total: out.paidTotal.toString(), failed: JSON.stringify(out.failed), reconciled_at: now }).where('distribution_id', '=', d.id).where('chunk_index', '=', chunk.chunk_index).execute()
        const events: PlatformEvent[] = []
        const failedItems: ChunkItem[] = []
        for (const item of items) {
          const ok = !failedTo.has(getAddress(item.to))
          if (item.kind === 'HOLDER') {
            await db
              .updateTable('distribution_entitlements')
              .set(ok ? { status: chunk.purpose === 'HOLDERS' ? 'PAID' : 'ESCROWED', status_reason: chunk.purpose === 'HOLDERS' ? null : 'payment failed; kept in the escrow vault', chunk_index: chunk.chunk_index, tx_hash: tx.txHash, paid_at: now } : { status: 'FAILED', status_reason: `the ${d.asset} transfer to ${item.to} failed in chunk ${chunk.chunk_index}`, chunk_index: chunk.chunk_index, tx_hash: tx.txHash })
              .where('distribution_id', '=', d.id)
              .where('holder', '=', item.holders[0]!)
              .execute()
            if (!ok) {
              failedItems.push(item)
              events.push({ type: 'distribution.payment.failed', resourceType: 'distribution', resourceId: d.id, data: { distributionId: d.id, holder: item.to, amount: item.amount, chunkIndex: chunk.chunk_index, txHash: tx.txHash, next: 'ESCROW' } })
            }
          } else if (item.kind === 'ESCROW' && ok) {
            await db
              .updateTable('distribution_entitlements')
              .set({ status: 'ESCROWED', chunk_index: chunk.chunk_index, tx_hash: tx.txHash, paid_at: now, status_reason: chunk.purpose === 'HOLDERS' ? 'kept in the escrow vault by the holders policy' : 'payment failed; kept in the escrow vault' })
              .where('distribution_id', '=', d.id)
              .where('holder', 'in', item.holders)
              .execute()
          } else if (!ok) {
            events.push({ type: 'distribution.payment.failed', resourceType: 'distribution', resourceId: d.id, data: { distributionId: d.id, holder: item.to, amount: item.amount, chunkIndex: chunk.chunk_index, txHash: tx.txHash, next: 'OPERATOR' } })
          }
        }
        if (failedItems.length > 0) {
          // Failed holders are not retried in place (a blocked address stays blocked): their money goes to the escrow vault, to be released when they can receive it.
          const last = await db.selectFrom('distribution_chunks').select((eb) => eb.fn.max('chunk_index').as('max')).where('distribution_id', '=', d.id).executeTakeFirstOrThrow()
          const index = Number(last.max) + 1
          const sum = failedItems.reduce((s, i) => s + BigInt(i.amount), 0n)
          await db
            .insertInto('distribution_chunks')
            .values({ distribution_id: d.id, chunk_index: index, purpose: 'FAILED_TO_ESCROW', external_tx_id: chunkExternalTxId(d.id, index), chunk_id: payoutChunkId(d.id, index, 1), items: JSON.stringify([{ to: d.escrow_vault_address, amount: sum.toString(), kind: 'ESCROW', holders: failedItems.map((i) => i.holders[0]!) }]), total: sum.toString(), status: 'PENDING' })
            .execute()
        }
        if (events.length > 0) await recordChange(db, ctx, { at: now, actor: ACTOR, action: 'distribution.payments_failed', targetType: 'distribution', targetId: d.id, details: { chunkIndex: chunk.chunk_index, failed: out.failed }, correlationId: wf.correlation_id, events })
      },
    }
  }
  if (isFinal(tx)) return { type: 'fail', code: 'DISTRIBUTION_CHUNK_FAILED', message: `custody ended chunk ${chunk.chunk_index} (${tx.id}) ${tx.status} (${tx.subStatus ?? ''} ${tx.statusReason ?? ''}); nobody in it was paid` }
  return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: chunk.external_tx_id }
}

async function settle(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const d = await load(ctx, wf)
  const counts = await ctx.db.selectFrom('distribution_entitlements').select(['status']).select((eb) => eb.fn.countAll<string>().as('n')).where('distribution_id', '=', d.id).groupBy('status').execute()
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, Number(c.n)]))
  const chunks = await ctx.db.selectFrom('distribution_chunks').select(['chunk_index', 'tx_hash', 'purpose']).where('distribution_id', '=', d.id).orderBy('chunk_index').execute()
  const minted = d.kind === 'STOCK_DIVIDEND' ? await ctx.db.selectFrom('distribution_entitlements').select('tx_hash').distinct().where('distribution_id', '=', d.id).where('tx_hash', 'is not', null).orderBy('tx_hash').execute() : []
  return {
    type: 'done',
    apply: async (tx) => {
      const data = {
        distributionId: d.id,
        tokenId: d.token_id,
        kind: d.kind,
        asset: d.asset,
        recordBlock: d.record_block,
        paymentDate: d.payment_date.toISOString(),
        grossTotal: d.gross_total,
        withheldTotal: d.withheld_total,
        netTotal: d.net_total,
        escrowedTotal: d.escrowed_total,
        excludedTotal: d.excluded_total,
        remainder: d.remainder,
        holders: byStatus,
        transactions: d.kind === 'STOCK_DIVIDEND' ? minted.map((m) => m.tx_hash) : chunks.map((c) => c.tx_hash),
        ...(d.batch_mint_id ? { batchMintId: d.batch_mint_id } : {}),
      }
      await tx.updateTable('distributions').set({ disbursed_at: ctx.clock.now() }).where('id', '=', d.id).execute()
      await setStatus(tx, ctx, d, { status: 'DISBURSED' }, 'distribution.disbursed', wf.correlation_id, data, [{ type: 'dividend.disbursed', resourceType: 'distribution', resourceId: d.id, data }])
    },
  }
}

/**
 * DISTRIBUTION: snapshot at the record point → wait for both approvals →
 * wait for the payment date (business clock) → the treasury approves the
 * payout contract → chunks paid one at a time, each one custody transaction
 * under `dist:<id>:chunk:<n>` and one on-chain chunk id, checked against the
 * chain when it completes; failed recipients' money to the escrow vault →
 * DISBURSED with `dividend.disbursed`. CLAIM mode, after the payment date:
 * the round planned → claim_fund → claim_publish (CLAIMABLE) → await_deadline
 * → reclaim (`distribution.reclaimed`) → remit_tax (CLOSED); STOCK_DIVIDEND: mint →
 * await_mint → settle. Every step reads what is recorded and asks custody by
 * externalTxId, so a crash anywhere resumes without paying twice.
 */
export const distributionWorkflow: WorkflowDefinition = {
  kind: 'DISTRIBUTION',
  steps: { snapshot, await_approval: awaitApproval, await_payment_date: awaitPaymentDate, fund, pay, settle, claim_fund: claimFund, claim_publish: claimPublish, await_deadline: awaitDeadline, reclaim, remit_tax: remitTax, mint: mintStock, await_mint: awaitStockMint },
  onFailed: async (tx, ctx, wf, code, message) => {
    const d = await tx.selectFrom('distributions').selectAll().where('id', '=', stateOf<{ distributionId: string }>(wf).distributionId).executeTakeFirst()
    if (!d) return
    await setStatus(tx, ctx, d, { status_code: code, status_reason: message }, 'distribution.stalled', wf.correlation_id, { code, message }, [{ type: 'distribution.payment.failed', resourceType: 'distribution', resourceId: d.id, data: { distributionId: d.id, code, message } }])
  },
}

export const DISTRIBUTION_WORKFLOW_DEFINITIONS = { DISTRIBUTION: distributionWorkflow, DISTRIBUTION_CLAIM: distributionClaimWorkflow }
