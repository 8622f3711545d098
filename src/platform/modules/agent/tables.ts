import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date, Date>
type NullableTimestamp = ColumnType<Date | null, Date | null, Date | null>
/** jsonb: read as parsed JSON, written as a JSON string. */
type Json<T = unknown> = ColumnType<T, string, string>
type NullableJson<T = unknown> = ColumnType<T | null, string | null, string | null>

/** What an agent may do to a holder of a token (T-REX agent methods). */
export const AGENT_ACTION_KINDS = ['FREEZE', 'UNFREEZE', 'PARTIAL_FREEZE', 'PARTIAL_UNFREEZE', 'FORCED_TRANSFER', 'BURN'] as const
export type AgentActionKind = (typeof AGENT_ACTION_KINDS)[number]
/** PENDING: recorded, custody not asked yet; SUBMITTED: custody has it (possibly awaiting approval). */
export type AgentActionStatus = 'PENDING' | 'SUBMITTED' | 'COMPLETED' | 'FAILED'

/** A holder's state on one token, as read from the chain (amounts as decimal strings). */
export interface HolderState {
  address: string
  balance: string
  frozenTokens: string
  addressFrozen: boolean
  /** Lock-up lots still locked (CustosLockupModule), when the token binds it. */
  lockedTokens?: string
}

export interface AgentActionsTable {
  id: string
  token_id: string
  kind: AgentActionKind
  investor_id: string | null
  address: string
  to_investor_id: string | null
  to_address: string | null
  amount: string | null
  reason: string
  recovery_id: string | null
  idempotency_key: string
  request_hash: string
  external_tx_id: string
  custody_tx_id: string | null
  custody_status: string | null
  status: AgentActionStatus
  status_code: string | null
  status_reason: string | null
  tx_hash: string | null
  before_state: Json<{ holder: HolderState; receiver?: HolderState }>
  after_state: NullableJson<{ holder: HolderState; receiver?: HolderState }>
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
  completed_at: NullableTimestamp
}

export type WalletRecoveryStatus = 'PENDING' | 'COMPLETED' | 'FAILED'

/** What the recovery found on the lost wallet, per token, before moving anything. */
export interface RecoveredHolding {
  tokenId: string
  balance: string
  frozenTokens: string
  lockedTokens: string
}

export interface WalletRecoveriesTable {
  id: string
  investor_id: string
  reason: string
  old_vault_id: string | null
  old_wallet: string
  identity_address: string
  new_vault_id: string | null
  new_wallet: string | null
  status: WalletRecoveryStatus
  status_code: string | null
  status_reason: string | null
  holdings: NullableJson<RecoveredHolding[]>
  idempotency_key: string
  request_hash: string
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
  completed_at: NullableTimestamp
}

/** One lock-up lot (CustosLockupModule merges lots of one wallet with one release time). */
export interface LockupLotsTable {
  token_id: string
  wallet: string
  release_at: Timestamp
  /** What is still locked in the lot, as last read from the chain. */
  amount: string
  first_seen_block: ColumnType<bigint, bigint, bigint>
  released_notified_at: NullableTimestamp
  created_at: Timestamp
  updated_at: Timestamp
}

export interface LockupScanTable {
  id: string
  last_block: ColumnType<bigint, bigint, bigint>
  updated_at: Timestamp
}

/** Kysely types of the agent module's tables (migration 0140). */
export interface AgentTables {
  agent_actions: AgentActionsTable
  wallet_recoveries: WalletRecoveriesTable
  lockup_lots: LockupLotsTable
  lockup_scan: LockupScanTable
}
