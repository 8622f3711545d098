import type { Kysely } from 'kysely'
import { appendAudit } from '../audit/log/append.ts'
import type { AuditJson } from '../audit/hashing.ts'
import type { AuditTables } from '../audit/log/schema.ts'
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

export interface ChangeRecord {
  at: Date
  actor: string
  action: string
  targetType: string
  targetId: string
  before?: unknown
  after?: unknown
  correlationId?: string | null
  details?: unknown
  event?: ResourceEvent
}

/**
 * Records a state change: one audit entry and, if given, one outbound event,
 * both inside the caller's database transaction, so the change, its audit
 * record and its webhook commit together or not at all.
 */
export async function recordChange(tx: Kysely<CustodyDB>, sink: EventSink, rec: ChangeRecord): Promise<void> {
  if (rec.event) await sink.enqueue(tx, rec.event)
  await appendAudit(tx as unknown as Kysely<AuditTables>, {
    at: rec.at,
    actor: rec.actor,
    action: rec.action,
    targetType: rec.targetType,
    targetId: rec.targetId,
    before: (rec.before ?? null) as AuditJson,
    after: (rec.after ?? null) as AuditJson,
    correlationId: rec.correlationId ?? null,
    details: (rec.details ?? null) as AuditJson,
  })
}
