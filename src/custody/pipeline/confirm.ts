import type { Hex, TransactionReceipt } from 'viem'
import type { CustodyContext } from '../context.ts'
import { transition } from '../transactions/transition.ts'
import type { TransactionRow } from '../transactions/serialize.ts'
import { sendRaw } from './broadcast.ts'
import { signAt } from './sign.ts'

const SYSTEM = 'system:pipeline'

async function findReceipt(ctx: CustodyContext, hashes: string[]): Promise<TransactionReceipt | null> {
  for (const hash of hashes) {
    try {
      return await ctx.chain.publicClient.getTransactionReceipt({ hash: hash as Hex })
    } catch {
      /* not mined (yet) under this hash */
    }
  }
  return null
}

/**
 * CONFIRMING: looks for a receipt under any hash the transaction was sent
 * with. Deep enough → COMPLETED (or FAILED if it reverted on-chain). A receipt
 * seen before that has gone (a reorg) → back to BROADCASTING with the same
 * bytes. Nothing mined for too long → replaced at the same nonce with a
 * higher fee.
 */
export async function confirmStep(ctx: CustodyContext, t: TransactionRow): Promise<{ row: TransactionRow; wait?: Date }> {
  const now = ctx.clock.now()
  const later = new Date(now.getTime() + ctx.pipeline.confirmPollMs)
  const sent = await ctx.db.selectFrom('tx_broadcasts').selectAll().where('transaction_id', '=', t.id).orderBy('id', 'desc').execute()
  const receipt = await findReceipt(ctx, sent.map((s) => s.tx_hash))
  ctx.failpoint?.('during-confirmation')

  if (receipt) {
    const head = await ctx.chain.publicClient.getBlockNumber()
    const depth = head - receipt.blockNumber + 1n
    if (depth < BigInt(ctx.pipeline.confirmations)) {
      if (t.block_hash === receipt.blockHash) return { row: t, wait: later }
      const row = await transition(ctx, t, 'CONFIRMING', {
        actor: SYSTEM,
        subStatus: 'WAITING_FOR_CONFIRMATIONS',
        patch: { block_number: receipt.blockNumber, block_hash: receipt.blockHash, tx_hash: receipt.transactionHash },
      })
      return { row, wait: later }
    }
    const success = receipt.status === 'success'
    const row = await transition(ctx, t, success ? 'COMPLETED' : 'FAILED', {
      actor: SYSTEM,
      subStatus: success ? null : 'ONCHAIN_REVERTED',
      reason: success ? null : 'the transaction was mined and reverted',
      patch: {
        tx_hash: receipt.transactionHash,
        block_number: receipt.blockNumber,
        block_hash: receipt.blockHash,
        gas_used: receipt.gasUsed.toString(),
        completed_at: now,
      },
    })
    if (row.kind === 'GAS_TOPUP' && row.parent_id) {
      await ctx.db.updateTable('transactions').set({ next_action_at: now }).where('id', '=', row.parent_id).where('status', '=', 'QUEUED').execute()
      ctx.wake()
    }
    return { row }
  }

  if (t.block_hash) {
    // We saw it mined, and now no receipt: the block was reorganised away.
    const row = await transition(ctx, t, 'BROADCASTING', { actor: SYSTEM, subStatus: 'REORGED', reason: `block ${t.block_number} was reorganised`, patch: { block_hash: null, block_number: null } })
    return { row }
  }

  const latest = sent[0]!
  if (now.getTime() - latest.created_at.getTime() >= ctx.pipeline.stuckAfterMs) {
    const bump = (v: bigint) => (v * BigInt(100 + ctx.pipeline.replacementBumpPercent)) / 100n + 1n
    const market = await ctx.chain.publicClient.estimateFeesPerGas()
    const prio = max(bump(BigInt(latest.max_priority_fee_per_gas)), market.maxPriorityFeePerGas ?? 0n)
    const fee = max(max(bump(BigInt(latest.max_fee_per_gas)), market.maxFeePerGas ?? 0n), prio)
    const fees = { maxFeePerGas: fee, maxPriorityFeePerGas: prio }
    const { raw, hash } = await signAt(ctx, t, fees)
    const row = await transition(ctx, t, 'CONFIRMING', {
      actor: SYSTEM,
      subStatus: 'REPLACED',
      reason: `not mined after ${Math.round((now.getTime() - latest.created_at.getTime()) / 1000)} s; replaced ${latest.tx_hash} at nonce ${t.nonce} with max fee ${fee}`,
      patch: { tx_hash: hash, max_fee_per_gas: fee.toString(), max_priority_fee_per_gas: prio.toString() },
      alsoInTx: async (tx) => {
        await tx
          .insertInto('tx_broadcasts')
          .values({ transaction_id: t.id, nonce: t.nonce!, tx_hash: hash, raw, max_fee_per_gas: fee.toString(), max_priority_fee_per_gas: prio.toString(), created_at: now })
          .execute()
      },
    })
    await sendRaw(ctx, raw)
    return { row, wait: later }
  }
  return { row: t, wait: later }
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b
}
