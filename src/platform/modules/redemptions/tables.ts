import type { ColumnType, Selectable } from 'kysely'

type Timestamp = ColumnType<Date, Date, Date>
type Numeric = ColumnType<string, string, string>

export const OFFER_KINDS = ['TENDER', 'REDEMPTION'] as const
export type OfferKind = (typeof OFFER_KINDS)[number]
export const SETTLEMENT_MODES = ['TREASURY', 'BURN'] as const
export type SettlementMode = (typeof SETTLEMENT_MODES)[number]
export const OFFER_STATUSES = ['OPEN', 'ALLOCATED', 'SETTLING', 'SETTLED', 'FAILED'] as const
export type OfferStatus = (typeof OFFER_STATUSES)[number]
export type RequestStatus = 'PENDING' | 'ALLOCATED' | 'NOT_ALLOCATED' | 'SETTLED' | 'FAILED'

/** An issuer's tender offer (buyback) or redemption window. */
export interface RedemptionOffersTable {
  id: string
  token_id: string
  kind: OfferKind
  /** FIXED: the issuer's price; NAV: the net asset value per token the issuer set for this window. */
  pricing: 'FIXED' | 'NAV'
  asset: string
  asset_decimals: number
  token_decimals: number
  /** Asset base units paid per whole token (10^token_decimals base units). */
  price_per_token: Numeric
  /** Most token base units bought back (null: every request of a redemption window). */
  max_quantity: Numeric | null
  opens_at: Timestamp
  closes_at: Timestamp
  settlement: SettlementMode
  payer_vault_id: string
  payer_address: string
  /** Where TREASURY settlement sends the tokens (null: burned). */
  tokens_to: string | null
  status: OfferStatus
  status_code: string | null
  status_reason: string | null
  tendered_total: Numeric | null
  allocated_total: Numeric | null
  idempotency_key: string
  request_hash: string
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
  settled_at: Timestamp | null
}

/** An investor's tender into an offer, or its redemption request in a window. */
export interface RedemptionRequestsTable {
  id: string
  offer_id: string
  investor_id: string
  wallet: string
  quantity: Numeric
  allocated: Numeric | null
  amount: Numeric | null
  status: RequestStatus
  status_code: string | null
  status_reason: string | null
  external_tx_id: string
  trade_id: string
  custody_tx_id: string | null
  tx_hash: string | null
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
  settled_at: Timestamp | null
}

export type OfferRow = Selectable<RedemptionOffersTable>
export type RequestRow = Selectable<RedemptionRequestsTable>

/** Kysely types of the redemptions module's tables (migration 0130). */
export interface RedemptionTables {
  redemption_offers: RedemptionOffersTable
  redemption_requests: RedemptionRequestsTable
}
