import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date, Date>
/** numeric(78,0): read as a decimal string, written as one. */
type Amount = ColumnType<string, string, string>
type Json<T = unknown> = ColumnType<T, string, string>

export type BatchMintStatus = 'PROCESSING' | 'COMPLETED' | 'FAILED'

/** How the chunks of a batch were sized (see batch-mint-gas.ts), kept with the batch. */
export interface BatchMintGasModel {
  /** Gas of one batchMint call besides its holders (cold contracts, the call itself). */
  baseGas: string
  /** Gas the plan counts for every holder: a first-time holder's, measured or bounded. */
  perHolderGas: string
  /** What the probe measured: first-time holders, or existing holders scaled up to bound a first-time one. */
  probe: 'first-time' | 'existing'
  /** The largest predicted gas a chunk may reach. */
  chunkGasBudget: string
  /** Holders one chunk may take under that budget (chunks are then balanced). */
  holdersPerChunk: number
  /** The per-transaction gas cap the budget derives from. */
  txGasCap: string
}

export interface BatchMintsTable {
  id: string
  token_id: string
  idempotency_key: string
  request_hash: string
  agreement_ref: string
  status: BatchMintStatus
  status_code: string | null
  status_reason: string | null
  item_count: number
  total_quantity: Amount
  chunk_count: number
  gas_model: Json<BatchMintGasModel>
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
  completed_at: Timestamp | null
}

export interface BatchMintChunksTable {
  batch_id: string
  chunk_index: number
  /** Item indexes, inclusive. */
  first_item: number
  last_item: number
  quantity: Amount
  predicted_gas: ColumnType<bigint, bigint, bigint>
  /** `batch-mint:<batchId>:<chunkIndex>`: the custody transaction of this chunk, for ever. */
  external_tx_id: string
  /** The BATCH_MINT token operation, once the chunk is sent. */
  operation_id: string | null
}

export interface BatchMintItemsTable {
  batch_id: string
  item_index: number
  investor_id: string
  wallet_address: string
  quantity: Amount
  chunk_index: number
}

/** Kysely types of the batch-mint tables (migration 0045). */
export interface BatchMintTables {
  batch_mints: BatchMintsTable
  batch_mint_chunks: BatchMintChunksTable
  batch_mint_items: BatchMintItemsTable
}
