import type { Kysely } from 'kysely'
import type { Clock } from '../../../shared/clock.ts'
import type { PlatformDB } from '../../db/schema.ts'
import type { OperationRow } from './read-operations.ts'
import { type CustodyTransaction, isFinal } from '../custody/public.ts'

/** An operation's status for what custody says of its transaction. */
export const operationStatusOf = (tx: CustodyTransaction): OperationRow['status'] =>
  tx.status === 'COMPLETED' ? 'COMPLETED' : isFinal(tx) ? 'FAILED' : tx.status === 'PENDING_AUTHORIZATION' ? 'PENDING_AUTHORIZATION' : 'SUBMITTED'

/**
 * Records on an operation what custody says of its transaction (status,
 * custody id, hash; a final status without success as FAILED with its
 * reason), never moving an operation back from COMPLETED or FAILED (nor one AWAITING_REINCLUSION:
 * only custody's webhooks move that one, see operation-reorged.ts). Returns
 * the updated row, or undefined when the operation was already final.
 */
export async function recordCustodyOutcome(db: Kysely<PlatformDB>, ctx: { clock: Clock }, operationId: string, tx: CustodyTransaction): Promise<OperationRow | undefined> {
  const status = operationStatusOf(tx)
  const why = [tx.subStatus, tx.statusReason].filter(Boolean).join(': ')
  return db
    .updateTable('token_operations')
    .set({
      custody_tx_id: tx.id,
      custody_status: tx.status,
      status,
      status_code: status === 'FAILED' ? `CUSTODY_TX_${tx.status}` : null,
      status_reason: status === 'FAILED' ? `custody transaction ended ${tx.status}${why ? ` (${why})` : ''}` : null,
      tx_hash: tx.txHash,
      updated_at: ctx.clock.now(),
    })
    .where('id', '=', operationId)
    .where('status', 'not in', ['COMPLETED', 'AWAITING_REINCLUSION', 'FAILED'])
    .returningAll()
    .executeTakeFirst()
}
