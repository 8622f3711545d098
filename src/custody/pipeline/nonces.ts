import type { Kysely } from 'kysely'
import type { Address } from 'viem'
import type { CustodyContext } from '../context.ts'
import type { CustodyDB } from '../db/schema.ts'
import { pipelineClient } from './chain-cache.ts'

/**
 * Takes the next nonce of (chain, address) inside the caller's database
 * transaction. The row lock serialises reservations per address across
 * processes; the first use starts from the chain's pending count. A reserved
 * nonce belongs to one transaction for ever, which is always broadcast, so
 * nonces are never burnt and never skipped.
 */
export async function reserveNonce(ctx: CustodyContext, tx: Kysely<CustodyDB>, address: Address): Promise<bigint> {
  const chainId = ctx.chain.chainId
  const key = address.toLowerCase()
  let row = await tx.selectFrom('nonces').select('next_nonce').where('chain_id', '=', chainId).where('address', '=', key).forUpdate().executeTakeFirst()
  if (!row) {
    const onChain = await pipelineClient(ctx).getTransactionCount({ address, blockTag: 'pending' })
    await tx.insertInto('nonces').values({ chain_id: chainId, address: key, next_nonce: BigInt(onChain) }).onConflict((oc) => oc.columns(['chain_id', 'address']).doNothing()).execute()
    row = await tx.selectFrom('nonces').select('next_nonce').where('chain_id', '=', chainId).where('address', '=', key).forUpdate().executeTakeFirstOrThrow()
  }
  await tx.updateTable('nonces').set({ next_nonce: row.next_nonce + 1n }).where('chain_id', '=', chainId).where('address', '=', key).execute()
  return row.next_nonce
}

/**
 * Takes the next `count` nonces of (chain, address) in one statement inside the caller's
 * database transaction and returns the first; the caller gives them out in order. Same
 * lock and same ledger as {@link reserveNonce}: reserving k at once is reserving one k times.
 */
export async function reserveNonces(ctx: CustodyContext, tx: Kysely<CustodyDB>, address: Address, count: number): Promise<bigint> {
  const chainId = ctx.chain.chainId
  const key = address.toLowerCase()
  const take = () =>
    tx
      .updateTable('nonces')
      .set((eb) => ({ next_nonce: eb('next_nonce', '+', BigInt(count)) }))
      .where('chain_id', '=', chainId)
      .where('address', '=', key)
      .returning('next_nonce')
      .executeTakeFirst()
  let row = await take()
  if (!row) {
    const onChain = await pipelineClient(ctx).getTransactionCount({ address, blockTag: 'pending' })
    await tx.insertInto('nonces').values({ chain_id: chainId, address: key, next_nonce: BigInt(onChain) }).onConflict((oc) => oc.columns(['chain_id', 'address']).doNothing()).execute()
    row = await take()
    if (!row) throw new Error(`nonce ledger row of ${key} vanished`)
  }
  return row.next_nonce - BigInt(count)
}
