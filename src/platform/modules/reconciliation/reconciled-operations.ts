import type { Kysely } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'

/** Operations found on-chain as instructed, each at the block it was found in: not checked again unless that block is rolled back. */
export async function markReconciled(ctx: Pick<PlatformContext, 'db' | 'clock'>, matched: ReadonlyArray<{ operationId: string; blockNumber: bigint; blockHash: string }>): Promise<void> {
  for (const m of matched) {
    await ctx.db
      .insertInto('reconciled_operations')
      .values({ operation_id: m.operationId, block_number: m.blockNumber, block_hash: m.blockHash, checked_at: ctx.clock.now() })
      .onConflict((oc) => oc.column('operation_id').doNothing())
      .execute()
  }
}

/**
 * Forgets the matches found in blocks above `keep`, inside the indexer's
 * roll-back transaction (its `onRollBack`): those operations are checked
 * again once the index holds the new chain.
 */
export async function forgetReconciledAbove(tx: Kysely<PlatformDB>, keep: bigint): Promise<void> {
  await tx.deleteFrom('reconciled_operations').where('block_number', '>', keep).execute()
}
