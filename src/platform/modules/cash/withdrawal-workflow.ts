import { encodeFunctionData, erc20Abi, getAddress, toFunctionSelector } from 'viem'
import type { Kysely, Updateable } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { stateOf, type StepOutcome, type WorkflowDefinition, type WorkflowRow } from '../../engine/types.ts'
import { recordChange } from '../../record-change.ts'
import { findOrSubmit, isFinal, type CustodyTransaction } from '../custody/public.ts'
import { appendEntry } from './ledger.ts'
import type { WithdrawalsTable, WithdrawalStatus } from './tables.ts'
import { refs, withdrawalWorkflowId } from './workflow-ids.ts'

const TRANSFER = toFunctionSelector('transfer(address,uint256)')
const ACTOR = 'system:workflow:cash_withdrawal'

/**
 * Has custody send the withdrawal's `transfer(to, amount)` from the investor's vault, or finds
 * the transaction it has under the withdrawal's externalTxId, and records it on the withdrawal.
 */
export async function sendWithdrawal(ctx: PlatformContext, withdrawalId: string): Promise<CustodyTransaction> {
  const w = await ctx.db.selectFrom('withdrawals').selectAll().where('id', '=', withdrawalId).executeTakeFirstOrThrow()
  const asset = getAddress(w.asset)
  const { tx } = await findOrSubmit(
    ctx,
    w.external_tx_id,
    async () => ({
      sourceVaultId: w.source_vault_id,
      to: asset,
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [getAddress(w.to_address), BigInt(w.amount)] }),
      intent: { type: 'contract.call', contract: asset, method: TRANSFER },
      note: `withdrawal ${w.id} of investor ${w.investor_id}: ${w.amount} to ${w.to_address}`,
      onBehalfOf: w.created_by,
    }),
    withdrawalWorkflowId(w.id),
  )
  ctx.failpoint?.('cash:after-withdrawal-submitted')
  if (w.custody_tx_id !== tx.id || w.tx_hash !== tx.txHash) {
    await ctx.db.updateTable('withdrawals').set({ custody_tx_id: tx.id, tx_hash: tx.txHash }).where('id', '=', w.id).execute()
  }
  return tx
}

/** Ends a withdrawal COMPLETED or FAILED (only from PROCESSING), with its ledger entry, audit entry and webhook, in the caller's transaction. */
async function finish(db: Kysely<PlatformDB>, ctx: PlatformContext, withdrawalId: string, to: WithdrawalStatus, patch: Updateable<WithdrawalsTable>, correlationId: string | null) {
  const now = ctx.clock.now()
  const w = await db.updateTable('withdrawals').set({ ...patch, status: to, updated_at: now, completed_at: to === 'COMPLETED' ? now : null }).where('id', '=', withdrawalId).where('status', '=', 'PROCESSING').returningAll().executeTakeFirst()
  if (!w) return
  const type = to === 'COMPLETED' ? 'withdrawal.completed' : 'withdrawal.failed'
  await recordChange(db, ctx, {
    at: now, actor: ACTOR, action: type, targetType: 'withdrawal', targetId: w.id,
    before: { status: 'PROCESSING' }, after: { status: w.status, statusCode: w.status_code, txHash: w.tx_hash, ...(w.status_reason ? { reason: w.status_reason } : {}) },
    correlationId, details: { investorId: w.investor_id, amount: w.amount, to: w.to_address },
    events: [{ type, resourceType: 'withdrawal', resourceId: w.id, data: { withdrawalId: w.id, investorId: w.investor_id, asset: w.asset, amount: w.amount, to: w.to_address, status: w.status, statusCode: w.status_code, statusReason: w.status_reason, txHash: w.tx_hash } }],
  })
  await appendEntry(db, ctx, {
    investorId: w.investor_id, asset: w.asset, kind: 'WITHDRAWAL', phase: to === 'COMPLETED' ? 'SETTLED' : 'RELEASED', amount: BigInt(w.amount),
    reference: refs.withdrawal(w.id, to === 'COMPLETED' ? 'SETTLED' : 'RELEASED'), subject: { type: 'withdrawal', id: w.id },
    details: { txHash: w.tx_hash }, actor: ACTOR, action: to === 'COMPLETED' ? 'cash.withdrawal_settled' : 'cash.withdrawal_released', correlationId,
  })
}

async function send(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const { withdrawalId } = stateOf<{ withdrawalId: string }>(wf)
  const current = await ctx.db.selectFrom('withdrawals').select(['status', 'external_tx_id']).where('id', '=', withdrawalId).executeTakeFirstOrThrow()
  if (current.status !== 'PROCESSING') return { type: 'done' }
  const tx = await sendWithdrawal(ctx, withdrawalId)
  const details = { withdrawalId, custodyTxId: tx.id, custodyStatus: tx.status, txHash: tx.txHash }
  if (tx.status === 'COMPLETED') {
    return { type: 'done', audit: { action: 'withdrawal.sent', details }, apply: (db) => finish(db, ctx, withdrawalId, 'COMPLETED', { custody_tx_id: tx.id, tx_hash: tx.txHash, status_code: null, status_reason: null }, wf.correlation_id) }
  }
  if (isFinal(tx)) {
    const why = [tx.subStatus, tx.statusReason].filter(Boolean).join(': ')
    return {
      type: 'done',
      audit: { action: 'withdrawal.not_sent', details },
      apply: (db) => finish(db, ctx, withdrawalId, 'FAILED', { custody_tx_id: tx.id, tx_hash: tx.txHash, status_code: `CUSTODY_TX_${tx.status}`, status_reason: `custody transaction ${tx.id} ended ${tx.status}${why ? ` (${why})` : ''}` }, wf.correlation_id),
    }
  }
  return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: current.external_tx_id }
}

/**
 * CASH_WITHDRAWAL (`cash-withdrawal:<id>`): one stablecoin transfer from the investor's vault to
 * its whitelisted address, followed to its end: COMPLETED (the reservation becomes a final
 * debit) or FAILED when custody ended it without effect (the reservation is released). A crash
 * repeats the step, which finds the transaction at custody by externalTxId, never a second one.
 */
export const cashWithdrawalWorkflow: WorkflowDefinition = {
  kind: 'CASH_WITHDRAWAL',
  steps: { send },
  // Custody could not be asked: the transfer may exist there, so the cash stays reserved and the withdrawal PROCESSING, marked stalled.
  onFailed: async (tx, ctx, wf, code, message) => {
    const { withdrawalId } = stateOf<{ withdrawalId: string }>(wf)
    const w = await tx.updateTable('withdrawals').set({ status_code: 'WITHDRAWAL_STALLED', status_reason: `${code}: ${message}`, updated_at: ctx.clock.now() }).where('id', '=', withdrawalId).where('status', '=', 'PROCESSING').returning(['id', 'investor_id']).executeTakeFirst()
    if (w) await recordChange(tx, ctx, { at: ctx.clock.now(), actor: ACTOR, action: 'withdrawal.stalled', targetType: 'withdrawal', targetId: w.id, after: { statusCode: 'WITHDRAWAL_STALLED', code }, correlationId: wf.correlation_id, details: { investorId: w.investor_id } })
  },
}
