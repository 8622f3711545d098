import { encodeFunctionData, type Address, type Hex } from 'viem'
import { deployContract, type DeployContext } from '../chain/deployer.ts'
import { countryAllowModuleAbi, maxBalanceModuleAbi, supplyLimitModuleAbi } from '../chain/generated/abis.ts'
import type { ComplianceSettings } from '../chain/deploy-token-suite.ts'

/**
 * Tokeny's CountryAllow, MaxBalance and SupplyLimit modules from
 * `@tokenysolutions/t-rex`. Custos no longer deploys them for tokens: their
 * sources carry a CC-BY-NC-4.0 licence (docs/decisions/0024). They are
 * deployed only to compare with them (the differential test, the gas bench)
 * and read from older installations being migrated.
 */
export interface TokenyModules {
  countryAllow: Address
  maxBalance: Address
  supplyLimit: Address
}

/** Deploys the three modules behind their ModuleProxy, as T-REX does. */
export async function deployTokenyModules(ctx: DeployContext): Promise<TokenyModules> {
  const one = async (name: 'CountryAllowModule' | 'MaxBalanceModule' | 'SupplyLimitModule') => {
    const impl = await deployContract(ctx, name)
    const init = encodeFunctionData({ abi: countryAllowModuleAbi, functionName: 'initialize', args: [] })
    return deployContract(ctx, 'ModuleProxy', [impl, init])
  }
  return { countryAllow: await one('CountryAllowModule'), maxBalance: await one('MaxBalanceModule'), supplyLimit: await one('SupplyLimitModule') }
}

/** The module list and settings for a suite bound to Tokeny's modules (only the rules they have). */
export function tokenyComplianceConfig(m: TokenyModules, c: ComplianceSettings): { modules: Address[]; settings: Hex[] } {
  const modules: Address[] = []
  const settings: Hex[] = []
  if (c.allowedCountries?.length) {
    modules.push(m.countryAllow)
    settings.push(encodeFunctionData({ abi: countryAllowModuleAbi, functionName: 'batchAllowCountries', args: [c.allowedCountries] }))
  }
  if (c.maxBalance !== undefined) {
    modules.push(m.maxBalance)
    settings.push(encodeFunctionData({ abi: maxBalanceModuleAbi, functionName: 'setMaxBalance', args: [c.maxBalance] }))
  }
  if (c.supplyLimit !== undefined) {
    modules.push(m.supplyLimit)
    settings.push(encodeFunctionData({ abi: supplyLimitModuleAbi, functionName: 'setSupplyLimit', args: [c.supplyLimit] }))
  }
  return { modules, settings }
}
