import type { Kysely } from 'kysely'
import type { PlatformDB } from '../../db/schema.ts'

/** The last block indexed for every source (null before the first range). */
export interface IndexerHead {
  number: bigint | null
  hash: string | null
}

/** The indexer's head as committed. */
export async function readIndexerHead(db: Kysely<PlatformDB>): Promise<IndexerHead> {
  const row = await db.selectFrom('indexer_state').select(['head_number', 'head_hash']).where('id', '=', 1).executeTakeFirst()
  return { number: row?.head_number ?? null, hash: row?.head_hash ?? null }
}

/**
 * The head, row-locked until the caller's transaction ends (created on
 * first use). Every write of the index takes this lock first, so two
 * indexers on one database never interleave a range and a rollback.
 */
export async function lockIndexerHead(tx: Kysely<PlatformDB>): Promise<IndexerHead> {
  await tx.insertInto('indexer_state').values({ id: 1, head_number: null, head_hash: null, updated_at: new Date(0) }).onConflict((oc) => oc.column('id').doNothing()).execute()
  const row = await tx.selectFrom('indexer_state').select(['head_number', 'head_hash']).where('id', '=', 1).forUpdate().executeTakeFirstOrThrow()
  return { number: row.head_number, hash: row.head_hash }
}
