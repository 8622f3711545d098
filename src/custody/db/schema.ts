import type { SecurityEventTables } from '../../shared/security-events/migration.ts'
import type { ColumnType } from 'kysely'
import type { AuditTables } from '../../audit/log/schema.ts'
import type { AuditExportTables } from '../../audit/http/export-requests-migration.ts'
import type { WebhooksDB } from '../../shared/webhooks/schema.ts'
import type { AssetsDB } from '../assets/schema.ts'
import type { FireblocksDB } from '../fireblocks/schema.ts'
import type { HoldsDB } from '../holds/schema.ts'
import type { DepositsDB } from '../deposits/schema.ts'
import type { TreasuryDB } from '../treasury/schema.ts'
import type { ConsoleTables } from '../../shared/console/console-migration.ts'

type Timestamp = ColumnType<Date, Date, Date>
type Json = ColumnType<unknown, string, string>

export const TX_STATUSES = [
  'SUBMITTED',
  'PENDING_AUTHORIZATION',
  'QUEUED',
  'PENDING_SIGNATURE',
  'BROADCASTING',
  'CONFIRMING',
  'COMPLETED',
  'BLOCKED',
  'REJECTED',
  'CANCELLED',
  'FAILED',
] as const
export type TxStatus = (typeof TX_STATUSES)[number]
export const FINAL_STATUSES: readonly TxStatus[] = ['COMPLETED', 'BLOCKED', 'REJECTED', 'CANCELLED', 'FAILED']
/** Statuses the pipeline advances on its own. */
export const ACTIVE_STATUSES: readonly TxStatus[] = ['SUBMITTED', 'QUEUED', 'PENDING_SIGNATURE', 'BROADCASTING', 'CONFIRMING']

export type VaultTier = 'hot' | 'warm' | 'cold'

export interface VaultsTable {
  id: string
  name: string
  tier: VaultTier
  purpose: string | null
  external_ref: string | null
  address: string
  key_backend: string
  key_ref: string
  created_by: string
  created_at: Timestamp
}

export interface NoncesTable {
  chain_id: number
  address: string
  next_nonce: bigint
}

export interface TransactionsTable {
  id: string
  client_id: string
  external_tx_id: string
  request_hash: string
  kind: 'USER' | 'GAS_TOPUP'
  parent_id: string | null
  created_by: string
  /** Whom INITIATOR velocity counts this spend for: the key's principal, or the principal a service key acted for. */
  acting_principal?: string | null
  source_vault_id: string
  from_address: string
  chain_id: number
  to_address: string
  data: string
  value: string
  intent: Json | null
  note: string | null
  operation: string
  asset: string | null
  amount: string | null
  destination: string | null
  method_selector: string | null
  status: TxStatus
  sub_status: string | null
  status_reason: string | null
  policy: Json | null
  nonce: bigint | null
  gas_limit: string | null
  max_fee_per_gas: string | null
  max_priority_fee_per_gas: string | null
  tx_hash: string | null
  block_number: bigint | null
  block_hash: string | null
  gas_used: string | null
  correlation_id: string | null
  next_action_at: Timestamp
  locked_until: Timestamp | null
  locked_by: string | null
  created_at: Timestamp
  updated_at: Timestamp
  signed_at: Timestamp | null
  broadcast_at: Timestamp | null
  completed_at: Timestamp | null
  stuck_alerted_at: Timestamp | null
}

export interface TxBroadcastsTable {
  id: ColumnType<bigint, never, never>
  transaction_id: string
  nonce: bigint
  tx_hash: string
  raw: string
  max_fee_per_gas: string
  max_priority_fee_per_gas: string
  created_at: Timestamp
}

export interface PolicyVersionsTable {
  version: number
  label: string | null
  document: Json
  source_text: string
  source_format: 'yaml' | 'json'
  status: 'DRAFT' | 'ACTIVE' | 'SUPERSEDED' | 'REJECTED' | 'EXPIRED'
  comment: string | null
  created_by: string
  created_at: Timestamp
  activated_at: Timestamp | null
  superseded_at: Timestamp | null
}

