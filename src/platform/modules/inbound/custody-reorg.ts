import type { Kysely } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { markOperationReincluded, markOperationReorged } from '../tokens/public.ts'
import { raiseCustodyReorgAlert, resolveCustodyReorgAlerts } from '../reconciliation/public.ts'

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

/**
 * Custody's `transaction.reorged` (decision 0091), inside the inbox's transaction: the
 * token operation the transaction carries goes from COMPLETED to AWAITING_REINCLUSION
 * and reconciliation raises CUSTODY_TRANSACTION_REORGED with what the transaction was
 * for and the block it left.
 */
export async function applyCustodyReorg(tx: Kysely<PlatformDB>, ctx: Pick<PlatformContext, 'clock' | 'logger'>, p: { custodyTxId: string; externalTxId: string | null; status: string; data: Record<string, unknown> }): Promise<void> {
  const d = p.data
  const previousBlockNumber = str(d.previousBlockNumber)
  const reason = `its transaction left block ${previousBlockNumber ?? '?'} in a reorg; custody is sending the same signed transaction again`
  const op = p.externalTxId ? await markOperationReorged(tx, ctx, { externalTxId: p.externalTxId, custodyStatus: p.status, reason }) : null
  const purpose: Record<string, unknown> = op
    ? { operationKind: op.kind, operationId: op.id, tokenId: op.token_id, quantity: op.quantity, investorId: op.investor_id, toInvestorId: op.to_investor_id, toAddress: op.to_address }
    : { intent: d.intent ?? null, note: str(d.note) }
  const { outcome, alert } = await raiseCustodyReorgAlert(tx, ctx, {
    custodyTxId: p.custodyTxId,
    externalTxId: p.externalTxId,
    txHash: str(d.txHash),
    previousStatus: str(d.previousStatus),
    previousBlockNumber,
    previousBlockHash: str(d.previousBlockHash),
    purpose,
    tokenId: op?.token_id ?? null,
    operationId: op?.id ?? null,
    message: str(d.alert),
  })
  ctx.logger.warn({ custodyTxId: p.custodyTxId, externalTxId: p.externalTxId, operationId: op?.id ?? null, alertId: alert.id, outcome }, 'custody reports a final transaction gone from the chain')
}

/**
 * A transaction the platform knew as reorged is final again: its operation is COMPLETED
 * (or FAILED with custody's reason) and, when COMPLETED, its reorg alerts are resolved.
 */
export async function applyCustodyReinclusion(tx: Kysely<PlatformDB>, ctx: Pick<PlatformContext, 'clock'>, p: { custodyTxId: string; externalTxId: string | null; status: string; data: Record<string, unknown> }): Promise<void> {
  const txHash = str(p.data.txHash)
  if (p.externalTxId) await markOperationReincluded(tx, ctx, { externalTxId: p.externalTxId, custodyStatus: p.status, txHash, reason: [str(p.data.subStatus), str(p.data.statusReason)].filter(Boolean).join(': ') || null })
  // Any other end leaves the alert open for a person: the transaction did not come back.
  if (p.status === 'COMPLETED') await resolveCustodyReorgAlerts(tx, ctx, { custodyTxId: p.custodyTxId, txHash, blockNumber: str(p.data.blockNumber) })
}
