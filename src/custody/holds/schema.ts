import type { ColumnType, Selectable } from 'kysely'

export interface AddressHoldsTable {
  id: string
  chain_id: number
  /** Checksummed. */
  address: string
  /** Checksummed token contract, or null: the hold covers every token. */
  token: string | null
  /**
   * The rule the hold stands for, so custody names it as the platform does: ON_HOLD
   * (suspended, sanctioned, an operator's hold) → COMPLIANCE_HELD, KYC_EXPIRED →
   * COMPLIANCE_KYC_EXPIRED, ACCREDITATION_EXPIRED → COMPLIANCE_ACCREDITATION_EXPIRED.
   */
  rule: HoldRule
  reason: string
  /** The caller's own reference (e.g. the platform's investor id). */
  reference: string | null
  created_by: string
  created_at: ColumnType<Date, Date, Date>
  released_at: ColumnType<Date | null, Date | null, Date | null>
  released_by: string | null
  release_reason: string | null
}

export const HOLD_RULES = ['ON_HOLD', 'KYC_EXPIRED', 'ACCREDITATION_EXPIRED'] as const
export type HoldRule = (typeof HOLD_RULES)[number]

export interface HoldsDB {
  address_holds: AddressHoldsTable
}

export type HoldRow = Selectable<AddressHoldsTable>

/** The API shape of a hold. */
export function serializeHold(h: HoldRow) {
  return {
    id: h.id,
    chainId: h.chain_id,
    address: h.address,
    token: h.token,
    rule: h.rule,
    reason: h.reason,
    reference: h.reference,
    active: h.released_at === null,
    createdBy: h.created_by,
    createdAt: h.created_at.toISOString(),
    releasedAt: h.released_at?.toISOString() ?? null,
    releasedBy: h.released_by,
    releaseReason: h.release_reason,
  }
}

export type HoldView = ReturnType<typeof serializeHold>
