import { sql, type Kysely } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { recordChange } from '../../record-change.ts'
import type { StoredBlock } from './find-common-ancestor.ts'
import { lockIndexerHead, type IndexerHead } from './indexer-head.ts'

/**
 * Forgets, inside the roll-back's transaction, what another module derived
 * from blocks above `keep` (reconciliation's matched operations). The service
 * passes it in, so the indexer knows nothing of who builds on it.
 */
export type RollBackHook = (tx: Kysely<PlatformDB>, keep: bigint) => Promise<void>

export interface RollBackOptions {
  actor?: string
  onRollBack?: RollBackHook
}

export interface RollBackReturnType {
  /** False when another indexer moved the head first (nothing was changed here). */
  applied: boolean
  removedBlocks: number
  removedEvents: number
}

/**
 * Forgets everything indexed above `ancestor` (everything, when null): its
 * events, its blocks, and (through `onRollBack`) what was derived from them; every
 * source reads again from there. One transaction, under the head's row lock,
 * and only if the head is still `expected` — a concurrent indexer that
 * already rolled back (or moved on) wins. Audited as `indexer.reorg_rolled_back`.
 */
export async function rollBackTo(ctx: PlatformContext, expected: IndexerHead, ancestor: StoredBlock | null, opts: RollBackOptions = {}): Promise<RollBackReturnType> {
  const actor = opts.actor ?? 'system:indexer'
  const keep = ancestor?.number ?? -1n
  const result = await ctx.db.transaction().execute(async (tx) => {
    const head = await lockIndexerHead(tx)
    if (head.number !== expected.number || head.hash !== expected.hash) return { applied: false, removedBlocks: 0, removedEvents: 0 }
    const events = await tx.deleteFrom('indexer_events').where('block_number', '>', keep).executeTakeFirst()
    const blocks = await tx.deleteFrom('indexer_blocks').where('number', '>', keep).executeTakeFirst()
    await opts.onRollBack?.(tx, keep)
    await tx
      .updateTable('indexer_sources')
      .set({ synced_to: sql<bigint>`greatest(start_block - 1, least(synced_to, ${keep}))` })
      .where('synced_to', '>', keep)
      .execute()
    const now = ctx.clock.now()
    await tx
      .updateTable('indexer_state')
      .set({ head_number: ancestor?.number ?? null, head_hash: ancestor?.hash ?? null, updated_at: now })
      .where('id', '=', 1)
      .execute()
    const removed = { removedBlocks: Number(blocks.numDeletedRows), removedEvents: Number(events.numDeletedRows) }
    await recordChange(tx, ctx, {
      at: now,
      actor,
      action: 'indexer.reorg_rolled_back',
      targetType: 'chain',
      targetId: String(ctx.chain.chainId),
      before: { headNumber: expected.number?.toString() ?? null, headHash: expected.hash },
      after: { headNumber: ancestor?.number.toString() ?? null, headHash: ancestor?.hash ?? null },
      details: removed,
    })
    return { applied: true, ...removed }
  })
  if (result.applied) {
    ctx.eventsCommitted()
    ctx.logger.warn({ from: expected.number?.toString(), to: ancestor?.number.toString() ?? null, ...result }, 'chain reorganised: index rolled back to the common ancestor')
  }
  return result
}
