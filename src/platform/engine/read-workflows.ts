import type { Kysely } from 'kysely'
import type { PlatformContext } from '../context.ts'
import type { PlatformDB } from '../db/schema.ts'
import type { WorkflowKind } from './tables.ts'
import type { WorkflowRow } from './types.ts'

type Db = Pick<PlatformContext, 'db'>
const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** A workflow as the API shows it (never its lease). */
export function serializeWorkflow(w: WorkflowRow) {
  return {
    id: w.id,
    kind: w.kind,
    step: w.step,
    status: w.status,
    attempts: w.attempts,
    lastError: w.last_error,
    lastErrorCode: w.last_error_code,
    waitingOn: w.waiting_on,
    state: w.state,
    createdAt: w.created_at.toISOString(),
    updatedAt: w.updated_at.toISOString(),
    completedAt: iso(w.completed_at),
  }
}

/** One workflow by id (undefined when there is none). */
export async function findWorkflow(ctx: Db, id: string): Promise<WorkflowRow | undefined> {
  return ctx.db.selectFrom('workflows').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The latest workflow of a kind about a subject (an investor id, `token:<id>`, …), or null. */
export async function latestWorkflowOf(ctx: Db, subject: string, kind: WorkflowKind): Promise<WorkflowRow | null> {
  const row = await ctx.db
    .selectFrom('workflows')
    .selectAll()
    .where('investor_id', '=', subject)
    .where('kind', '=', kind)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ?? null
}

/** Every workflow about a subject, oldest first. */
export async function listWorkflowsOf(ctx: Db, subject: string): Promise<WorkflowRow[]> {
  return ctx.db.selectFrom('workflows').selectAll().where('investor_id', '=', subject).orderBy('created_at').orderBy('id').execute()
}

/** How many workflows of a kind a subject has had (inside the caller's transaction). */
export async function countWorkflowsOf(tx: Kysely<PlatformDB>, subject: string, kind: WorkflowKind): Promise<number> {
  const r = await tx.selectFrom('workflows').select((eb) => eb.fn.countAll<string>().as('n')).where('investor_id', '=', subject).where('kind', '=', kind).executeTakeFirstOrThrow()
  return Number(r.n)
}

/** The subject's latest FAILED workflow, row-locked until the caller's transaction ends (undefined: none). */
export async function lockLatestFailedWorkflow(tx: Kysely<PlatformDB>, subject: string): Promise<WorkflowRow | undefined> {
  return tx.selectFrom('workflows').selectAll().where('investor_id', '=', subject).where('status', '=', 'FAILED').orderBy('created_at', 'desc').forUpdate().executeTakeFirst()
}

/** A workflow's status, row-locked until the caller's transaction ends (undefined: no such workflow). */
export async function lockWorkflowStatus(tx: Kysely<PlatformDB>, id: string): Promise<WorkflowRow['status'] | undefined> {
  return (await tx.selectFrom('workflows').select(['status']).where('id', '=', id).forUpdate().executeTakeFirst())?.status
}
