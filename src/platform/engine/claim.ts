import { sql } from 'kysely'
import type { PlatformContext } from '../context.ts'
import type { WorkflowRow } from './types.ts'

/** How often a worker proves it is alive; three missed beats and its leases are free. */
export const HEARTBEAT_MS = 1000

/**
 * Claims up to `limit` due workflows with a lease. Rows another worker holds
 * are skipped (FOR UPDATE SKIP LOCKED), and a lease is taken over at once when
 * its holder stopped beating (a killed process), so several platform workers
 * on one PostgreSQL never advance the same workflow at the same time.
 */
export async function claimDueWorkflows(ctx: PlatformContext, limit: number, workerId: string): Promise<WorkflowRow[]> {
  const now = ctx.clock.now()
  const leaseUntil = new Date(now.getTime() + ctx.settings.leaseMs)
  const deadSince = new Date(now.getTime() - HEARTBEAT_MS * 3)
  const result = await sql<WorkflowRow>`
    update workflows set locked_until = ${leaseUntil}, locked_by = ${workerId}
    where id in (
      select id from workflows
      where status = 'ACTIVE'
        and next_run_at <= ${now}
        and (locked_until is null or locked_until < ${now}
             or locked_by is null
             or not exists (select 1 from platform_workers w where w.id = workflows.locked_by and w.heartbeat_at >= ${deadSince}))
      order by next_run_at, created_at
      limit ${limit}
      for update skip locked
    )
    returning *`.execute(ctx.db)
  return result.rows
}

/**
 * An SQL condition: the workflow worker named in `column` (a claim's holder) has stopped
 * beating — three missed heartbeats, or never registered. Other claims (the webhook inbox's)
 * use it to end a dead worker's claim at once, as `claimDueWorkflows` does.
 */
export function holderStoppedBeating(column: string, now: Date) {
  const deadSince = new Date(now.getTime() - HEARTBEAT_MS * 3)
  return sql<boolean>`not exists (select 1 from platform_workers w where w.id = ${sql.ref(column)} and w.heartbeat_at >= ${deadSince})`
}

/** Records a worker as alive, or that it still is (its first heartbeat may get there before its registration, on another connection of the pool). */
export async function registerWorker(ctx: PlatformContext, id: string): Promise<void> {
  const now = ctx.clock.now()
  await ctx.db
    .insertInto('platform_workers')
    .values({ id, started_at: now, heartbeat_at: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_at: now }))
    .execute()
}

export async function heartbeat(ctx: PlatformContext, id: string): Promise<void> {
  await registerWorker(ctx, id)
  // Forget workers long dead, so the table stays small.
  await ctx.db.deleteFrom('platform_workers').where('heartbeat_at', '<', new Date(ctx.clock.now().getTime() - 3_600_000)).execute()
}

export async function unregisterWorker(ctx: PlatformContext, id: string): Promise<void> {
  await ctx.db.updateTable('workflows').set({ locked_until: null, locked_by: null }).where('locked_by', '=', id).execute()
  await ctx.db.deleteFrom('platform_workers').where('id', '=', id).execute()
}

/** Earliest time an active workflow is due (for the worker's idle wait). */
export async function nextWorkflowDueAt(ctx: PlatformContext): Promise<Date | null> {
  const row = await ctx.db.selectFrom('workflows').select((eb) => eb.fn.min('next_run_at').as('at')).where('status', '=', 'ACTIVE').executeTakeFirst()
  return (row?.at as Date | null | undefined) ?? null
}
