import { getAddress } from 'viem'
import type { CustodyContext } from '../context.ts'
import { NotFoundError } from '../../shared/errors.ts'
import type { AssetRow } from './schema.ts'

/** Every asset registered on custody's chain, native first, then by id. */
export async function listAssets(ctx: CustodyContext): Promise<AssetRow[]> {
  return ctx.db.selectFrom('assets').selectAll().where('chain_id', '=', ctx.chain.chainId).orderBy('kind', 'desc').orderBy('id').execute()
}

/** One asset by id; 404 if custody has none by that id. */
export async function getAsset(ctx: CustodyContext, id: string): Promise<AssetRow> {
  const row = await findAsset(ctx, id)
  if (!row) throw new NotFoundError('asset', id)
  return row
}

export async function findAsset(ctx: CustodyContext, id: string): Promise<AssetRow | undefined> {
  return ctx.db.selectFrom('assets').selectAll().where('id', '=', id).where('chain_id', '=', ctx.chain.chainId).executeTakeFirst()
}

/** The asset a transaction moves: the token contract it calls, or the native coin. */
export async function findAssetByContract(ctx: CustodyContext, contract: string | null): Promise<AssetRow | undefined> {
  let q = ctx.db.selectFrom('assets').selectAll().where('chain_id', '=', ctx.chain.chainId)
  q = contract === null || contract === 'NATIVE' ? q.where('kind', '=', 'NATIVE') : q.where('contract_address', '=', getAddress(contract))
  return q.executeTakeFirst()
}
