import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date, Date>
type Int8 = ColumnType<bigint, bigint | number, bigint | number>
type NullableInt8 = ColumnType<bigint | null, bigint | number | null, bigint | number | null>
type Json<T = unknown> = ColumnType<T, string, string>

export type ReconciliationAlertKind = 'UNEXPLAINED_TRANSFER' | 'OPERATION_MISMATCH' | 'OPERATION_TX_MISSING' | 'SUPPLY_MISMATCH' | 'CUSTODY_TRANSACTION_REORGED'

/** A drift between what the platform instructed and what the chain shows. One OPEN alert per dedupe key. */
export interface ReconciliationAlertsTable {
  id: string
  kind: ReconciliationAlertKind
  dedupe_key: string
  token_id: string | null
  operation_id: string | null
  tx_hash: string | null
  block_number: NullableInt8
  status: 'OPEN' | 'RESOLVED'
  details: Json<Record<string, unknown>>
  first_seen_at: Timestamp
  last_seen_at: Timestamp
  resolved_at: Timestamp | null
  resolved_by: string | null
  resolution: string | null
}

/** A platform operation found on-chain as instructed, at this block (checked again only if the block is rolled back). */
export interface ReconciledOperationsTable {
  operation_id: string
  block_number: Int8
  block_hash: string
  checked_at: Timestamp
}

/** Kysely types of reconciliation's tables (migration 0040; the reorg kind 0205). */
export interface ReconciliationTables {
  reconciliation_alerts: ReconciliationAlertsTable
  reconciled_operations: ReconciledOperationsTable
}
