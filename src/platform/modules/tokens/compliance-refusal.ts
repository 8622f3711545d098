import { getAddress, type Address } from 'viem'
import { countryAllowModuleAbi, identityRegistryAbi, maxBalanceModuleAbi, modularComplianceAbi } from '../../../chain/generated/abis.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import type { PlatformContext } from '../../context.ts'
import { formatAmount, restriction, type Restriction } from './restriction-codes.ts'
import { countryLabel } from '../../../shared/compliance/country-numeric.ts'
import type { TokenRow } from './token-chain.ts'

/**
 * Why a token's compliance refuses `quantity` more for `receiver` (after
 * `canTransfer` said no): the module that refuses, when it is one the
 * platform configures — country allow-list (COUNTRY_NOT_ALLOWED), maximum
 * balance (MAX_BALANCE_EXCEEDED) — else COMPLIANCE_REFUSED. Used for mints
 * and transfers alike, so both explain a refusal the same way.
 *
 * @example
 * if (!(await canTransfer(...))) return complianceRefusal(ctx, token, wallet, quantity)
 */
export async function complianceRefusal(ctx: Pick<PlatformContext, 'chain'>, token: TokenRow, receiver: Address, quantity: bigint): Promise<Restriction> {
  const client = ctx.chain.publicClient
  const d = requireDeployments(ctx)
  const registry = getAddress(token.identity_registry!)
  const compliance = getAddress(token.compliance_address!)
  const bound = (await client.readContract({ address: compliance, abi: modularComplianceAbi, functionName: 'getModules' })).map((m) => m.toLowerCase())
  if (bound.includes(d.modules.countryAllow.toLowerCase())) {
    const country = await client.readContract({ address: registry, abi: identityRegistryAbi, functionName: 'investorCountry', args: [receiver] })
    if (!(await client.readContract({ address: d.modules.countryAllow, abi: countryAllowModuleAbi, functionName: 'isCountryAllowed', args: [compliance, country] }))) {
      return restriction('COUNTRY_NOT_ALLOWED', `${receiver} is registered in ${countryLabel(Number(country))}`)
    }
  }
  const max = token.compliance.maxBalance
  if (max !== undefined && bound.includes(d.modules.maxBalance.toLowerCase())) {
    const identity = await client.readContract({ address: registry, abi: identityRegistryAbi, functionName: 'identity', args: [receiver] })
    const held = await client.readContract({ address: d.modules.maxBalance, abi: maxBalanceModuleAbi, functionName: 'getIDBalance', args: [compliance, identity] })
    const fmt = (x: bigint) => formatAmount(x, token.decimals, token.symbol)
    if (held + quantity > BigInt(max)) return restriction('MAX_BALANCE_EXCEEDED', `${receiver}'s identity holds ${fmt(held)} + ${fmt(quantity)} = ${fmt(held + quantity)} > maximum ${fmt(BigInt(max))}`)
  }
  return restriction('COMPLIANCE_REFUSED')
}
