import type { Kysely } from 'kysely'
import { appendChange, type AuditedChange } from '../audit/log/record-change.ts'
import type { CustodyDB } from './db/schema.ts'

/** An outbound event (webhook) describing a change to one resource. */
export interface ResourceEvent {
  type: string
  resourceType: string
  resourceId: string
  data: Record<string, unknown>
}

/** Where events go, inside the same database transaction as the change. */
export interface EventSink {
  enqueue(tx: Kysely<CustodyDB>, event: ResourceEvent): Promise<void>
  /**
   * Several events in a fixed number of statements (group commits), with the outcome of
   * `enqueue` called for each in order. Returns the deliveries it scheduled.
   */
  enqueueMany?(tx: Kysely<CustodyDB>, events: ResourceEvent[]): Promise<{ deliveries: number }>
  /** Called after the transaction commits, to deliver promptly; `deliveries: 0` means nothing to send. */
  committed?(written?: { deliveries: number }): void
}

/**
 * Enqueues events through the sink's batch form when it has one, else one by one.
 * Returns the deliveries scheduled, or null when the sink does not say.
 */
export async function enqueueAll(tx: Kysely<CustodyDB>, sink: EventSink, events: ResourceEvent[]): Promise<{ deliveries: number } | null> {
  if (events.length === 0) return { deliveries: 0 }
  if (sink.enqueueMany) return sink.enqueueMany(tx, events)
  for (const e of events) await sink.enqueue(tx, e)
  return null
}

export interface ChangeRecord extends AuditedChange {
  event?: ResourceEvent
}

/**
 * Records a state change: one audit entry and, if given, one outbound event,
 * both inside the caller's database transaction, so the change, its audit
 * record and its webhook commit together or not at all.
 */
export async function recordChange(tx: Kysely<CustodyDB>, sink: EventSink, rec: ChangeRecord): Promise<void> {
  if (rec.event) await sink.enqueue(tx, rec.event)
  await appendChange(tx, rec)
}
