import { sql } from 'kysely'
import type { CustodyContext } from '../context.ts'
import { ACTIVE_STATUSES } from '../db/schema.ts'
import type { TransactionRow } from '../transactions/serialize.ts'

/**
 * Claims up to `limit` transactions that are due, with a lease: rows another
 * worker holds are skipped (FOR UPDATE SKIP LOCKED), so two custody processes
 * on one PostgreSQL never work on the same transaction at once.
 */
export async function claimDue(ctx: CustodyContext, limit: number): Promise<TransactionRow[]> {
  const now = ctx.clock.now()
  const leaseUntil = new Date(now.getTime() + ctx.pipeline.leaseMs)
  const statuses = sql.join(ACTIVE_STATUSES.map((s) => sql.lit(s)))
  const result = await sql<TransactionRow>`
    update transactions set locked_until = ${leaseUntil}
    where id in (
      select id from transactions
      where status in (${statuses})
        and next_action_at <= ${now}
        and (locked_until is null or locked_until < ${now})
      order by next_action_at, created_at
      limit ${limit}
      for update skip locked
    )
    returning *`.execute(ctx.db)
  return result.rows
}

/** Gives a transaction back to the queue, due at `at`. */
export async function release(ctx: CustodyContext, id: string, at: Date): Promise<void> {
  await ctx.db.updateTable('transactions').set({ locked_until: null, next_action_at: at }).where('id', '=', id).execute()
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
