import type { PlatformContext } from '../../context.ts'
import { CUSTODY_FINAL_STATUSES, type CustodyTransaction, type SubmitTransactionParameters } from './custody-provider.ts'
import { rememberCustodyTx } from './custody-transactions.ts'
import { knownFinalTransaction } from './read-custody-transactions.ts'

/**
 * The custody transaction under `externalTxId`, asked for only if custody has
 * none: what the platform already knows as final, else custody's view, else a
 * new submission. Safe to call from a request and a worker at once: custody
 * keeps one transaction per externalTxId. `afterSubmit` runs right after
 * custody accepted a new submission, before the platform records it (crash
 * tests stop the process there).
 */
export async function findOrSubmit(
  ctx: PlatformContext,
  externalTxId: string,
  request: () => Promise<Omit<SubmitTransactionParameters, 'externalTxId'>>,
  workflowId: string | null,
  opts: { afterSubmit?: () => void } = {},
): Promise<{ tx: CustodyTransaction; submitted: boolean }> {
  const known = await knownFinalTransaction(ctx, externalTxId)
  if (known) return { tx: known, submitted: false }
  let tx = await ctx.custody.findTransaction(externalTxId)
  let submitted = false
  if (!tx) {
    tx = await ctx.custody.submitTransaction({ ...(await request()), externalTxId })
    submitted = true
    opts.afterSubmit?.()
  }
  await rememberCustodyTx(ctx.db, tx, workflowId, ctx.clock.now())
  return { tx, submitted }
}

export const isFinal = (tx: CustodyTransaction) => CUSTODY_FINAL_STATUSES.includes(tx.status)
