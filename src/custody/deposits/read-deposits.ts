import type { CustodyContext } from '../context.ts'
import { NotFoundError } from '../../shared/errors.ts'
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../../shared/http/cursor.ts'
import { getVaultRow } from '../vaults/read-vaults.ts'
import { serializeDeposit, type DepositRow, type DepositStatus, type DepositView } from './schema.ts'

export interface ListDepositsQuery {
  limit?: number
  cursor?: string
  vaultId?: string
  assetId?: string
  status?: DepositStatus
}

/** One deposit by id; 404 if there is none. */
export async function getDeposit(ctx: CustodyContext, id: string): Promise<DepositRow> {
  const row = await ctx.db.selectFrom('deposits').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('deposit', id)
  return row
}

/** Deposits on custody's chain, newest first, a page at a time; `nextCursor` continues. */
export async function listDeposits(ctx: CustodyContext, q: ListDepositsQuery): Promise<{ items: DepositView[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200)
  let query = ctx.db.selectFrom('deposits').selectAll().where('chain_id', '=', ctx.chain.chainId).orderBy('detected_at', 'desc').orderBy('id', 'desc').limit(limit + 1)
  if (q.vaultId) query = query.where('vault_id', '=', q.vaultId)
  if (q.assetId) query = query.where('asset_id', '=', q.assetId)
  if (q.status) query = query.where('status', '=', q.status)
  if (q.cursor) {
    const { at, id } = decodeTimeIdCursor(q.cursor)
    query = query.where((eb) => eb.or([eb('detected_at', '<', at), eb.and([eb('detected_at', '=', at), eb('id', '<', id)])]))
  }
  const rows = await query.execute()
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return { items: page.map(serializeDeposit), nextCursor: rows.length > limit && last ? encodeTimeIdCursor(last.detected_at, last.id) : null }
}

/** A vault's deposits (404 for a vault custody does not have). */
export async function listVaultDeposits(ctx: CustodyContext, vaultId: string, q: Omit<ListDepositsQuery, 'vaultId'>) {
  await getVaultRow(ctx, vaultId)
  return listDeposits(ctx, { ...q, vaultId })
}
