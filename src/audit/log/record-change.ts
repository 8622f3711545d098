import type { Kysely } from 'kysely'
import type { AuditJson } from '../hashing.ts'
import { appendAudit } from './append.ts'
import type { AuditTables } from './schema.ts'

/** A state change as a service records it: who, what, on what, before and after. */
export interface AuditedChange {
  at: Date
  actor: string
  action: string
  targetType: string
  targetId: string
  before?: unknown
  after?: unknown
  correlationId?: string | null
  details?: unknown
}

/**
 * Appends the audit entry of a change inside the caller's database
 * transaction. Services call it after writing the change (and its outbox
 * events) so all of it commits together, the audit head lock held last.
 *
 * @example
 * await appendChange(tx, { at, actor, action: 'vault.created', targetType: 'vault', targetId: id, after: view })
 */
export async function appendChange(tx: Kysely<any>, rec: AuditedChange): Promise<void> {
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
