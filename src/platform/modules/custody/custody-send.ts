import type { PlatformContext } from '../../context.ts'
import { CUSTODY_FINAL_STATUSES, type CustodyTransaction, type SubmitTransactionParameters } from './custody-provider.ts'
import { rememberCustodyTx } from '../onboarding/custody-step.ts'

/**
 * The custody transaction under `externalTxId`, asked for only if custody has
 * none: what the platform already knows as final, else custody's view, else a
 * new submission. Safe to call from a request and a worker at once: custody
 * keeps one transaction per externalTxId.
 */
export async function findOrSubmit(
  ctx: PlatformContext,
  externalTxId: string,
  request: () => Promise<Omit<SubmitTransactionParameters, 'externalTxId'>>,
  workflowId: string | null,
): Promise<{ tx: CustodyTransaction; submitted: boolean }> {
  const known = await ctx.db
    .selectFrom('custody_transactions')
    .selectAll()
    .where('external_tx_id', '=', externalTxId)
    .where('status', 'in', CUSTODY_FINAL_STATUSES as string[])
    .executeTakeFirst()
  if (known) {
    const tx: CustodyTransaction = { id: known.custody_tx_id, externalTxId, status: known.status as CustodyTransaction['status'], subStatus: known.sub_status, statusReason: known.status_reason, txHash: known.tx_hash as `0x${string}` | null }
    return { tx, submitted: false }
  }
  let tx = await ctx.custody.findTransaction(externalTxId)
  let submitted = false
  if (!tx) {
    tx = await ctx.custody.submitTransaction({ ...(await request()), externalTxId })
    submitted = true
  }
  await rememberCustodyTx(ctx.db, tx, workflowId, ctx.clock.now())
  return { tx, submitted }
}

export const isFinal = (tx: CustodyTransaction) => CUSTODY_FINAL_STATUSES.includes(tx.status)
