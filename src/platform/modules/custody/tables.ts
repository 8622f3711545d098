import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date, Date>

/** What the platform knows of a custody transaction it asked for (from custody's answers and webhooks). */
export interface CustodyTransactionsTable {
  custody_tx_id: string
  external_tx_id: string | null
  workflow_id: string | null
  status: string
  sub_status: string | null
  status_reason: string | null
  tx_hash: string | null
  sequence: ColumnType<bigint, bigint | number, bigint | number>
  /** Since when custody says this once-final transaction is no longer on-chain (null: not reorged, or included again). Migration 0205. */
  reorged_at: ColumnType<Date | null, Date | null | undefined, Date | null>
  updated_at: Timestamp
}

/** Kysely types of the custody client's table (migration 0006). */
export interface CustodyTables {
  custody_transactions: CustodyTransactionsTable
}
