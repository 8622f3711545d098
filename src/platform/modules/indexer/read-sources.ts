import type { PlatformContext } from '../../context.ts'

type Db = Pick<PlatformContext, 'db'>

/** Every token the indexer follows, with how far it has read it (`synced_to` < `start_block`: nothing yet). */
export async function tokenSources(ctx: Db): Promise<Array<{ token_id: string; address: string; start_block: bigint; synced_to: bigint }>> {
  const rows = await ctx.db.selectFrom('indexer_sources').select(['token_id', 'address', 'start_block', 'synced_to']).where('kind', '=', 'TOKEN').orderBy('token_id').execute()
  return rows.map((r) => ({ ...r, token_id: r.token_id! }))
}

/** The indexed Transfer events of a token in one transaction, in log order (addresses lower-case). */
export async function transfersInTransaction(ctx: Db, tokenId: string, txHash: string) {
  return ctx.db
    .selectFrom('indexer_events')
    .select(['block_number', 'block_hash', 'from_address', 'to_address', 'amount'])
    .where('token_id', '=', tokenId)
    .where('kind', '=', 'TRANSFER')
    .where('tx_hash', '=', txHash.toLowerCase())
    .orderBy('log_index')
    .execute()
}
