import type { Kysely } from 'kysely'
import { CustosError } from '../../shared/errors.ts'
import type { PlatformContext } from '../context.ts'
import type { PlatformDB } from '../db/schema.ts'
import { recordChange } from '../record-change.ts'
import type { StepOutcome, WorkflowDefinition, WorkflowDefinitions, WorkflowRow } from './types.ts'

/** A step may chain into the next this many times in one claim before the worker moves on. */
const MAX_HOPS = 16
/** Retryable errors are retried with capped exponential backoff this many times before the workflow fails. */
const MAX_ATTEMPTS = 40
const BACKOFF_BASE_MS = 500

const actorOf = (wf: WorkflowRow) => `system:workflow:${wf.kind.toLowerCase()}`

/**
 * Advances one claimed workflow as far as it can go now: runs its current
 * step, records the outcome (with the step's own database effects) in one
 * transaction while the lease is still ours, and goes on to the next step
 * until one has to wait, the workflow ends, or an error sends it to backoff.
 */
export async function advanceWorkflow(ctx: PlatformContext, definitions: WorkflowDefinitions, claimed: WorkflowRow, workerId: string): Promise<void> {
  let wf = claimed
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const def = definitions[wf.kind]
    const handler = def?.steps[wf.step]
    let outcome: StepOutcome
    try {
      if (!handler) throw new CustosError('WORKFLOW_STEP_UNKNOWN', `workflow ${wf.kind} has no step ${wf.step}`)
      outcome = await handler(ctx, wf)
    } catch (err) {
      await recordError(ctx, def, wf, err, workerId)
      return
    }
    const next = await record(ctx, def!, wf, outcome, workerId)
    if (!next || outcome.type !== 'next') return
    wf = next
  }
  await ctx.db.updateTable('workflows').set({ locked_until: null, locked_by: null, next_run_at: ctx.clock.now() }).where('id', '=', wf.id).where('locked_by', '=', workerId).execute()
}

async function record(ctx: PlatformContext, def: WorkflowDefinition, wf: WorkflowRow, outcome: StepOutcome, workerId: string): Promise<WorkflowRow | null> {
  const now = ctx.clock.now()
  const state = { ...(wf.state as Record<string, unknown>), ...(outcome.state ?? {}) }
  const result = await ctx.db.transaction().execute(async (tx) => {
    const base = tx.updateTable('workflows').where('id', '=', wf.id).where('locked_by', '=', workerId).where('status', '=', 'ACTIVE')
    let updated: WorkflowRow | undefined
    switch (outcome.type) {
      case 'next':
        updated = await base
          .set({ step: outcome.step, state: JSON.stringify(state), attempts: 0, last_error: null, last_error_code: null, waiting_on: null, next_run_at: now, updated_at: now })
          .returningAll()
          .executeTakeFirst()
        break
      case 'wait':
        updated = await base
          .set({
            state: JSON.stringify(state),
            attempts: 0,
            last_error: null,
            last_error_code: null,
            waiting_on: outcome.waitingOn ?? null,
            next_run_at: new Date(now.getTime() + outcome.ms),
            locked_until: null,
            locked_by: null,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirst()
        break
      case 'done':
        updated = await base
          .set({ status: 'DONE', state: JSON.stringify(state), waiting_on: null, last_error: null, last_error_code: null, locked_until: null, locked_by: null, updated_at: now, completed_at: now })
          .returningAll()
          .executeTakeFirst()
        break
      case 'fail':
        updated = await base
          .set({ status: 'FAILED', state: JSON.stringify(state), waiting_on: null, last_error: outcome.message, last_error_code: outcome.code, locked_until: null, locked_by: null, updated_at: now, completed_at: now })
          .returningAll()
          .executeTakeFirst()
        break
    }
    // Lost the lease (a stalled worker whose workflow another one took over): record nothing.
    if (!updated) return null
    if (outcome.type !== 'wait' && outcome.apply) await outcome.apply(tx)
    if (outcome.type === 'fail') await failed(tx, ctx, def, updated, outcome.code, outcome.message)
    else if (outcome.type !== 'wait' || outcome.audit) {
      await recordChange(tx, ctx, {
        at: now,
        actor: actorOf(wf),
        action: outcome.audit?.action ?? (outcome.type === 'done' ? 'workflow.completed' : 'workflow.step_completed'),
        targetType: 'workflow',
        targetId: wf.id,
        before: { step: wf.step },
        after: { step: updated.step, status: updated.status },
        correlationId: wf.correlation_id,
        details: { investorId: wf.investor_id, kind: wf.kind, ...(outcome.audit?.details ?? {}) },
      })
    }
    return updated
  })
  if (result === null) ctx.logger.warn({ workflowId: wf.id, step: wf.step }, 'workflow lease lost; outcome not recorded')
  else if (outcome.type !== 'wait') ctx.eventsCommitted()
  return result
}

async function failed(tx: Kysely<PlatformDB>, ctx: PlatformContext, def: WorkflowDefinition, wf: WorkflowRow, code: string, message: string): Promise<void> {
  await recordChange(tx, ctx, {
    at: ctx.clock.now(),
    actor: actorOf(wf),
    action: 'workflow.failed',
    targetType: 'workflow',
    targetId: wf.id,
    after: { step: wf.step, status: 'FAILED' },
    correlationId: wf.correlation_id,
    details: { investorId: wf.investor_id, kind: wf.kind, code, message },
  })
  await def.onFailed?.(tx, ctx, wf, code, message)
}

async function recordError(ctx: PlatformContext, def: WorkflowDefinition | undefined, wf: WorkflowRow, err: unknown, workerId: string): Promise<void> {
  const ce = err instanceof CustosError ? err : undefined
  const code = ce?.code ?? 'WORKFLOW_STEP_ERROR'
  const message = (err as Error)?.message ?? String(err)
  const attempts = wf.attempts + 1
  // Unknown errors (an RPC hiccup) are retried like retryable ones; a refusal that cannot change is not.
  const retryable = ce ? ce.retryable : true
  const now = ctx.clock.now()
  if (retryable && attempts < MAX_ATTEMPTS) {
    const delay = Math.min(BACKOFF_BASE_MS * 2 ** Math.min(attempts - 1, 16), ctx.settings.retryMaxMs)
    ctx.logger.warn({ workflowId: wf.id, step: wf.step, code, attempts, retryInMs: delay, err: ce ? undefined : err }, 'workflow step failed; will retry')
    await ctx.db
      .updateTable('workflows')
      .set({ attempts, last_error: message, last_error_code: code, next_run_at: new Date(now.getTime() + delay), locked_until: null, locked_by: null, updated_at: now })
      .where('id', '=', wf.id)
      .where('locked_by', '=', workerId)
      .execute()
    return
  }
  ctx.logger.error({ workflowId: wf.id, step: wf.step, code, attempts, err }, 'workflow failed')
  await ctx.db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('workflows')
      .set({ status: 'FAILED', attempts, last_error: message, last_error_code: code, locked_until: null, locked_by: null, updated_at: now, completed_at: now })
      .where('id', '=', wf.id)
      .where('locked_by', '=', workerId)
      .returningAll()
      .executeTakeFirst()
    if (updated && def) await failed(tx, ctx, def, updated, code, message)
  })
  ctx.eventsCommitted()
}
