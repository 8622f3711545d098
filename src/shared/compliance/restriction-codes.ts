/**
 * The one table of transfer restriction codes (ERC-1404 style) every path speaks: the
 * platform's transfer check, `POST /v1/transfers`, mints and batch mints, and custody's
 * sub-status when it refuses to sign. 0 means the movement may go; any other code names
 * the first rule that refuses it. Never renumber; append new codes at the end
 * (docs/compliance-codes.md lists the table).
 */
export const RESTRICTIONS = {
  SUCCESS: { code: 0, subStatus: null, message: 'transfer allowed' },
  TOKEN_PAUSED: { code: 1, subStatus: 'COMPLIANCE_PAUSED', message: 'the token is paused' },
  SENDER_NOT_VERIFIED: { code: 2, subStatus: 'COMPLIANCE_UNVERIFIED', message: 'the sender is not a verified investor' },
  RECEIVER_NOT_VERIFIED: { code: 3, subStatus: 'COMPLIANCE_UNVERIFIED', message: 'the receiver is not verified in the token’s identity registry' },
  SENDER_KYC_EXPIRED: { code: 4, subStatus: 'COMPLIANCE_KYC_EXPIRED', message: 'the sender’s KYC has expired' },
  RECEIVER_KYC_EXPIRED: { code: 5, subStatus: 'COMPLIANCE_KYC_EXPIRED', message: 'the receiver’s KYC has expired' },
  SENDER_FROZEN: { code: 6, subStatus: 'COMPLIANCE_FROZEN', message: 'the sender’s address is frozen' },
  RECEIVER_FROZEN: { code: 7, subStatus: 'COMPLIANCE_FROZEN', message: 'the receiver’s address is frozen' },
  INSUFFICIENT_UNFROZEN_BALANCE: { code: 8, subStatus: 'COMPLIANCE_INSUFFICIENT_UNFROZEN_BALANCE', message: 'the sender’s free balance (not frozen, not already committed to a pending transfer) is smaller than the quantity' },
  COUNTRY_NOT_ALLOWED: { code: 9, subStatus: 'COMPLIANCE_COUNTRY', message: 'the receiver’s country is not allowed to hold this token' },
  MAX_BALANCE_EXCEEDED: { code: 10, subStatus: 'COMPLIANCE_MAX_BALANCE', message: 'the receiver would hold more than the token’s maximum balance per investor' },
  SUPPLY_LIMIT_EXCEEDED: { code: 11, subStatus: 'COMPLIANCE_SUPPLY_LIMIT', message: 'the total supply would exceed the token’s supply limit' },
  LOCKUP_NOT_OVER: { code: 12, subStatus: 'COMPLIANCE_LOCKUP', message: 'the sender’s tokens are still locked up' },
  COMPLIANCE_REFUSED: { code: 13, subStatus: 'COMPLIANCE_REFUSED', message: 'a compliance module of the token refuses the transfer' },
  MAX_HOLDERS_EXCEEDED: { code: 14, subStatus: 'COMPLIANCE_MAX_HOLDERS', message: 'the token would have more holders than it allows' },
  SENDER_ACCREDITATION_EXPIRED: { code: 15, subStatus: 'COMPLIANCE_ACCREDITATION_EXPIRED', message: 'the sender’s accreditation has expired' },
  RECEIVER_ACCREDITATION_EXPIRED: { code: 16, subStatus: 'COMPLIANCE_ACCREDITATION_EXPIRED', message: 'the receiver’s accreditation has expired' },
  SENDER_ON_HOLD: { code: 17, subStatus: 'COMPLIANCE_HELD', message: 'the sender’s address is on hold: nothing moves from it' },
  RECEIVER_ON_HOLD: { code: 18, subStatus: 'COMPLIANCE_HELD', message: 'the receiver’s address is on hold: nothing moves to it' },
} as const

export type RestrictionName = keyof typeof RESTRICTIONS

/** Custody's sub-status for a refused token movement: one per rule, named by the table above. */
export type ComplianceRuleSubStatus = NonNullable<(typeof RESTRICTIONS)[RestrictionName]['subStatus']>

export interface Restriction {
  code: number
  name: RestrictionName
  message: string
}

/**
 * A restriction with its message, and the detail (numbers with units, country names) after a colon.
 *
 * @example
 * restriction('LOCKUP_NOT_OVER', '100 DREF of 150 DREF locked until 2027-01-01') // { code: 12, … }
 */
export const restriction = (name: RestrictionName, detail?: string): Restriction => ({
  code: RESTRICTIONS[name].code,
  name,
  message: detail ? `${RESTRICTIONS[name].message}: ${detail}` : RESTRICTIONS[name].message,
})

/** The restriction a code names, or undefined for a code not in the table. */
export function restrictionOfCode(code: number): RestrictionName | undefined {
  return (Object.keys(RESTRICTIONS) as RestrictionName[]).find((n) => RESTRICTIONS[n].code === code)
}

/**
 * An amount in base units shown with the token's decimals and symbol: `1500` with 2
 * decimals → `15.00 DREF`. Exact (bigint), never a float.
 *
 * @example
 * formatUnits(150n, 0, 'DREF') // '150 DREF'
 */
export function formatAmount(amount: bigint, decimals: number, symbol?: string | null): string {
  const neg = amount < 0n
  let s = (neg ? -amount : amount).toString()
  if (decimals > 0) {
    s = s.padStart(decimals + 1, '0')
    s = `${s.slice(0, -decimals)}.${s.slice(-decimals)}`
  }
  return `${neg ? '-' : ''}${s}${symbol ? ` ${symbol}` : ''}`
}

/**
 * The rule each compliance module we know enforces, by the exact `name()` it reports:
 * Custos's own five and the Tokeny modules a token deployed before them may still bind.
 */
const MODULE_RULES: Readonly<Record<string, RestrictionName>> = {
  CustosCountryModule: 'COUNTRY_NOT_ALLOWED',
  CustosMaxBalanceModule: 'MAX_BALANCE_EXCEEDED',
  CustosSupplyLimitModule: 'SUPPLY_LIMIT_EXCEEDED',
  CustosLockupModule: 'LOCKUP_NOT_OVER',
  CustosMaxHoldersModule: 'MAX_HOLDERS_EXCEEDED',
  CountryAllowModule: 'COUNTRY_NOT_ALLOWED',
  CountryRestrictModule: 'COUNTRY_NOT_ALLOWED',
  MaxBalanceModule: 'MAX_BALANCE_EXCEEDED',
  SupplyLimitModule: 'SUPPLY_LIMIT_EXCEEDED',
}

/**
 * The rule a compliance module enforces, from its exact `name()`. Any other module (one
 * of Tokeny's others, a third party's, or one whose name merely contains "country" or
 * "lock") is named by COMPLIANCE_REFUSED with its name in the message: a module's name
 * is chosen by whoever deploys it, so a look-alike must not borrow a rule's code.
 *
 * @example
 * restrictionOfModule('CustosLockupModule') // 'LOCKUP_NOT_OVER'
 * restrictionOfModule('UnlockedTransferModule') // 'COMPLIANCE_REFUSED'
 */
export function restrictionOfModule(name: string): RestrictionName {
  return Object.hasOwn(MODULE_RULES, name) ? MODULE_RULES[name]! : 'COMPLIANCE_REFUSED'
}
