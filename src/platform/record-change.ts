import type { Kysely } from 'kysely'
import { appendChange, type AuditedChange } from '../audit/log/record-change.ts'
import { enqueueEvent } from '../shared/webhooks/enqueue-event.ts'
import type { Clock } from '../shared/clock.ts'
import type { PlatformDB } from './db/schema.ts'

/** An outbound event (webhook to the platform's subscribers) about one resource. */
export interface PlatformEvent {
  type: string
  resourceType: string
  resourceId: string
  data: Record<string, unknown>
}

export interface ChangeRecord extends AuditedChange {
  events?: PlatformEvent[]
}

/**
 * Records a state change inside the caller's database transaction: one audit
 * entry and its outbound webhook events, so the change, its audit record and
 * its webhooks commit together or not at all. Call `ctx.eventsCommitted()`
 * after the commit to deliver promptly.
 *
 * @example
 * await db.transaction().execute(async (tx) => {
 *   await tx.updateTable('investors').set({ status: 'ACTIVE' }).where('id', '=', id).execute()
 *   await recordChange(tx, ctx, { at, actor, action: 'investor.status_changed', targetType: 'investor', targetId: id })
 * })
 */
export async function recordChange(tx: Kysely<PlatformDB>, ctx: { clock: Clock }, rec: ChangeRecord): Promise<void> {
  for (const e of rec.events ?? []) await enqueueEvent(tx, { ...e, occurredAt: rec.at }, ctx)
  await appendChange(tx, rec)
}
