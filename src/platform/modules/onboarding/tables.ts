import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date, Date>
/** jsonb: read as parsed JSON, written as a JSON string. */
type Json<T = unknown> = ColumnType<T, string, string>

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

/** Kysely types of onboarding's tables: screenings, decisions and the KYC claims issued (migration 0006). */
export interface OnboardingTables {
  kyc_screenings: KycScreeningsTable
  kyc_decisions: KycDecisionsTable
  kyc_claims: KycClaimsTable
}
