import type { ColumnType, Selectable } from 'kysely'

type Timestamp = ColumnType<Date, Date, Date>
type Json<T = unknown> = ColumnType<T, string, string>
type Numeric = ColumnType<string, string, string>

export const DISTRIBUTION_KINDS = ['DIVIDEND', 'COUPON', 'CAPITAL_RETURN', 'STOCK_DIVIDEND'] as const
export type DistributionKind = (typeof DISTRIBUTION_KINDS)[number]
export const DISTRIBUTION_STATUSES = ['DECLARED', 'SNAPSHOTTED', 'APPROVED', 'PAYING', 'DISBURSED', 'FAILED'] as const
export type DistributionStatus = (typeof DISTRIBUTION_STATUSES)[number]
export const HOLDER_TREATMENTS = ['PAY', 'ESCROW', 'EXCLUDE'] as const
export type HolderTreatment = (typeof HOLDER_TREATMENTS)[number]

/** What happens to the entitlement of a holder who is frozen, suspended or KYC-expired at the snapshot. */
export interface HoldersPolicy {
  frozen: HolderTreatment
  suspended: HolderTreatment
  kycExpired: HolderTreatment
}

export interface Approval {
  keyId: string
  role: string
  as: 'issuer' | 'compliance'
  at: string
}

export interface DistributionsTable {
  id: string
  token_id: string
  kind: DistributionKind
  asset: string
  asset_decimals: number
  token_decimals: number
  amount_per_token: Numeric | null
  total_amount: Numeric | null
  record_date: Timestamp | null
  record_block: Numeric | null
  payment_date: Timestamp
  holders_policy: Json<HoldersPolicy>
  mode: 'PUSH' | 'CLAIM'
  claim_deadline: Timestamp | null
  status: DistributionStatus
  status_code: string | null
  status_reason: string | null
  treasury_vault_id: string
  treasury_address: string
  tax_vault_address: string
  escrow_vault_address: string
  gross_total: Numeric | null
  withheld_total: Numeric | null
  net_total: Numeric | null
  escrowed_total: Numeric | null
  excluded_total: Numeric | null
  remainder: Numeric | null
  approvals: Json<Approval[]>
  idempotency_key: string
  request_hash: string
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
  snapshot_at: Timestamp | null
  approved_at: Timestamp | null
  disbursed_at: Timestamp | null
}

export type EntitlementStatus = 'PENDING' | 'PAID' | 'ESCROWED' | 'EXCLUDED' | 'FAILED'

export interface DistributionEntitlementsTable {
  distribution_id: string
  holder: string
  investor_id: string | null
  country: string | null
  balance: Numeric
  gross: Numeric
  rate_bps: number
  rate_source: string
  withheld: Numeric
  net: Numeric
  treatment: HolderTreatment
  treatment_reason: string | null
  status: EntitlementStatus
  status_reason: string | null
  chunk_index: number | null
  tx_hash: string | null
  paid_at: Timestamp | null
}

/** One transfer of a chunk: to a holder, to the tax vault (all withholding) or to the escrow vault. */
export interface ChunkItem {
  to: string
  amount: string
  kind: 'HOLDER' | 'TAX' | 'ESCROW'
  /** The holder whose entitlement this pays (HOLDER), or whose are escrowed (ESCROW). */
  holders: string[]
}

export interface DistributionChunksTable {
  distribution_id: string
  chunk_index: number
  purpose: 'HOLDERS' | 'FAILED_TO_ESCROW'
  external_tx_id: string
  chunk_id: string
  items: Json<ChunkItem[]>
  total: Numeric
  status: 'PENDING' | 'SENT' | 'COMPLETED' | 'FAILED'
  custody_tx_id: string | null
  tx_hash: string | null
  paid_total: Numeric | null
  failed: Json<{ to: string; amount: string }[]> | null
  reconciled_at: Timestamp | null
}

export interface WithholdingRatesTable {
  scope: 'DEFAULT' | 'COUNTRY' | 'INVESTOR'
  subject: string
  rate_bps: number
  expires_at: Timestamp | null
  reason: string | null
  updated_by: string
  updated_at: Timestamp
}

export type DistributionRow = Selectable<DistributionsTable>
export type EntitlementRow = Selectable<DistributionEntitlementsTable>
export type ChunkRow = Selectable<DistributionChunksTable>

/** Kysely types of the distributions module's tables (migration 0120). */
export interface DistributionTables {
  distributions: DistributionsTable
  distribution_entitlements: DistributionEntitlementsTable
  distribution_chunks: DistributionChunksTable
  withholding_rates: WithholdingRatesTable
}
