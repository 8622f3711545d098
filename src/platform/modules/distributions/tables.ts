import type { ColumnType, Selectable } from 'kysely'

type Timestamp = ColumnType<Date, Date, Date>
type Json<T = unknown> = ColumnType<T, string, string>
type Numeric = ColumnType<string, string, string>

export const DISTRIBUTION_KINDS = ['DIVIDEND', 'COUPON', 'CAPITAL_RETURN', 'STOCK_DIVIDEND'] as const
export type DistributionKind = (typeof DISTRIBUTION_KINDS)[number]
export const DISTRIBUTION_STATUSES = ['DECLARED', 'SNAPSHOTTED', 'APPROVED', 'PAYING', 'CLAIMABLE', 'DISBURSED', 'CLOSED', 'FAILED'] as const
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
  /** CLAIM: the platform claims for the custodial holders when the round opens (default true). */
  auto_claim: ColumnType<boolean, boolean | undefined, boolean>
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
  /** CLAIM: the round's id on MerkleDistributor, its root and what was put in it. */
  claim_round_id: string | null
  claim_root: string | null
  claim_total: Numeric | null
  claimed_total: Numeric | null
  /** CLAIM: what the issuer took back after the deadline, and the transaction. */
  reclaimed_total: Numeric | null
  reclaim_tx_hash: string | null
  /** CLAIM: the withholding of the holders claimed (and escrowed), sent to the tax vault after the reclaim. */
  tax_remitted: Numeric | null
  tax_tx_hash: string | null
  claims_opened_at: Timestamp | null
  closed_at: Timestamp | null
  /** STOCK_DIVIDEND: the batch mint that issued the new tokens. */
  batch_mint_id: string | null
}

export type EntitlementStatus = 'PENDING' | 'PAID' | 'ESCROWED' | 'EXCLUDED' | 'FAILED' | 'CLAIMED' | 'UNCLAIMED'

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

export type ClaimStatus = 'OPEN' | 'REQUESTED' | 'CLAIMED' | 'FAILED' | 'UNCLAIMED'

/** One leaf of a CLAIM round: a holder's net, or the escrow vault's sum. */
export interface DistributionClaimsTable {
  distribution_id: string
  claim_index: number
  kind: 'HOLDER' | 'ESCROW'
  account: string
  amount: Numeric
  /** The holders whose entitlements the leaf settles. */
  holders: Json<string[]>
  investor_id: string | null
  proof: Json<string[]>
  status: ClaimStatus
  status_reason: string | null
  external_tx_id: string
  custody_tx_id: string | null
  tx_hash: string | null
  requested_by: string | null
  requested_at: Timestamp | null
  claimed_at: Timestamp | null
  /** Custody attempts of the claim so far (a failed one is retried under a new custody id). */
  attempts: ColumnType<number, number | undefined, number>
}

/** A request to claim, by its idempotency key (many requests may name the same leaf). */
export interface DistributionClaimRequestsTable {
  idempotency_key: string
  request_hash: string
  distribution_id: string
  investor_id: string
  claim_index: number
  requested_by: string
  requested_at: Timestamp
}

export type DistributionRow = Selectable<DistributionsTable>
export type ClaimRow = Selectable<DistributionClaimsTable>
export type EntitlementRow = Selectable<DistributionEntitlementsTable>
export type ChunkRow = Selectable<DistributionChunksTable>

/** Kysely types of the distributions module's tables (migrations 0120, 0160). */
export interface DistributionTables {
  distributions: DistributionsTable
  distribution_entitlements: DistributionEntitlementsTable
  distribution_chunks: DistributionChunksTable
  distribution_claims: DistributionClaimsTable
  distribution_claim_requests: DistributionClaimRequestsTable
  withholding_rates: WithholdingRatesTable
}
