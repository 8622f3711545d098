import type { ColumnType } from 'kysely'
import type { AuditTables } from '../../audit/log/schema.ts'
import type { AuditExportTables } from '../../audit/http/export-requests-migration.ts'
import type { WebhooksDB } from '../../shared/webhooks/schema.ts'
import type { ApiKeysTable } from '../../shared/auth/api-key-store.ts'
import type { ApiRequestNoncesTable } from '../../shared/auth/replay-cache.ts'
import type { IndexerTables } from '../indexer/tables.ts'
import type { OfferingTables } from '../offerings/tables.ts'
import type { BatchMintTables } from '../issuance/tables.ts'
import type { ConsoleTables } from '../../shared/console/console-migration.ts'

type Timestamp = ColumnType<Date, Date, Date>
/** jsonb: read as parsed JSON, written as a JSON string. */
type Json<T = unknown> = ColumnType<T, string, string>
type NullableJson<T = unknown> = ColumnType<T | null, string | null, string | null>

export const INVESTOR_STATUSES = ['PENDING_KYC', 'IN_REVIEW', 'APPROVED', 'ACTIVE', 'REJECTED', 'SUSPENDED', 'EXPIRED'] as const
export type InvestorStatus = (typeof INVESTOR_STATUSES)[number]

export interface InvestorsTable {
  id: string
  name: string
  email: string
  country: string
  type: 'individual' | 'entity'
  accreditation: NullableJson<{ method: string; evidenceRef: string; expiresAt: string }>
  external_ref: string | null
  wallet_addresses: Json<string[]>
  request_hash: string
  status: InvestorStatus
  status_code: string | null
  status_reason: string | null
  vault_id: string | null
  wallet_address: string | null
  identity_address: string | null
  kyc_provider: string | null
  kyc_provider_ref: string | null
  kyc_outcome: string | null
  kyc_result: NullableJson
  kyc_checked_at: Timestamp | null
  kyc_decision: string | null
  kyc_decided_by: string | null
  kyc_decided_at: Timestamp | null
  kyc_decision_reason: string | null
  kyc_approved_at: Timestamp | null
  kyc_expires_at: Timestamp | null
  accreditation_expires_at: Timestamp | null
  last_screened_at: Timestamp | null
  claim_seq: number
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
}

export interface KycScreeningsTable {
  id: string
  investor_id: string
  purpose: string
  provider: string
  provider_ref: string
  outcome: string
  result: Json
  created_at: Timestamp
}

export interface KycDecisionsTable {
  id: string
  investor_id: string
  decision: 'APPROVE' | 'REJECT'
  reason: string
  from_status: string
  decided_by: string
  decided_at: Timestamp
}

export type ClaimStatus = 'PENDING' | 'SIGNED' | 'ACTIVE' | 'REVOKED' | 'SUPERSEDED'

export interface KycClaimsTable {
  investor_id: string
  seq: number
  topic: string
  issuer: string
  data: string
  payload: Json
  signature: string | null
  expires_at: Timestamp
  status: ClaimStatus
  revoke_reason: string | null
  created_at: Timestamp
  updated_at: Timestamp
}

/** Every kind of durable workflow the platform runs (migration 0035 lists them in the database too). */
export type WorkflowKind =
  | 'SCREEN'
  | 'ONBOARD'
  | 'REVOKE_CLAIM'
  | 'TOKEN_DEPLOY'
  | 'TOKEN_OPERATION'
  | 'BATCH_MINT'
  | 'OFFERING_CLOSE'
  | 'SUBSCRIPTION_PAYMENT'
  | 'SUBSCRIPTION_REFUND'
  | 'INVESTOR_FREEZE'
export type WorkflowStatus = 'ACTIVE' | 'DONE' | 'FAILED' | 'CANCELLED'

export interface WorkflowsTable {
  id: string
  investor_id: string
  kind: WorkflowKind
  step: string
  status: WorkflowStatus
  state: Json<Record<string, unknown>>
  attempts: number
  last_error: string | null
  last_error_code: string | null
  waiting_on: string | null
  next_run_at: Timestamp
  locked_until: Timestamp | null
  locked_by: string | null
  correlation_id: string | null
  created_at: Timestamp
  updated_at: Timestamp
  completed_at: Timestamp | null
}

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

export interface InboundEventsTable {
  id: string
  source: string
  event_id: string
  type: string
  resource_type: string | null
  resource_id: string | null
  sequence: ColumnType<bigint | null, bigint | number | null, bigint | number | null>
  payload: Json
  received_at: Timestamp
  processed_at: Timestamp | null
  attempts: number
  last_error: string | null
  next_attempt_at: Timestamp
}

export type TokenStatus = 'DEPLOYING' | 'ACTIVE' | 'FAILED'

export interface TokensTable {
  id: string
  name: string
  symbol: string
  decimals: number
  claim_topics: Json<string[]>
  compliance: Json<{ allowedCountries?: string[]; maxBalance?: string; supplyLimit?: string }>
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

export type TokenOperationKind = 'MINT' | 'BATCH_MINT' | 'TRANSFER' | 'PAUSE' | 'UNPAUSE' | 'FREEZE' | 'UNFREEZE'
export type TokenOperationStatus = 'SUBMITTED' | 'PENDING_AUTHORIZATION' | 'COMPLETED' | 'FAILED'

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

/** Kysely table types of the platform schema. */
export interface PlatformDB extends AuditTables, AuditExportTables, WebhooksDB, IndexerTables, OfferingTables, BatchMintTables, ConsoleTables {
  service_meta: { key: string; value: string; updated_at: Date }
  api_keys: ApiKeysTable
  api_request_nonces: ApiRequestNoncesTable
  investors: InvestorsTable
  kyc_screenings: KycScreeningsTable
  kyc_decisions: KycDecisionsTable
  kyc_claims: KycClaimsTable
  workflows: WorkflowsTable
  platform_workers: { id: string; started_at: Timestamp; heartbeat_at: Timestamp }
  custody_transactions: CustodyTransactionsTable
  inbound_events: InboundEventsTable
  tokens: TokensTable
  token_operations: TokenOperationsTable
}
