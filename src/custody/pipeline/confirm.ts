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
  /** At the fee ceiling: the highest-fee bytes are sent again and the transaction waits (a stuck alert follows). */
  | { kind: 'ceiling'; raw: Hex }
  /** No receipt for any of its hashes, yet the chain has used its nonce: something else took it. */
  | { kind: 'consumed'; chainNonce: bigint }

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
 * Where a CONFIRMING transaction stands: mined in a final block (done, see
 * finality.ts), mined but not final yet, mined before and gone now (a reorg), not mined for too
 * long (replace at the same nonce with a higher fee), or still waiting.
 */
export async function planConfirm(ctx: CustodyContext, t: TransactionRow, sent: Selectable<TxBroadcastsTable>[], final: bigint): Promise<ConfirmPlan> {
  const receipt = await findReceipt(ctx, sent.map((s) => s.tx_hash))
  ctx.failpoint?.('during-confirmation')
  if (receipt) return receipt.blockNumber <= final ? { kind: 'done', receipt } : { kind: 'shallow', receipt }
  if (t.block_hash) return { kind: 'reorged' }
  const latest = sent[0]!
  const age = ctx.clock.now().getTime() - latest.created_at.getTime()
  if (age < ctx.pipeline.stuckAfterMs) return { kind: 'wait' }
  // A cold vault's transaction can only be re-signed offline: it keeps waiting.
  if ((await vaultOf(ctx, t.source_vault_id)).tier === 'cold') return { kind: 'wait' }
  // Before signing again: has the chain used this nonce for another transaction (a key used
  // outside custody)? Receipts are asked again after the count, so a mining in between is seen.
  const mined = BigInt(await pipelineClient(ctx).getTransactionCount({ address: t.from_address as Hex, blockTag: 'latest' }))
  if (mined > t.nonce!) {
    const late = await findReceipt(ctx, sent.map((s) => s.tx_hash))
    if (late) return late.blockNumber <= final ? { kind: 'done', receipt: late } : { kind: 'shallow', receipt: late }
    return { kind: 'consumed', chainNonce: mined }
  }
  const bump = (v: bigint) => (v * BigInt(100 + ctx.pipeline.replacementBumpPercent)) / 100n + 1n
  const market = await currentFees(ctx)
  const ceiling = ctx.pipeline.maxFeePerGasCeiling
  if (ceiling !== null && BigInt(latest.max_fee_per_gas) >= ceiling) return { kind: 'ceiling', raw: latest.raw as Hex }
  let prio = max(bump(BigInt(latest.max_priority_fee_per_gas)), market.maxPriorityFeePerGas)
  let fee = max(max(bump(BigInt(latest.max_fee_per_gas)), market.maxFeePerGas), prio)
  if (ceiling !== null && fee > ceiling) {
    fee = ceiling
    if (prio > fee) prio = fee
  }
  return { kind: 'replace', maxFeePerGas: fee, maxPriorityFeePerGas: prio, stuckFor: age, replacing: latest.tx_hash }
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b
}
