import type { ColumnType, Selectable } from 'kysely'

type Timestamp = ColumnType<Date, Date, Date>

export const DEPOSIT_STATUSES = ['DETECTED', 'CONFIRMED', 'RETRACTED'] as const
export type DepositStatus = (typeof DEPOSIT_STATUSES)[number]

export interface DepositsTable {
  id: string
  chain_id: number
  vault_id: string
  /** The vault's address, checksummed. */
  address: string
  asset_id: string
  /** Checksummed token contract; null for the native coin. */
  contract_address: string | null
  tx_hash: string
  /** The Transfer log's index in its block; -1 for a native transfer. */
  log_index: number
  from_address: string
  /** Base units, decimal string. */
  amount: string
  block_number: bigint
  block_hash: string
  status: DepositStatus
  /** Sent by another custody vault (`source_vault_id`). */
  internal: boolean
  source_vault_id: string | null
  detected_at: Timestamp
  confirmed_at: Timestamp | null
  retracted_at: Timestamp | null
  updated_at: Timestamp
}

export interface DepositWatchTable {
  chain_id: number
  next_block: bigint
  locked_by: string | null
  locked_until: Timestamp | null
  updated_at: Timestamp
}

export interface DepositBlocksTable {
  chain_id: number
  number: bigint
  hash: string
}

export interface DepositsDB {
  deposits: DepositsTable
  deposit_watch: DepositWatchTable
  deposit_blocks: DepositBlocksTable
}

export type DepositRow = Selectable<DepositsTable>

/** The API (and webhook) shape of a deposit; amounts and block numbers as strings. */
export function serializeDeposit(d: DepositRow) {
  return {
    id: d.id,
    chainId: d.chain_id,
    vaultId: d.vault_id,
    address: d.address,
    assetId: d.asset_id,
    contractAddress: d.contract_address,
    txHash: d.tx_hash,
    logIndex: d.log_index,
    from: d.from_address,
    amount: d.amount,
    blockNumber: d.block_number.toString(),
    blockHash: d.block_hash,
    status: d.status,
    internal: d.internal,
    sourceVaultId: d.source_vault_id,
    detectedAt: d.detected_at.toISOString(),
    confirmedAt: d.confirmed_at?.toISOString() ?? null,
    retractedAt: d.retracted_at?.toISOString() ?? null,
    updatedAt: d.updated_at.toISOString(),
  }
}

export type DepositView = ReturnType<typeof serializeDeposit>
