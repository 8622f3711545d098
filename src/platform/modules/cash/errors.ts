import { CustosError } from '../../../shared/errors.ts'

/** Why a cash request is refused (422 unless said); nothing is recorded. */
export const CASH_REFUSALS = {
  INVESTOR_NOT_ACTIVE: 'only an ACTIVE investor with a custodial vault may register addresses or withdraw',
  DEPOSIT_ADDRESS_NOT_READY: 'the investor has no custodial vault yet (it is made when the investor is onboarded)',
  ASSET_NOT_ACCEPTED: 'the platform keeps cash in its settlement stablecoin only',
  WITHDRAWAL_ADDRESS_IS_OWN_VAULT: 'the address is the investor’s own custodial vault',
  WITHDRAWAL_ADDRESS_ALREADY_REGISTERED: 'the investor registered this address already with other details',
  WITHDRAWAL_ADDRESS_NOT_REGISTERED: 'a withdrawal goes only to an address the investor registered',
  WITHDRAWAL_ADDRESS_NOT_WHITELISTED: 'a withdrawal goes only to an address custody has whitelisted (its change request approved by the admin quorum)',
  CASH_INSUFFICIENT_BALANCE: 'the amount exceeds the investor’s available cash',
  WHITELISTING_NOT_SUPPORTED: 'the custodian has no whitelist API the platform can ask (whitelist the address at the custodian)',
} as const
export type CashRefusal = keyof typeof CASH_REFUSALS

const STATUS: Partial<Record<CashRefusal, number>> = { DEPOSIT_ADDRESS_NOT_READY: 409, WITHDRAWAL_ADDRESS_ALREADY_REGISTERED: 409, WHITELISTING_NOT_SUPPORTED: 501 }

/** A refusal with a stable code (`CASH_INSUFFICIENT_BALANCE`, `WITHDRAWAL_ADDRESS_NOT_WHITELISTED`, …), its reason and the numbers. */
export class CashRefusedError extends CustosError {
  override readonly name = 'CashRefusedError'
  constructor(reason: CashRefusal, detail?: string, details: Record<string, unknown> = {}) {
    super(reason, `${CASH_REFUSALS[reason]}${detail ? ` (${detail})` : ''}`, { status: STATUS[reason] ?? 422, details: { reason: CASH_REFUSALS[reason], ...details } })
  }
}
