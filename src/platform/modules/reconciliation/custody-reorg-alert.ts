import type { Kysely } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { raiseAlertIn, resolveAlertIn, RECONCILIATION_ACTOR, type RaiseOutcome } from './raise-alert.ts'
import type { AlertRow } from './read-alerts.ts'

const KIND = 'CUSTODY_TRANSACTION_REORGED'
const keyPrefix = (custodyTxId: string) => `${KIND}:${custodyTxId}:`

export interface CustodyReorgAlertParameters {
  custodyTxId: string
  externalTxId: string | null
  txHash: string | null
  /** What custody had said before (COMPLETED, or FAILED after being mined). */
  previousStatus: string | null
  /** The block the transaction left. */
  previousBlockNumber: string | null
  previousBlockHash: string | null
  /** What the transaction was for: the platform operation it carries, or custody's intent and note. */
  purpose: Record<string, unknown>
  tokenId: string | null
  operationId: string | null
  /** Custody's own words. */
  message: string | null
}

/**
 * Raises CUSTODY_TRANSACTION_REORGED inside the caller's transaction (decision 0091):
 * custody reported a final transaction gone from the chain and is sending its signed
 * bytes again. One alert per transaction and block left (a second reorg of the same
 * transaction is a new alert); audited and sent as `reconciliation.alert_raised`.
 */
export async function raiseCustodyReorgAlert(tx: Kysely<PlatformDB>, ctx: Pick<PlatformContext, 'clock'>, p: CustodyReorgAlertParameters): Promise<{ outcome: RaiseOutcome; alert: AlertRow }> {
  return raiseAlertIn(
    tx,
    ctx,
    {
      kind: KIND,
      key: `${keyPrefix(p.custodyTxId)}${p.previousBlockHash ?? p.previousBlockNumber ?? 'unknown-block'}`,
      tokenId: p.tokenId,
      operationId: p.operationId,
      txHash: p.txHash,
      blockNumber: p.previousBlockNumber === null ? null : BigInt(p.previousBlockNumber),
      details: {
        custodyTxId: p.custodyTxId,
        externalTxId: p.externalTxId,
        previousStatus: p.previousStatus,
        leftBlock: { number: p.previousBlockNumber, hash: p.previousBlockHash },
        purpose: p.purpose,
        message: `a ${p.previousStatus ?? 'final'} custody transaction is no longer on the canonical chain (it left block ${p.previousBlockNumber ?? '?'}); custody is sending the same signed transaction again${p.message ? ` — custody: ${p.message}` : ''}`,
      },
    },
    RECONCILIATION_ACTOR,
  )
}

/**
 * Resolves the open CUSTODY_TRANSACTION_REORGED alerts of a transaction custody
 * reports COMPLETED again, inside the caller's transaction. Returns those resolved.
 */
export async function resolveCustodyReorgAlerts(tx: Kysely<PlatformDB>, ctx: Pick<PlatformContext, 'clock'>, p: { custodyTxId: string; txHash: string | null; blockNumber: string | null }): Promise<AlertRow[]> {
  const open = await tx
    .selectFrom('reconciliation_alerts')
    .select('id')
    .where('kind', '=', KIND)
    .where('status', '=', 'OPEN')
    .where('dedupe_key', 'like', `${keyPrefix(p.custodyTxId)}%`)
    .execute()
  const resolved: AlertRow[] = []
  for (const a of open) {
    const r = await resolveAlertIn(tx, ctx, a.id, {
      actor: RECONCILIATION_ACTOR,
      resolution: `custody reports the transaction COMPLETED again${p.blockNumber ? ` in block ${p.blockNumber}` : ''}${p.txHash ? ` (${p.txHash})` : ''}: back on-chain, once`,
    })
    if (r) resolved.push(r)
  }
  return resolved
}
