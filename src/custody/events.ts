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
  /** Called after the transaction commits, to deliver promptly. */
  committed?(): void
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
