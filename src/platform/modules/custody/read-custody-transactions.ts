import type { PlatformContext } from '../../context.ts'
import { CUSTODY_FINAL_STATUSES, type CustodyTransaction } from './custody-provider.ts'

type Db = Pick<PlatformContext, 'db'>

/** The transaction under `externalTxId` when the platform already knows it is final (null otherwise). */
export async function knownFinalTransaction(ctx: Db, externalTxId: string): Promise<CustodyTransaction | null> {
  const row = await ctx.db.selectFrom('custody_transactions').selectAll().where('external_tx_id', '=', externalTxId).where('status', 'in', CUSTODY_FINAL_STATUSES as string[]).executeTakeFirst()
  if (!row) return null
  return { id: row.custody_tx_id, externalTxId, status: row.status as CustodyTransaction['status'], subStatus: row.sub_status, statusReason: row.status_reason, txHash: row.tx_hash as `0x${string}` | null }
}

/** What the platform last heard of the transaction under `externalTxId` (null before it was asked for). */
export async function knownTransaction(ctx: Db, externalTxId: string): Promise<{ custodyTxId: string; status: string; txHash: string | null } | null> {
  const row = await ctx.db.selectFrom('custody_transactions').select(['custody_tx_id', 'status', 'tx_hash']).where('external_tx_id', '=', externalTxId).executeTakeFirst()
  return row ? { custodyTxId: row.custody_tx_id, status: row.status, txHash: row.tx_hash } : null
}
