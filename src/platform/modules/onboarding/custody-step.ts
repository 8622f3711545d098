import type { PlatformContext } from '../../context.ts'
import type { ApplyInTx, StepOutcome, WorkflowRow } from '../../engine/types.ts'
import { CUSTODY_FINAL_STATUSES, findOrSubmit, type SubmitTransactionParameters } from '../custody/public.ts'

/**
 * The custody externalTxId of a workflow step: derived from the investor and
 * the step alone (`onb:<investorId>:<step>`), so a retry after a crash finds
 * the transaction it already asked for instead of asking for a second one.
 * Only when an operator retries a step whose transaction failed does the
 * attempt number join it (`…:r2`).
 */
export function stepExternalTxId(investorId: string, step: string, attempt = 1): string {
  return `onb:${investorId}:${step}${attempt > 1 ? `:r${attempt}` : ''}`
}

export interface CustodyStepParameters {
  wf: WorkflowRow
  /** The step's name in the workflow. */
  step: string
  /** The externalTxId's last part when it differs from the step (e.g. `add-claim:2` for the second claim). */
  txName?: string
  next: string
  /** True when the chain already shows the effect (then nothing is sent). */
  effectDone(): Promise<boolean>
  /** The transaction to ask for, without its externalTxId. */
  request(): Promise<Omit<SubmitTransactionParameters, 'externalTxId'>>
  /** Called right after custody accepted the request (crash tests stop the process here). */
  failpointAfterSubmit: string
  /** Database effects once the effect is on-chain. */
  onDone?: ApplyInTx
  auditDetails?: Record<string, unknown>
}

/**
 * One on-chain action through custody, exactly once: if the chain already
 * shows the effect, go on; otherwise find the transaction asked for under
 * this step's externalTxId (from a webhook, or by asking custody), ask for it
 * if there is none, and wait until it is final. A transaction that ends
 * FAILED, BLOCKED, REJECTED or CANCELLED fails the workflow for an operator;
 * the retry asks under a new attempt number.
 */
export async function custodyStep(ctx: PlatformContext, p: CustodyStepParameters): Promise<StepOutcome> {
  if (await p.effectDone()) return { type: 'next', step: p.next, apply: p.onDone, audit: { action: 'workflow.step_completed', details: { step: p.step, ...p.auditDetails, alreadyOnChain: true } } }
  const attemptKey = `${p.step}:attempt`
  const attempt = Number((p.wf.state as Record<string, unknown>)[attemptKey] ?? 1)
  const externalTxId = stepExternalTxId(p.wf.investor_id, p.txName ?? p.step, attempt)

  const { tx, submitted } = await findOrSubmit(ctx, externalTxId, p.request, p.wf.id, { afterSubmit: () => ctx.failpoint?.(p.failpointAfterSubmit) })

  if (tx.status === 'COMPLETED') {
    if (!(await p.effectDone())) {
      // Completed but not visible yet: the RPC node may lag behind custody's; look again shortly.
      return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: externalTxId }
    }
    return { type: 'next', step: p.next, apply: p.onDone, audit: { action: 'workflow.step_completed', details: { step: p.step, ...p.auditDetails, externalTxId, custodyTxId: tx.id, txHash: tx.txHash } } }
  }
  if (CUSTODY_FINAL_STATUSES.includes(tx.status)) {
    const why = [tx.subStatus, tx.statusReason].filter(Boolean).join(': ')
    return {
      type: 'fail',
      code: `CUSTODY_TX_${tx.status}`,
      message: `custody transaction ${externalTxId} ended ${tx.status}${why ? ` (${why})` : ''}`,
      state: { [attemptKey]: attempt + 1 },
    }
  }
  return {
    type: 'wait',
    ms: ctx.settings.custodyPollMs,
    waitingOn: externalTxId,
    audit: submitted ? { action: 'workflow.custody_tx_submitted', details: { step: p.step, externalTxId, custodyTxId: tx.id } } : undefined,
  }
}
