import { sql } from 'kysely'
import type { CustodyContext } from '../context.ts'
import { ACTIVE_STATUSES } from '../db/schema.ts'
import type { TransactionRow } from '../transactions/serialize.ts'

/**
 * Claims up to `limit` transactions that are due, with a lease: rows another
 * worker holds are skipped (FOR UPDATE SKIP LOCKED), so two custody processes
 * on one PostgreSQL never work on the same transaction at once.
 */
export async function claimDue(ctx: CustodyContext, limit: number, workerId: string): Promise<TransactionRow[]> {
  const now = ctx.clock.now()
  const leaseUntil = new Date(now.getTime() + ctx.pipeline.leaseMs)
  const deadSince = new Date(now.getTime() - HEARTBEAT_MS * 3)
  const statuses = sql.join(ACTIVE_STATUSES.map((s) => sql.lit(s)))
  const result = await sql<TransactionRow>`
    update transactions set locked_until = ${leaseUntil}, locked_by = ${workerId}
    where id in (
      select id from transactions
      where status in (${statuses})
        and next_action_at <= ${now}
        -- cold vault transactions wait for their signed import, not for a worker
        and not (status = 'PENDING_SIGNATURE' and coalesce(sub_status, '') = 'AWAITING_OFFLINE_SIGNATURE')
        and (locked_until is null or locked_until < ${now}
             or locked_by is null
             or not exists (select 1 from pipeline_workers w where w.id = transactions.locked_by and w.heartbeat_at >= ${deadSince}))
      order by next_action_at, created_at
      limit ${limit}
      for update skip locked
    )
    returning *`.execute(ctx.db)
  return result.rows
}

/** How often a worker proves it is alive; three missed beats and its leases are free. */
export const HEARTBEAT_MS = 1000

export async function registerWorker(ctx: CustodyContext, id: string): Promise<void> {
  const now = ctx.clock.now()
  await ctx.db.insertInto('pipeline_workers').values({ id, started_at: now, heartbeat_at: now }).execute()
}

export async function heartbeat(ctx: CustodyContext, id: string): Promise<void> {
  await ctx.db.updateTable('pipeline_workers').set({ heartbeat_at: ctx.clock.now() }).where('id', '=', id).execute()
  // Forget workers long dead, so the table stays small.
  await ctx.db.deleteFrom('pipeline_workers').where('heartbeat_at', '<', new Date(ctx.clock.now().getTime() - 3_600_000)).execute()
}

export async function unregisterWorker(ctx: CustodyContext, id: string): Promise<void> {
  await ctx.db.updateTable('transactions').set({ locked_until: null, locked_by: null }).where('locked_by', '=', id).execute()
  await ctx.db.deleteFrom('pipeline_workers').where('id', '=', id).execute()
}

/** Gives a transaction back to the queue, due at `at`. */
export async function release(ctx: CustodyContext, id: string, at: Date): Promise<void> {
  await ctx.db.updateTable('transactions').set({ locked_until: null, locked_by: null, next_action_at: at }).where('id', '=', id).execute()
}

/** Earliest time any active transaction is due (for the worker's idle wait). */
export async function nextDueAt(ctx: CustodyContext): Promise<Date | null> {
  const row = await ctx.db
    .selectFrom('transactions')
    .select((eb) => eb.fn.min('next_action_at').as('at'))
    .where('status', 'in', ACTIVE_STATUSES as never)
    .executeTakeFirst()
  return (row?.at as Date | null | undefined) ?? null
}
