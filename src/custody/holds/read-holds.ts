import { getAddress, type Address } from 'viem'
import type { Kysely } from 'kysely'
import type { CustodyContext } from '../context.ts'
import type { CustodyDB } from '../db/schema.ts'
import { NotFoundError } from '../../shared/errors.ts'
import type { HoldRow } from './schema.ts'

/** Holds on custody's chain, newest first; only the active ones unless `all`. */
export async function listHolds(ctx: CustodyContext, p: { address?: string; all?: boolean } = {}): Promise<HoldRow[]> {
  let q = ctx.db.selectFrom('address_holds').selectAll().where('chain_id', '=', ctx.chain.chainId)
  if (p.address) q = q.where('address', '=', getAddress(p.address))
  if (!p.all) q = q.where('released_at', 'is', null)
  return q.orderBy('created_at', 'desc').orderBy('id').limit(500).execute()
}

export async function getHold(ctx: CustodyContext, id: string): Promise<HoldRow> {
  const row = await ctx.db.selectFrom('address_holds').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('hold', id)
  return row
}

/**
 * The active holds that cover a movement of `token` touching any of `addresses`
 * (a hold on every token, or on this one). Read in the caller's database
 * transaction when given, so a check and the decision it leads to see one state.
 */
export async function activeHoldsOn(db: Kysely<CustodyDB>, chainId: number, token: Address, addresses: readonly Address[]): Promise<HoldRow[]> {
  if (addresses.length === 0) return []
  return db
    .selectFrom('address_holds')
    .selectAll()
    .where('chain_id', '=', chainId)
    .where('released_at', 'is', null)
    .where('address', 'in', [...new Set(addresses.map((a) => getAddress(a)))])
    .where((eb) => eb.or([eb('token', 'is', null), eb('token', '=', getAddress(token))]))
    .execute()
}
