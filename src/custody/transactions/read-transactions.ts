import type { CustodyContext } from '../context.ts'
import type { TxStatus } from '../db/schema.ts'
import { NotFoundError } from '../../shared/errors.ts'
import { serializeTransaction, type TransactionRow } from './serialize.ts'
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../../shared/http/cursor.ts'

export async function getTransactionRow(ctx: CustodyContext, id: string): Promise<TransactionRow> {
  const t = await ctx.db.selectFrom('transactions').selectAll().where('id', '=', id).executeTakeFirst()
  if (!t) throw new NotFoundError('transaction', id)
  return t
}

export interface ListTransactionsQuery {
  externalTxId?: string
  status?: TxStatus
  sourceVaultId?: string
  kind?: 'USER' | 'GAS_TOPUP'
  limit?: number
  cursor?: string
}

/**
 * Transactions newest first, filtered, a page at a time. `externalTxId`
 * is looked up within the caller's own client (ids are per client).
 */
export async function listTransactions(ctx: CustodyContext, clientId: string, q: ListTransactionsQuery) {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200)
  let query = ctx.db.selectFrom('transactions').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1)
  if (q.externalTxId) query = query.where('external_tx_id', '=', q.externalTxId).where('client_id', '=', clientId)
  if (q.status) query = query.where('status', '=', q.status)
  if (q.sourceVaultId) query = query.where('source_vault_id', '=', q.sourceVaultId)
  if (q.kind) query = query.where('kind', '=', q.kind)
  if (q.cursor) {
    const { at: before, id } = decodeTimeIdCursor(q.cursor)
    query = query.where((eb) => eb.or([eb('created_at', '<', before), eb.and([eb('created_at', '=', before), eb('id', '<', id)])]))
  }
  const rows = await query.execute()
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return {
    items: page.map(serializeTransaction),
    nextCursor: rows.length > limit && last ? encodeTimeIdCursor(last.created_at, last.id) : null,
  }
}
