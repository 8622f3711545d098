import { describe, expect, it } from 'vitest'
import { restrictionOfModule } from './restriction-codes.ts'

describe('restrictionOfModule', () => {
  it('names the rule of each module we know by its exact name', () => {
    expect(restrictionOfModule('CustosCountryModule')).toBe('COUNTRY_NOT_ALLOWED')
    expect(restrictionOfModule('CustosMaxBalanceModule')).toBe('MAX_BALANCE_EXCEEDED')
    expect(restrictionOfModule('CustosSupplyLimitModule')).toBe('SUPPLY_LIMIT_EXCEEDED')
    expect(restrictionOfModule('CustosLockupModule')).toBe('LOCKUP_NOT_OVER')
    expect(restrictionOfModule('CustosMaxHoldersModule')).toBe('MAX_HOLDERS_EXCEEDED')
    expect(restrictionOfModule('CountryAllowModule')).toBe('COUNTRY_NOT_ALLOWED')
    expect(restrictionOfModule('CountryRestrictModule')).toBe('COUNTRY_NOT_ALLOWED')
    expect(restrictionOfModule('MaxBalanceModule')).toBe('MAX_BALANCE_EXCEEDED')
    expect(restrictionOfModule('SupplyLimitModule')).toBe('SUPPLY_LIMIT_EXCEEDED')
  })

  it('does not lend a rule to a module whose name only contains a rule’s word', () => {
    for (const name of ['UnlockedTransferModule', 'ShareholderVotingModule', 'CountryRestrictModuleV2', 'customCountryFilter', 'custoslockupmodule', 'TimeTransfersLimitsModule', 'TransferRestrictModule', 'ExchangeMonthlyLimitsModule', 'TokenListingRestrictionsModule', 'toString', 'constructor', '']) {
      expect(restrictionOfModule(name), name).toBe('COMPLIANCE_REFUSED')
    }
  })
})
