import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { CUSTODY_FINAL_STATUSES, type CustodyTransaction, type SubmitTransactionParameters } from '../custody/custody-provider.ts'
import type { WorkflowRow } from '../investors/serialize.ts'
import type { ApplyInTx, StepOutcome } from '../../engine/types.ts'

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

/** Remembers what custody said about a transaction (never going back from a final status). */
export async function rememberCustodyTx(db: Kysely<PlatformDB>, t: CustodyTransaction, workflowId: string | null, at: Date): Promise<void> {
  const finals = sql.join(CUSTODY_FINAL_STATUSES.map((s) => sql.lit(s)))
  await sql`
    insert into custody_transactions (custody_tx_id, external_tx_id, workflow_id, status, sub_status, status_reason, tx_hash, sequence, updated_at)
    values (${t.id}, ${t.externalTxId}, ${workflowId}, ${t.status}, ${t.subStatus}, ${t.statusReason}, ${t.txHash}, 0, ${at})
    on conflict (custody_tx_id) do update set
      external_tx_id = coalesce(custody_transactions.external_tx_id, excluded.external_tx_id),
      workflow_id = coalesce(custody_transactions.workflow_id, excluded.workflow_id),
      status = excluded.status, sub_status = excluded.sub_status, status_reason = excluded.status_reason,
      tx_hash = coalesce(excluded.tx_hash, custody_transactions.tx_hash), updated_at = excluded.updated_at
    where custody_transactions.status not in (${finals})`.execute(db)
}

async function knownFinal(ctx: PlatformContext, externalTxId: string): Promise<CustodyTransaction | null> {
  const row = await ctx.db.selectFrom('custody_transactions').selectAll().where('external_tx_id', '=', externalTxId).where('status', 'in', CUSTODY_FINAL_STATUSES as string[]).executeTakeFirst()
  if (!row) return null
  return { id: row.custody_tx_id, externalTxId, status: row.status as CustodyTransaction['status'], subStatus: row.sub_status, statusReason: row.status_reason, txHash: row.tx_hash as `0x${string}` | null }
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

  let tx = await knownFinal(ctx, externalTxId)
  let submitted = false
  if (!tx) {
    tx = await ctx.custody.findTransaction(externalTxId)
    if (!tx) {
      tx = await ctx.custody.submitTransaction({ ...(await p.request()), externalTxId })
      submitted = true
      ctx.failpoint?.(p.failpointAfterSubmit)
    }
    await rememberCustodyTx(ctx.db, tx, p.wf.id, ctx.clock.now())
  }

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
