import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date, Date>
/** numeric(78,0): read as a decimal string, written as one. */
type Amount = ColumnType<string, string, string>
type Json<T = unknown> = ColumnType<T, string, string>
/** A counter with a database default. */
type Counter = ColumnType<number, number | undefined, number>

export const OFFERING_STATUSES = ['OPEN', 'CLOSING', 'CLOSED', 'REFUNDING', 'REFUNDED', 'CANCELLED'] as const
export type OfferingStatus = (typeof OFFERING_STATUSES)[number]

/** How an offering ends: CLOSE (allocate and mint, or refund below the soft cap) or CANCEL (refund everything). */
export type OfferingCloseKind = 'CLOSE' | 'CANCEL'

export const PAYMENT_METHODS = ['stablecoin', 'fiat'] as const
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]

export interface OfferingsTable {
  id: string
  token_id: string
  price_per_token: Amount
  min_investment: Amount
  max_investment: Amount
  hard_cap: Amount
  soft_cap: ColumnType<string | null, string | null, string | null>
  opens_at: Timestamp
  closes_at: Timestamp
  eligible_countries: Json<string[]>
  accreditation_required: boolean
  lockup_days: number | null
  payment_methods: Json<PaymentMethod[]>
  /** The stablecoin (ERC-20) payments settle in; fixed at creation. */
  settlement_asset: string
  /** The security token's decimals, fixed at creation (allocations are computed with them). */
  token_decimals: number
  treasury_vault_id: string
  treasury_address: string
  status: OfferingStatus
  status_reason: string | null
  close_kind: OfferingCloseKind | null
  close_requested_by: string | null
  close_requested_at: Timestamp | null
  allocated_at: Timestamp | null
  closed_at: Timestamp | null
  /** The creator's key: a repeat of the same request returns this offering (migration 0055). */
  idempotency_key: ColumnType<string | null, string | null | undefined, never>
  request_hash: ColumnType<string | null, string | null | undefined, never>
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
}

export const SUBSCRIPTION_STATUSES = ['PENDING_PAYMENT', 'PAYMENT_PROCESSING', 'PAID', 'ALLOCATED', 'ISSUED', 'CANCELLED', 'REFUNDING', 'REFUNDED', 'REFUND_DUE'] as const
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number]

/** Subscriptions that count against the caps: committed, paid, or turned into tokens. */
export const LIVE_SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = ['PENDING_PAYMENT', 'PAYMENT_PROCESSING', 'PAID', 'ALLOCATED', 'ISSUED']
/** Subscriptions whose money the issuer holds. */
export const FUNDED_SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = ['PAID', 'ALLOCATED', 'ISSUED', 'REFUNDING', 'REFUND_DUE']

export interface OfferingSubscriptionsTable {
  id: string
  offering_id: string
  investor_id: string
  /** The investment, in the settlement stablecoin's base units. */
  amount: Amount
  /** Token base units the amount buys: amount × 10^decimals / pricePerToken (exact). */
  allocation: Amount
  idempotency_key: string
  request_hash: string
  status: SubscriptionStatus
  status_code: string | null
  status_reason: string | null
  payment_method: PaymentMethod | null
  payment_attempt: Counter
  payment_external_tx_id: string | null
  payment_custody_tx_id: string | null
  payment_tx_hash: string | null
  payer_address: string | null
  fiat_reference: string | null
  paid_at: Timestamp | null
  refund_attempt: Counter
  refund_external_tx_id: string | null
  refund_custody_tx_id: string | null
  refund_tx_hash: string | null
  refund_reference: string | null
  refunded_at: Timestamp | null
  mint_attempt: Counter
  mint_operation_id: string | null
  issued_at: Timestamp | null
  created_by: string
  created_at: Timestamp
  updated_at: Timestamp
}

/** Kysely types of the offerings' tables (migration 0050). */
export interface OfferingTables {
  offerings: OfferingsTable
  offering_subscriptions: OfferingSubscriptionsTable
}
