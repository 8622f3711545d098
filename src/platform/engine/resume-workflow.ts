import type { Kysely } from 'kysely'
import type { Clock } from '../../shared/clock.ts'
import type { PlatformDB } from '../db/schema.ts'
import { recordChange } from '../record-change.ts'

/**
 * Puts a FAILED workflow back to work from the step it stopped at, inside the
 * caller's transaction, audited. Its state is unchanged, so a step that asks
 * custody asks under the same externalTxId: resuming never duplicates an
 * effect. False when the workflow is not FAILED. Wake the workers after the commit.
 */
export async function resumeFailedWorkflow(tx: Kysely<PlatformDB>, ctx: { clock: Clock }, id: string, meta: { actor: string; correlationId?: string | null; details?: Record<string, unknown> }): Promise<boolean> {
  const now = ctx.clock.now()
  const wf = await tx
    .updateTable('workflows')
    .set({ status: 'ACTIVE', attempts: 0, next_run_at: now, completed_at: null, locked_by: null, locked_until: null, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'FAILED')
    .returning(['step', 'kind', 'last_error_code'])
    .executeTakeFirst()
  if (!wf) return false
  await recordChange(tx, ctx, {
    at: now,
    actor: meta.actor,
    action: 'workflow.retried',
    targetType: 'workflow',
    targetId: id,
    before: { status: 'FAILED', step: wf.step, lastErrorCode: wf.last_error_code },
    after: { status: 'ACTIVE', step: wf.step },
    correlationId: meta.correlationId ?? null,
    details: { kind: wf.kind, ...(meta.details ?? {}) },
  })
  return true
}
