import { getAbiItem, getAddress, toFunctionSelector, type Address } from 'viem'
import { modularComplianceAbi, tokenAbi, trexFactoryAbi } from '../../../chain/generated/abis.ts'
import { ConflictError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import type { TokensTable } from './tables.ts'
import type { Selectable } from 'kysely'

export type TokenRow = Selectable<TokensTable>

/** 4-byte selectors of the token calls the platform has custody sign (declared as the intent). */
export const TOKEN_SELECTORS = {
  deployTREXSuite: toFunctionSelector(getAbiItem({ abi: trexFactoryAbi, name: 'deployTREXSuite' })),
  mint: toFunctionSelector('mint(address,uint256)'),
  transfer: toFunctionSelector('transfer(address,uint256)'),
  pause: toFunctionSelector('pause()'),
  unpause: toFunctionSelector('unpause()'),
  batchMint: toFunctionSelector('batchMint(address[],uint256[])'),
  setAddressFrozen: toFunctionSelector('setAddressFrozen(address,bool)'),
} as const

/** 4-byte selectors of the compliance calls the platform has custody sign. */
export const COMPLIANCE_SELECTORS = {
  callModuleFunction: toFunctionSelector('callModuleFunction(bytes,address)'),
} as const

/** The token contract of an ACTIVE token (409 TOKEN_NOT_ACTIVE while it deploys or after it failed). */
export function tokenAddressOf(token: TokenRow): Address {
  if (token.status !== 'ACTIVE' || !token.token_address) {
    throw new ConflictError('TOKEN_NOT_ACTIVE', `token ${token.id} is ${token.status}, not ACTIVE`, { tokenId: token.id, status: token.status })
  }
  return getAddress(token.token_address)
}

/** What the chain says about a token now: paused, total supply, the compliance modules bound. */
export async function readTokenState(ctx: Pick<PlatformContext, 'chain'>, token: TokenRow): Promise<{ paused: boolean; totalSupply: bigint; modules: Address[] }> {
  const address = tokenAddressOf(token)
  const client = ctx.chain.publicClient
  const [paused, totalSupply, modules] = await Promise.all([
    client.readContract({ address, abi: tokenAbi, functionName: 'paused' }),
    client.readContract({ address, abi: tokenAbi, functionName: 'totalSupply' }),
    client.readContract({ address: getAddress(token.compliance_address!), abi: modularComplianceAbi, functionName: 'getModules' }),
  ])
  return { paused, totalSupply, modules: [...modules] }
}
