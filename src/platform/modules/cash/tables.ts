import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date, Date>
type Numeric = ColumnType<string, string, string>
/** jsonb: read as parsed JSON, written as a JSON string. */
type Json<T = unknown> = ColumnType<T, string, string>

export const CASH_ENTRY_KINDS = ['DEPOSIT', 'RETRACTION', 'SUBSCRIPTION_PAYMENT', 'WITHDRAWAL'] as const
export type CashEntryKind = (typeof CASH_ENTRY_KINDS)[number]
/** SETTLED moves money for good; RESERVED sets it aside for a movement under way; RELEASED gives a reservation back. */
export const CASH_ENTRY_PHASES = ['SETTLED', 'RESERVED', 'RELEASED'] as const
export type CashEntryPhase = (typeof CASH_ENTRY_PHASES)[number]

/**
 * The cash ledger: append-only, one row per movement of an investor's cash in one asset.
 * `available` = Σ available_delta, `reserved` = Σ reserved_delta (money set aside for a
 * payment or withdrawal under way). `reference` is unique: the same fact is never entered twice.
 */
export interface CashEntriesTable {
  seq: Generated<string>
  id: string
  investor_id: string
  /** The ERC-20 contract (checksummed). */
  asset: string
  kind: CashEntryKind
  phase: CashEntryPhase
  available_delta: Numeric
  reserved_delta: Numeric
  reference: string
  /** What it is about: `deposit`, `subscription` or `withdrawal`, and its id. */
  subject_type: string
  subject_id: string
  details: Json<Record<string, unknown>>
  created_at: Timestamp
}

/** One row per investor: locked (`for update`) while a reservation is decided, so two cannot spend the same cash. */
export interface CashAccountsTable {
  investor_id: string
  created_at: Timestamp
}

export const WITHDRAWAL_ADDRESS_STATUSES = ['PENDING', 'WHITELISTED', 'REJECTED', 'REMOVED'] as const
export type WithdrawalAddressStatus = (typeof WITHDRAWAL_ADDRESS_STATUSES)[number]

/** An external address an investor registered for withdrawals, with its travel-rule data and where it stands on custody's whitelist. */
export interface WithdrawalAddressesTable {
  id: string
  investor_id: string
  /** Checksummed. */
  address: string
  label: string
  beneficiary_name: string
  institution_name: string | null
  institution_country: string | null
  status: WithdrawalAddressStatus
  status_reason: string | null
  /** Custody's change request that asks for the address to be whitelisted (null until custody has been asked). */
  change_request_id: string | null
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
  whitelisted_at: Timestamp | null
}

export const WITHDRAWAL_STATUSES = ['PROCESSING', 'COMPLETED', 'FAILED'] as const
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number]

/** A withdrawal of stablecoin from the investor's vault to one of its whitelisted addresses. */
export interface WithdrawalsTable {
  id: string
  investor_id: string
  asset: string
  amount: Numeric
  withdrawal_address_id: string
  to_address: string
  idempotency_key: string
  request_hash: string
  status: WithdrawalStatus
  status_code: string | null
  status_reason: string | null
  source_vault_id: string
  external_tx_id: string
  custody_tx_id: string | null
  tx_hash: string | null
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
  completed_at: Timestamp | null
}

/** Kysely types of the cash module (migration 0150). */
export interface CashTables {
  cash_entries: CashEntriesTable
  cash_accounts: CashAccountsTable
  withdrawal_addresses: WithdrawalAddressesTable
  withdrawals: WithdrawalsTable
}
