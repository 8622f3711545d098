import { getAddress, zeroAddress, type Address } from 'viem'
import { custosCountryModuleAbi, custosMaxBalanceModuleAbi, custosMaxHoldersModuleAbi, custosSupplyLimitModuleAbi, identityRegistryAbi, modularComplianceAbi } from '../../../chain/generated/abis.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import type { PlatformContext } from '../../context.ts'
import { formatAmount, restriction, type Restriction } from './restriction-codes.ts'
import { countryLabel } from '../../../shared/compliance/country-numeric.ts'
import type { TokenRow } from './token-chain.ts'

/**
 * Why a token's compliance refuses `quantity` more for `receiver` (after
 * `canTransfer` said no): the module that refuses, when it is one the
 * platform binds — country lists (COUNTRY_NOT_ALLOWED), maximum balance
 * (MAX_BALANCE_EXCEEDED), supply limit (SUPPLY_LIMIT_EXCEEDED), maximum
 * holders (MAX_HOLDERS_EXCEEDED) — else COMPLIANCE_REFUSED. `from` is the
 * sender (the zero address for a mint). Used for mints
 * and transfers alike, so both explain a refusal the same way.
 *
 * @example
 * if (!(await canTransfer(...))) return complianceRefusal(ctx, token, wallet, quantity)
 */
export async function complianceRefusal(ctx: Pick<PlatformContext, 'chain'>, token: TokenRow, receiver: Address, quantity: bigint, from: Address = zeroAddress): Promise<Restriction> {
  const client = ctx.chain.publicClient
  const d = requireDeployments(ctx)
  const registry = getAddress(token.identity_registry!)
  const compliance = getAddress(token.compliance_address!)
  // A deployments file from before the Custos modules names none (the token is bound to Tokeny's).
  if (!d.modules) return restriction('COMPLIANCE_REFUSED')
  const bound = (await client.readContract({ address: compliance, abi: modularComplianceAbi, functionName: 'getModules' })).map((m) => m.toLowerCase())
  const check = (module: Address) => client.readContract({ address: module, abi: custosSupplyLimitModuleAbi, functionName: 'moduleCheck', args: [from, receiver, quantity, compliance] })
  if (bound.includes(d.modules.country.toLowerCase())) {
    const country = await client.readContract({ address: registry, abi: identityRegistryAbi, functionName: 'investorCountry', args: [receiver] })
    if (!(await client.readContract({ address: d.modules.country, abi: custosCountryModuleAbi, functionName: 'isCountryAllowed', args: [compliance, country] }))) {
      return restriction('COUNTRY_NOT_ALLOWED', `${receiver} is registered in ${countryLabel(Number(country))}`)
    }
  }
  if (bound.includes(d.modules.maxBalance.toLowerCase()) && !(await check(d.modules.maxBalance))) {
    const max = await client.readContract({ address: d.modules.maxBalance, abi: custosMaxBalanceModuleAbi, functionName: 'maxBalanceOf', args: [compliance] })
    const identity = await client.readContract({ address: registry, abi: identityRegistryAbi, functionName: 'identity', args: [receiver] })
    const held = await client.readContract({ address: d.modules.maxBalance, abi: custosMaxBalanceModuleAbi, functionName: 'identityBalance', args: [compliance, identity] })
    const fmt = (x: bigint) => formatAmount(x, token.decimals, token.symbol)
    return restriction('MAX_BALANCE_EXCEEDED', `${receiver}'s identity holds ${fmt(held)} + ${fmt(quantity)} = ${fmt(held + quantity)} > maximum ${fmt(max)}`)
  }
  if (bound.includes(d.modules.supplyLimit.toLowerCase()) && !(await check(d.modules.supplyLimit))) {
    const limit = await client.readContract({ address: d.modules.supplyLimit, abi: custosSupplyLimitModuleAbi, functionName: 'supplyLimitOf', args: [compliance] })
    return restriction('SUPPLY_LIMIT_EXCEEDED', `limit ${formatAmount(limit, token.decimals, token.symbol)}`)
  }
  if (bound.includes(d.modules.maxHolders.toLowerCase()) && !(await check(d.modules.maxHolders))) {
    const holders = await client.readContract({ address: d.modules.maxHolders, abi: custosMaxHoldersModuleAbi, functionName: 'holderCount', args: [compliance] })
    return restriction('MAX_HOLDERS_EXCEEDED', `${holders} holders`)
  }
  return restriction('COMPLIANCE_REFUSED')
}
