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
  updated_at: Timestamp
}

/** Kysely types of the custody client's table (migration 0006). */
export interface CustodyTables {
  custody_transactions: CustodyTransactionsTable
}
