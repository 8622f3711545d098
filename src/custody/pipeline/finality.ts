import type { CustodyContext } from '../context.ts'
import { pipelineClient } from './chain-cache.ts'

/**
 * The highest block number custody treats as final on its chain (decision 0040): the
 * chain's own `finalized` block when finality is `finalized`, otherwise the block
 * `confirmations - 1` below the head. A transaction mined at or below it is COMPLETED; one
 * mined above it stays CONFIRMING (WAITING_FOR_FINALITY).
 */
export async function finalBlock(ctx: CustodyContext, head: bigint): Promise<bigint> {
  if (ctx.pipeline.finality === 'finalized') {
    const block = await pipelineClient(ctx).getBlock({ blockTag: 'finalized' })
    return block.number ?? -1n
  }
  return head - BigInt(ctx.pipeline.confirmations) + 1n
}
