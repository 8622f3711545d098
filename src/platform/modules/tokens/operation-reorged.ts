import type { Kysely } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { recordChange } from '../../record-change.ts'
import { serializeOperation, type OperationRow } from './read-operations.ts'

/** Who moves an operation when custody reports its transaction reorged or included again. */
const ACTOR = 'system:custody-webhook'

/**
 * A COMPLETED operation whose transaction custody reports gone from the chain
 * (`transaction.reorged`, decision 0091): AWAITING_REINCLUSION until custody
 * reports it final again, audited `token.operation_reorged`. Returns the
 * operation (null when no COMPLETED operation has this externalTxId).
 */
export async function markOperationReorged(tx: Kysely<PlatformDB>, ctx: Pick<PlatformContext, 'clock'>, p: { externalTxId: string; custodyStatus: string; reason: string }): Promise<OperationRow | null> {
  const before = await tx.selectFrom('token_operations').selectAll().where('external_tx_id', '=', p.externalTxId).where('status', '=', 'COMPLETED').forUpdate().executeTakeFirst()
  if (!before) return null
  const now = ctx.clock.now()
  const after = await tx
    .updateTable('token_operations')
    .set({ status: 'AWAITING_REINCLUSION', custody_status: p.custodyStatus, status_code: 'CUSTODY_TRANSACTION_REORGED', status_reason: p.reason, updated_at: now })
    .where('id', '=', before.id)
    .returningAll()
    .executeTakeFirstOrThrow()
  await recordChange(tx, ctx, { at: now, actor: ACTOR, action: 'token.operation_reorged', targetType: 'token_operation', targetId: before.id, before: serializeOperation(before), after: serializeOperation(after) })
  return after
}

/**
 * An operation AWAITING_REINCLUSION whose transaction custody reports final
 * again: COMPLETED when it is back on-chain (same signed bytes, so the same
 * effect once), FAILED with custody's reason otherwise; audited
 * `token.operation_reincluded`. Null when no such operation waits.
 */
export async function markOperationReincluded(
  tx: Kysely<PlatformDB>,
  ctx: Pick<PlatformContext, 'clock'>,
  p: { externalTxId: string; custodyStatus: string; txHash: string | null; reason: string | null },
): Promise<OperationRow | null> {
  const before = await tx.selectFrom('token_operations').selectAll().where('external_tx_id', '=', p.externalTxId).where('status', '=', 'AWAITING_REINCLUSION').forUpdate().executeTakeFirst()
  if (!before) return null
  const now = ctx.clock.now()
  const completed = p.custodyStatus === 'COMPLETED'
  const after = await tx
    .updateTable('token_operations')
    .set({
      status: completed ? 'COMPLETED' : 'FAILED',
      custody_status: p.custodyStatus,
      status_code: completed ? null : `CUSTODY_TX_${p.custodyStatus}`,
      status_reason: completed ? null : `custody transaction ended ${p.custodyStatus} after a reorg${p.reason ? ` (${p.reason})` : ''}`,
      tx_hash: p.txHash ?? before.tx_hash,
      updated_at: now,
    })
    .where('id', '=', before.id)
    .returningAll()
    .executeTakeFirstOrThrow()
  await recordChange(tx, ctx, { at: now, actor: ACTOR, action: 'token.operation_reincluded', targetType: 'token_operation', targetId: before.id, before: serializeOperation(before), after: serializeOperation(after) })
  return after
}
