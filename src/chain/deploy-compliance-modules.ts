import type { Address } from 'viem'
import { deployContract, type DeployContext } from './deployer.ts'

/** Addresses of the Custos compliance modules on one chain (one deployment serves every token). */
export interface ComplianceModules {
  country: Address
  maxBalance: Address
  supplyLimit: Address
  lockup: Address
  maxHolders: Address
}

/**
 * Deploys the five Custos compliance modules (Apache-2.0, contracts/compliance)
 * and the stateless ERC-1404 view. None is behind a proxy: what a token binds
 * cannot change under it.
 */
export async function deployComplianceModules(ctx: DeployContext): Promise<{ modules: ComplianceModules; transferRestrictions: Address }> {
  const modules: ComplianceModules = {
    country: await deployContract(ctx, 'CustosCountryModule'),
    maxBalance: await deployContract(ctx, 'CustosMaxBalanceModule'),
    supplyLimit: await deployContract(ctx, 'CustosSupplyLimitModule'),
    lockup: await deployContract(ctx, 'CustosLockupModule'),
    maxHolders: await deployContract(ctx, 'CustosMaxHoldersModule'),
  }
  const transferRestrictions = await deployContract(ctx, 'CustosTransferRestrictions')
  return { modules, transferRestrictions }
}
