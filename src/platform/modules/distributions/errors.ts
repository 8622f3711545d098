import { CustosError } from '../../../shared/errors.ts'

/** Why a declaration is refused; each is a stable code `DISTRIBUTION_<reason>` (422 unless said). */
export const DECLARATION_REFUSALS = {
  AMOUNT_MISSING: 'give exactly one of amountPerToken and totalAmount',
  AMOUNT_NOT_POSITIVE: 'the amount must be a positive whole number of the asset’s base units',
  RECORD_POINT_MISSING: 'give exactly one of recordDate and recordBlock',
  PAYMENT_BEFORE_RECORD: 'the payment date must not be before the record date',
  PAYMENT_DATE_PAST: 'the payment date is already past',
  CLAIM_DEADLINE_MISSING: 'a CLAIM distribution needs a claimDeadline after its paymentDate',
  CLAIM_DEADLINE_NOT_ALLOWED: 'only a CLAIM distribution has a claimDeadline',
  AUTO_CLAIM_NOT_ALLOWED: 'only a CLAIM distribution has autoClaim (a PUSH distribution pays every holder anyway)',
  CLAIM_DEADLINE_TOO_EARLY: 'the claim deadline must be after the payment date (holders claim between the two)',
  ASSET_NOT_ERC20: 'the asset is not an ERC-20 contract on this chain (no decimals())',
  ASSET_IS_TOKEN: 'a cash distribution cannot be paid in the token itself (use STOCK_DIVIDEND)',
  STOCK_ASSET_NOT_TOKEN: 'a stock dividend is paid in the token itself: leave asset out or give the token’s address',
  STOCK_NOT_CLAIMABLE: 'a stock dividend is minted to the holders (mode PUSH); it cannot be claimed',
  STOCK_POLICY_NOT_IN_KIND: 'new tokens can only be minted to verified, ACTIVE investors and cannot be escrowed: for a stock dividend a frozen holder is PAY or EXCLUDE, a suspended or KYC-expired one EXCLUDE',
  NOTHING_TO_CLAIM: 'the investor has no open claim in this distribution',
  CLAIM_NOT_CUSTODIAL: 'the platform claims only for investors whose wallet is a custodial vault',
  CONTRACTS_NOT_DEPLOYED: 'the distribution contracts are not deployed on this chain (redeploy the infrastructure)',
} as const
export type DeclarationRefusal = keyof typeof DECLARATION_REFUSALS

/** A declaration that cannot be paid as asked: nothing is recorded. */
export class DistributionRefusedError extends CustosError {
  override readonly name = 'DistributionRefusedError'
  constructor(reason: DeclarationRefusal, field: string, detail?: string, details: Record<string, unknown> = {}) {
    super(`DISTRIBUTION_${reason}`, `${field}: ${DECLARATION_REFUSALS[reason]}${detail ? ` (${detail})` : ''}`, { status: 422, details: { field, reason, ...details } })
  }
}

/** The distribution is not in a state that allows the request (409). */
export class DistributionStateError extends CustosError {
  override readonly name = 'DistributionStateError'
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, { status: 409, details })
  }
}
