import type { Hex, TransactionReceipt } from 'viem'
import type { Selectable } from 'kysely'
import type { CustodyContext } from '../context.ts'
import type { TxBroadcastsTable } from '../db/schema.ts'
import type { TransactionRow } from '../transactions/serialize.ts'
import { currentFees, pipelineClient, vaultOf } from './chain-cache.ts'

export type ConfirmPlan =
  | { kind: 'done'; receipt: TransactionReceipt }
  | { kind: 'shallow'; receipt: TransactionReceipt }
  | { kind: 'reorged' }
  | { kind: 'replace'; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint; stuckFor: number; replacing: string }
  | { kind: 'wait' }

async function findReceipt(ctx: CustodyContext, hashes: string[]): Promise<TransactionReceipt | null> {
  for (const hash of hashes) {
    try {
      return await pipelineClient(ctx).getTransactionReceipt({ hash: hash as Hex })
    } catch {
      /* not mined (yet) under this hash */
    }
  }
  return null
}

/**
 * Where a CONFIRMING transaction stands: mined deep enough (done), mined but
 * not yet deep enough, mined before and gone now (a reorg), not mined for too
 * long (replace at the same nonce with a higher fee), or still waiting.
 */
export async function planConfirm(ctx: CustodyContext, t: TransactionRow, sent: Selectable<TxBroadcastsTable>[], head: bigint): Promise<ConfirmPlan> {
  const receipt = await findReceipt(ctx, sent.map((s) => s.tx_hash))
  ctx.failpoint?.('during-confirmation')
  if (receipt) {
    const depth = head >= receipt.blockNumber ? head - receipt.blockNumber + 1n : 1n
    return depth >= BigInt(ctx.pipeline.confirmations) ? { kind: 'done', receipt } : { kind: 'shallow', receipt }
  }
  if (t.block_hash) return { kind: 'reorged' }
  const latest = sent[0]!
  const age = ctx.clock.now().getTime() - latest.created_at.getTime()
  if (age < ctx.pipeline.stuckAfterMs) return { kind: 'wait' }
  // A cold vault's transaction can only be re-signed offline: it keeps waiting.
  if ((await vaultOf(ctx, t.source_vault_id)).tier === 'cold') return { kind: 'wait' }
  const bump = (v: bigint) => (v * BigInt(100 + ctx.pipeline.replacementBumpPercent)) / 100n + 1n
  const market = await currentFees(ctx)
  const prio = max(bump(BigInt(latest.max_priority_fee_per_gas)), market.maxPriorityFeePerGas)
  const fee = max(max(bump(BigInt(latest.max_fee_per_gas)), market.maxFeePerGas), prio)
  return { kind: 'replace', maxFeePerGas: fee, maxPriorityFeePerGas: prio, stuckFor: age, replacing: latest.tx_hash }
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b
}
