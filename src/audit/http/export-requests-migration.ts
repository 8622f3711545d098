import { sql, type Kysely, type Migration } from 'kysely'

export type AuditExportStatus = 'PENDING_APPROVAL' | 'AVAILABLE' | 'REJECTED' | 'EXPIRED'

export interface AuditExportRequestsTable {
  id: string
  reason: string
  include_personal_data: boolean
  /** The export covers entries 0 … tree_size − 1: the log as it was when requested. */
  tree_size: bigint
  segment_size: number
  status: AuditExportStatus
  requested_by: string
  requested_at: Date
  decided_by: string | null
  decided_at: Date | null
  decision_comment: string | null
  /** A pending request expires unapproved after this; an available export stops being served. */
  expires_at: Date
  /** manifest.json as served, built on first download. */
  manifest: string | null
}

/** The table a service's Kysely database type should include for export requests. */
export interface AuditExportTables {
  audit_export_requests: AuditExportRequestsTable
}

/**
 * Export requests of the audit log (four eyes on personal data). Add it to a
 * service's migration list after the audit log's own migration.
 *
 * @example
 * migrateToLatest(db, schema, { …, '0020_audit_exports': auditExportsMigration })
 */
export const auditExportsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`
      create table audit_export_requests (
        id text primary key,
        reason text not null,
        include_personal_data boolean not null,
        tree_size bigint not null check (tree_size >= 0),
        segment_size integer not null check (segment_size > 0),
        status text not null check (status in ('PENDING_APPROVAL', 'AVAILABLE', 'REJECTED', 'EXPIRED')),
        requested_by text not null,
        requested_at timestamptz not null,
        decided_by text,
        decided_at timestamptz,
        decision_comment text,
        expires_at timestamptz not null,
        manifest text,
        check (decided_by is null or decided_by <> requested_by)
      )`.execute(db)
    await sql`create index audit_export_requests_status on audit_export_requests (status, requested_at)`.execute(db)
  },
}
