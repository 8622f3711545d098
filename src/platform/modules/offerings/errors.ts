import { CustosError } from '../../../shared/errors.ts'

/** An offering's terms are not coherent (400 OFFERING_TERMS_INVALID, naming the field). */
export class OfferingTermsError extends CustosError {
  override readonly name = 'OfferingTermsError'
  constructor(field: string, message: string, details: Record<string, unknown> = {}) {
    super('OFFERING_TERMS_INVALID', `${field}: ${message}`, { status: 400, details: { field, ...details } })
  }
}

/** Why a subscription is refused; each is a stable code `SUBSCRIPTION_<reason>`. */
export const SUBSCRIPTION_REFUSALS = {
  OFFERING_NOT_OPEN_YET: 'the offering does not accept subscriptions before it opens',
  OFFERING_ENDED: 'the offering’s subscription window has ended',
  OFFERING_NOT_OPEN: 'the offering no longer accepts subscriptions',
  INVESTOR_NOT_ACTIVE: 'only ACTIVE (onboarded, verified) investors may subscribe',
  COUNTRY_NOT_ELIGIBLE: 'the investor’s country is not eligible for this offering',
  ACCREDITATION_REQUIRED: 'the offering requires valid accreditation evidence, which the investor does not have',
  AMOUNT_NOT_WHOLE_UNITS: 'the amount must buy a whole number of token base units at the offering’s price',
  BELOW_MIN_INVESTMENT: 'the amount is below the offering’s minimum investment',
  ABOVE_MAX_INVESTMENT: 'the investor’s subscriptions to this offering would exceed its maximum investment',
  HARD_CAP_EXCEEDED: 'the offering’s hard cap would be exceeded',
} as const
export type SubscriptionRefusal = keyof typeof SUBSCRIPTION_REFUSALS

/** A subscription refused by the offering's terms: 422 `SUBSCRIPTION_<reason>`, nothing recorded. */
export class SubscriptionRefusedError extends CustosError {
  override readonly name = 'SubscriptionRefusedError'
  constructor(reason: SubscriptionRefusal, detail?: string, details: Record<string, unknown> = {}) {
    super(`SUBSCRIPTION_${reason}`, detail ? `${SUBSCRIPTION_REFUSALS[reason]}: ${detail}` : SUBSCRIPTION_REFUSALS[reason], { status: 422, details: { reason, ...details } })
  }
}

/** The offering is not in a state that allows the request (409 OFFERING_NOT_OPEN, OFFERING_STILL_OPEN, …). */
export class OfferingStateError extends CustosError {
  override readonly name = 'OfferingStateError'
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, { status: 409, details })
  }
}

/** The subscription is not in a state that allows the request (409 with the subscription's status). */
export class SubscriptionStateError extends CustosError {
  override readonly name = 'SubscriptionStateError'
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, { status: 409, details })
  }
}

/** A payment the platform refuses before asking anyone (422). */
export class PaymentRefusedError extends CustosError {
  override readonly name = 'PaymentRefusedError'
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { status: 422, details })
  }
}
