import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date, Date>
type Int8 = ColumnType<bigint, bigint | number, bigint | number>
type NullableInt8 = ColumnType<bigint | null, bigint | number | null, bigint | number | null>
/** numeric(78,0): read as a decimal string, written as bigint or string. */
type Amount = ColumnType<string | null, bigint | string | null, bigint | string | null>

/** The one row (id 1) holding the indexer's head: the last block it indexed for every source. */
export interface IndexerStateTable {
  id: number
  head_number: NullableInt8
  head_hash: string | null
  updated_at: Timestamp
}

export type IndexerSourceKind = 'TOKEN' | 'IDENTITY_REGISTRY'

/** A contract whose logs the indexer follows, and how far it has read them. */
export interface IndexerSourcesTable {
  /** Lower-case address. */
  address: string
  kind: IndexerSourceKind
  token_id: string | null
  start_block: Int8
  /** Every log of this source up to and including this block is indexed (start_block − 1: none yet). */
  synced_to: Int8
  created_at: Timestamp
}

/** A block the indexer processed: the end of each range it read, and every block holding an indexed event. */
export interface IndexerBlocksTable {
  number: Int8
  hash: string
  parent_hash: string
  /** Unix seconds of the block. */
  timestamp: Int8
  indexed_at: Timestamp
}

export type IndexedEventKind = 'TRANSFER' | 'ADDRESS_FROZEN' | 'TOKENS_FROZEN' | 'TOKENS_UNFROZEN' | 'IDENTITY_REGISTERED' | 'IDENTITY_REMOVED'

/** One decoded log. Addresses are lower-case; `account` is the holder (freezes) or the wallet (identity events). */
export interface IndexerEventsTable {
  block_number: Int8
  log_index: number
  block_hash: string
  tx_hash: string
  address: string
  token_id: string | null
  kind: IndexedEventKind
  from_address: string | null
  to_address: string | null
  account: string | null
  amount: Amount
  frozen: boolean | null
  identity: string | null
}

/** Kysely types of the indexer's and cap table's tables (migration 0040). */
export interface IndexerTables {
  indexer_state: IndexerStateTable
  indexer_sources: IndexerSourcesTable
  indexer_blocks: IndexerBlocksTable
  indexer_events: IndexerEventsTable
}
