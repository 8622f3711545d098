import type { Selectable } from 'kysely'
import type { WorkflowRow } from '../../engine/types.ts'
import type { InvestorsTable } from './tables.ts'
import type { ScreeningResult } from '../kyc/public.ts'

export type InvestorRow = Selectable<InvestorsTable>

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** The API shape of an investor; `onboarding` is its latest onboarding workflow, if any. */
export function serializeInvestor(r: InvestorRow, onboarding?: WorkflowRow | null) {
  const result = r.kyc_result as ScreeningResult | null
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    country: r.country,
    type: r.type,
    accreditation: r.accreditation ?? null,
    externalRef: r.external_ref,
    walletAddresses: r.wallet_addresses,
    status: r.status,
    statusCode: r.status_code,
    statusReason: r.status_reason,
    vaultId: r.vault_id,
    walletAddress: r.wallet_address,
    identityAddress: r.identity_address,
    kyc: result
      ? {
          provider: r.kyc_provider,
          providerRef: r.kyc_provider_ref,
          outcome: result.outcome,
          reasons: result.reasons,
          sanctionsMatches: result.sanctionsMatches,
          checkedAt: result.checkedAt,
          decision: r.kyc_decision,
          decidedBy: r.kyc_decided_by,
          decidedAt: iso(r.kyc_decided_at),
          decisionReason: r.kyc_decision_reason,
          approvedAt: iso(r.kyc_approved_at),
          expiresAt: iso(r.kyc_expires_at),
          lastScreenedAt: iso(r.last_screened_at),
        }
      : null,
    kycExpiresAt: iso(r.kyc_expires_at),
    accreditationExpiresAt: iso(r.accreditation_expires_at),
    onboarding: onboarding ? { workflowId: onboarding.id, kind: onboarding.kind, step: onboarding.step, status: onboarding.status, lastError: onboarding.last_error } : null,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }
}

export type InvestorView = ReturnType<typeof serializeInvestor>
