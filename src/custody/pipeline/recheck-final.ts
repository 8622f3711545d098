import type { Hex } from 'viem'
import type { CustodyContext } from '../context.ts'
import type { TransactionRow } from '../transactions/serialize.ts'
import { pipelineClient } from './chain-cache.ts'
import { sendBack } from './send-back.ts'
import { finalBlock } from './finality.ts'

/** Rows re-checked in one pass at most (the most recently completed first). */
const PASS_LIMIT = 2000

/**
 * Re-checks, against the canonical chain, the receipts of transactions that became final
 * less than `watchAfterFinalityMs` ago (decision 0041): one block read per distinct block,
 * and a receipt read only where that block's hash changed. A receipt found in another
 * block just moves the row's block; one that is gone sends the transaction back to
 * BROADCASTING with a `transaction.reorged` alert. Returns the transactions sent back.
 */
export async function recheckFinal(ctx: CustodyContext): Promise<TransactionRow[]> {
  const window = ctx.pipeline.watchAfterFinalityMs
  if (window <= 0) return []
  const since = new Date(ctx.clock.now().getTime() - window)
  const rows = await ctx.db
    .selectFrom('transactions')
    .selectAll()
    .where('chain_id', '=', ctx.chain.chainId)
    .where((eb) => eb.or([eb('status', '=', 'COMPLETED'), eb.and([eb('status', '=', 'FAILED'), eb('sub_status', '=', 'ONCHAIN_REVERTED')])]))
    .where('completed_at', '>=', since)
    .where('block_number', 'is not', null)
    .orderBy('completed_at', 'desc')
    .limit(PASS_LIMIT)
    .execute()
  if (rows.length === 0) return []
  const client = pipelineClient(ctx)
  const numbers = [...new Set(rows.map((r) => r.block_number!))]
  const hashes = await Promise.all(numbers.map((n) => client.getBlock({ blockNumber: n }).then((b) => b.hash as string | null, () => null)))
  const canonical = new Map(numbers.map((n, i) => [n, hashes[i]?.toLowerCase() ?? null]))
  const suspect = rows.filter((r) => canonical.get(r.block_number!) !== r.block_hash?.toLowerCase())
  if (suspect.length === 0) return []
  const receipts = await Promise.all(suspect.map((r) => client.getTransactionReceipt({ hash: r.tx_hash as Hex }).catch(() => null)))
  const final = await finalBlock(ctx, await client.getBlockNumber({ cacheTime: 0 }))
  const gone: TransactionRow[] = []
  for (const [i, r] of suspect.entries()) {
    const receipt = receipts[i]
    // Gone, or mined again in a block that is not final yet: back through the pipeline.
    if (!receipt || receipt.blockNumber > final) gone.push(r)
    // Mined again in another final block (same bytes): the row follows the chain.
    else await ctx.db.updateTable('transactions').set({ block_number: receipt.blockNumber, block_hash: receipt.blockHash }).where('id', '=', r.id).where('updated_at', '=', r.updated_at).execute()
  }
  return sendBack(ctx, { rows: gone, why: 'its receipt vanished from the canonical chain after it was final' })
}
