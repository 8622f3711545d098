import type { ColumnType } from 'kysely'

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

/** Kysely types of the investors module's table (migration 0006). */
export interface InvestorTables {
  investors: InvestorsTable
}
