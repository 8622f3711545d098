import { sql } from 'kysely'
import type { WebhookContext } from './context.ts'

/** Rows one call deletes at most, so a first prune of a long history holds no lock for long. */
const MAX_DELIVERIES_PER_CALL = 5000

export interface PruneWebhookHistoryReturnType {
  deliveries: number
  events: number
  /** The call stopped at its limit: there may be more to delete. */
  more: boolean
}

/**
 * Deletes the delivery log older than `olderThan`: finished deliveries
 * (DELIVERED or FAILED) created before it, with their attempts, unless a newer
 * redelivery still points at them, then the events left with no delivery that
 * occurred before it. Pending deliveries and their events are never touched,
 * and per-resource sequence numbers are kept, so the numbering of later events
 * goes on. At most 5,000 deliveries a call: call again while `more` is true.
 *
 * @example
 * await pruneWebhookHistory(ctx, { olderThan: new Date(Date.now() - 30 * 86_400_000) })
 */
export async function pruneWebhookHistory(ctx: Pick<WebhookContext, 'db'>, p: { olderThan: Date }): Promise<PruneWebhookHistoryReturnType> {
  return ctx.db.transaction().execute(async (tx) => {
    const { rows } = await sql<{ id: string }>`
      with doomed as (
        select d.id from webhook_deliveries d
         where d.status in ('DELIVERED', 'FAILED')
           and d.created_at < ${p.olderThan}
           and not exists (select 1 from webhook_deliveries r where r.redelivery_of = d.id)
         limit ${MAX_DELIVERIES_PER_CALL}
      ), attempts as (
        delete from webhook_delivery_attempts where delivery_id in (select id from doomed)
      )
      delete from webhook_deliveries where id in (select id from doomed) returning id`.execute(tx)
    const events = await sql`
      delete from webhook_events e
       where e.occurred_at < ${p.olderThan}
         and not exists (select 1 from webhook_deliveries d where d.event_id = e.id)`.execute(tx)
    return { deliveries: rows.length, events: Number(events.numAffectedRows ?? 0n), more: rows.length >= MAX_DELIVERIES_PER_CALL }
  })
}