export interface WhitelistEntriesTable {
  /** Lower-case. */
  address: string
  label: string
  status: 'ACTIVE' | 'REMOVED'
  added_at: Timestamp
  added_by_request: string
  removed_at: Timestamp | null
  removed_by_request: string | null
}

/** While the gas station cannot pay a waiting transaction's gas: one OPEN row per (chain, station). Migration 0190. */
export interface GasStationAlertsTable {
  id: string
  chain_id: number
  vault_id: string
  address: string
  status: 'OPEN' | 'RESOLVED'
  /** Wei, as decimal strings: the station's balance when raised, and the most a waiting transaction needed from it. */
  balance: string
  needed: string
  raised_at: Timestamp
  resolved_at: Timestamp | null
}

export interface SigningHaltsTable {
  id: string
  chain_id: number
  address: string
  status: 'HALTED' | 'RESUMED'
  chain_nonce: bigint
  ledger_nonce: bigint
  reason: string
  halted_at: Timestamp
  resumed_at: Timestamp | null
  resumed_by_request: string | null
}

export type ChangeRequestKind = 'POLICY_ACTIVATE' | 'WHITELIST_ADD' | 'WHITELIST_REMOVE' | 'SIGNING_RESUME' | 'PRINCIPAL_CREATE' | 'PRINCIPAL_GRANT'
export type ChangeRequestStatus = 'PENDING' | 'APPLIED' | 'REJECTED' | 'EXPIRED' | 'SUPERSEDED'

export interface ChangeRequestsTable {
  id: string
  kind: ChangeRequestKind
  target: string
  payload: Json
  status: ChangeRequestStatus
  quorum: number
  requested_by: string
  requested_at: Timestamp
  expires_at: Timestamp
  resolved_at: Timestamp | null
  resolution: string | null
}

export interface VotesColumns {
  key_id: string
  decision: 'APPROVE' | 'REJECT'
  comment: string | null
  created_at: Timestamp
}

export type TxAuthorizationStatus = 'ALLOWED' | 'BLOCKED' | 'PENDING' | 'APPROVED' | 'REJECTED' | 'EXPIRED'

export interface TxAuthorizationsTable {
  transaction_id: string
  policy_version: number | null
  rule_id: string | null
  action: 'ALLOW' | 'BLOCK' | 'REQUIRE_APPROVAL'
  reason: string
  approval_group: string | null
  quorum: number | null
  require_token_checks: boolean
  offline_signing: boolean
  tier_override: string | null
  status: TxAuthorizationStatus
  decided_at: Timestamp
  expires_at: Timestamp | null
  authorized_at: Timestamp | null
  compliance_checked_at: Timestamp | null
  resolved_at: Timestamp | null
}

export interface TxApprovalPasskeysTable {
  transaction_id: string
  key_id: string
  decision: 'APPROVE' | 'REJECT'
  statement: Json
  view: Json
  view_digest: string
  credential_id: string
  public_key: string
  client_data_json: string
  authenticator_data: string
  signature: string
  session_id: string | null
  created_at: Timestamp
}

/** Kysely table types of the custody schema. */
export interface CustodyDB extends AuditTables, AuditExportTables, WebhooksDB, AssetsDB, FireblocksDB, HoldsDB, DepositsDB, TreasuryDB, ConsoleTables, SecurityEventTables {
  service_meta: { key: string; value: string; updated_at: Date }
  vaults: VaultsTable
  nonces: NoncesTable
  transactions: TransactionsTable
  tx_broadcasts: TxBroadcastsTable
  signing_halts: SigningHaltsTable
  gas_station_alerts: GasStationAlertsTable
  pipeline_workers: { id: string; started_at: Timestamp; heartbeat_at: Timestamp }
  policy_versions: PolicyVersionsTable
  whitelist_entries: WhitelistEntriesTable
  change_requests: ChangeRequestsTable
  change_request_votes: VotesColumns & { request_id: string }
  governance_state: { id: number; revision: bigint }
  tx_authorizations: TxAuthorizationsTable
  tx_approvals: VotesColumns & { transaction_id: string }
  tx_approval_passkeys: TxApprovalPasskeysTable
}
