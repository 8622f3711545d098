import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date, Date>
/** jsonb: read as parsed JSON, written as a JSON string. */
type Json<T = unknown> = ColumnType<T, string, string>

export type TokenStatus = 'DEPLOYING' | 'ACTIVE' | 'FAILED'

export interface TokensTable {
  id: string
  name: string
  symbol: string
  decimals: number
  claim_topics: Json<string[]>
  compliance: Json<{ allowedCountries?: string[]; deniedCountries?: string[]; maxBalance?: string; supplyLimit?: string; maxHolders?: string; lockupDays?: number }>
  salt: string
  status: TokenStatus
  status_reason: string | null
  token_address: string | null
  identity_registry: string | null
  identity_registry_storage: string | null
  compliance_address: string | null
  trusted_issuers_registry: string | null
  claim_topics_registry: string | null
  modules: Json<string[]>
  deploy_tx_hash: string | null
  deploy_block: ColumnType<bigint | null, bigint | null, bigint | null>
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
}

/**
 * The kinds of token operation (migrations 0035, 0101 and 0215 list them in the database too).
 * SET_MINT_LOCKUP: the lock-up module's one-shot lock-up for the next mint to
 * `to_address`, `quantity` holding the duration in seconds.
 * MIGRATE_COMPLIANCE: the token moved onto the Custos compliance modules, one
 * custody transaction per step (`migrate-compliance.ts`, decision 0109).
 */
export type TokenOperationKind = 'MINT' | 'BATCH_MINT' | 'TRANSFER' | 'PAUSE' | 'UNPAUSE' | 'FREEZE' | 'UNFREEZE' | 'SET_MINT_LOCKUP' | 'MIGRATE_COMPLIANCE'
/** AWAITING_REINCLUSION: was COMPLETED, then custody reported its transaction gone from the chain and is sending it again (decision 0091). */
export type TokenOperationStatus = 'SUBMITTED' | 'PENDING_AUTHORIZATION' | 'COMPLETED' | 'AWAITING_REINCLUSION' | 'FAILED'

export interface TokenOperationsTable {
  id: string
  token_id: string
  kind: TokenOperationKind
  investor_id: string | null
  to_investor_id: string | null
  to_address: string | null
  quantity: string | null
  agreement_ref: string | null
  idempotency_key: string | null
  request_hash: string
  external_tx_id: string
  custody_tx_id: string | null
  custody_status: string | null
  status: TokenOperationStatus
  status_code: string | null
  status_reason: string | null
  tx_hash: string | null
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
}

/** Kysely types of the tokens module's tables (migration 0020). */
export interface TokenTables {
  tokens: TokensTable
  token_operations: TokenOperationsTable
}
