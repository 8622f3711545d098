import type { Kysely } from 'kysely'
import type { Clock } from '../../shared/clock.ts'
import type { PlatformDB } from '../db/schema.ts'
import type { WorkflowKind } from './tables.ts'

export interface StartWorkflowParameters {
  /** Deterministic (e.g. `onboard:<investorId>:<claimSeq>`): starting it twice starts it once. */
  id: string
  investorId: string
  kind: WorkflowKind
  step: string
  state?: Record<string, unknown>
  correlationId?: string | null
}

/**
 * Creates a workflow inside the caller's transaction, due now. A workflow
 * with the same id already there is left as it is. Wake the workers after the
 * commit (`ctx.wake()`).
 */
export async function startWorkflow(tx: Kysely<PlatformDB>, ctx: { clock: Clock }, p: StartWorkflowParameters): Promise<void> {
  const now = ctx.clock.now()
  await tx
    .insertInto('workflows')
    .values({
      id: p.id,
      investor_id: p.investorId,
      kind: p.kind,
      step: p.step,
      status: 'ACTIVE',
      state: JSON.stringify(p.state ?? {}),
      attempts: 0,
      next_run_at: now,
      correlation_id: p.correlationId ?? null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
}
