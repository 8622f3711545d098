import { CustosError } from '../../../shared/errors.ts'

/** The investor cannot receive an issuance now (not ACTIVE, so not verified on-chain). */
export class InvestorNotActiveError extends CustosError {
  override readonly name = 'InvestorNotActiveError'
  constructor(investorId: string, status: string) {
    super('INVESTOR_NOT_ACTIVE', `investor ${investorId} is ${status}: only ACTIVE (onboarded, verified) investors receive tokens`, { status: 422, details: { investorId, status } })
  }
}
