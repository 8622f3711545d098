import type { ColumnType, Generated, Kysely } from 'kysely'

/** bytea comes back as Buffer from pg and as Uint8Array from PGlite. */
export type Bytes = Uint8Array

type Json = unknown

export interface AuditEntriesTable {
  seq: bigint
  at: Date
  actor: string
  action: string
  target_type: string | null
  target_id: string | null
  before: ColumnType<Json | null, string | null, never>
  after: ColumnType<Json | null, string | null, never>
  correlation_id: string | null
  details: ColumnType<Json | null, string | null, never>
  leaf_hash: Bytes
  prev_hash: Bytes
  entry_hash: Bytes
}

export interface AuditTreeNodesTable {
  level: number
  idx: bigint
  hash: Bytes
}

export interface AuditHeadTable {
  id: Generated<boolean>
  tree_size: bigint
  head_hash: Bytes
  frontier: Bytes
}

export interface AuditCheckpointsTable {
  tree_size: bigint
  root_hash: Bytes
  checkpoint: string
  vkey: string
  created_at: Date
  anchor_status: string | null
  anchor_tx_id: string | null
  anchor_tx_hash: string | null
  anchor_block: bigint | null
}

/** The audit tables a service's Kysely database type should include. */
export interface AuditTables {
  audit_entries: AuditEntriesTable
  audit_tree_nodes: AuditTreeNodesTable
  audit_head: AuditHeadTable
  audit_checkpoints: AuditCheckpointsTable
}

/**
 * The database handle the audit functions take: any service's Kysely or a
 * transaction of it. The audit tables live in the service's schema whatever
 * its own table types say, so the type is deliberately open.
 */
export type AuditDb = Kysely<any>

/** The same handle, typed by the audit tables. */
export function auditTables(db: AuditDb): Kysely<AuditTables> {
  return db as Kysely<AuditTables>
}
