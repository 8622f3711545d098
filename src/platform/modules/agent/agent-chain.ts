import { encodeAbiParameters, getAddress, keccak256, toFunctionSelector, type Address } from 'viem'
import { custosLockupModuleAbi, identityAbi, identityRegistryAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import type { PlatformContext } from '../../context.ts'
import type { TokenRow } from '../tokens/read-tokens.ts'
import type { HolderState } from './tables.ts'

/** 4-byte selectors of the agent calls the platform has custody sign (declared as the intent). */
export const AGENT_SELECTORS = {
  setAddressFrozen: toFunctionSelector('setAddressFrozen(address,bool)'),
  freezePartialTokens: toFunctionSelector('freezePartialTokens(address,uint256)'),
  unfreezePartialTokens: toFunctionSelector('unfreezePartialTokens(address,uint256)'),
  forcedTransfer: toFunctionSelector('forcedTransfer(address,address,uint256)'),
  burn: toFunctionSelector('burn(address,uint256)'),
  registerIdentity: toFunctionSelector('registerIdentity(address,address,uint16)'),
  deleteIdentity: toFunctionSelector('deleteIdentity(address)'),
  addKey: toFunctionSelector('addKey(bytes32,uint256,uint256)'),
} as const

/** ONCHAINID key purpose MANAGEMENT, key type ECDSA. */
export const MANAGEMENT_PURPOSE = 1n
export const ECDSA_KEY = 1n

/** The ONCHAINID key of a wallet: keccak256(abi.encode(address)). */
export const walletKey = (wallet: Address) => keccak256(encodeAbiParameters([{ type: 'address' }], [wallet]))

/** The lock-up module bound to a token's compliance, if the token binds it. */
export function lockupModuleOf(ctx: Pick<PlatformContext, 'chain'>, token: TokenRow): Address | null {
  const lockup = ctx.chain.deployments?.modules?.lockup
  if (!lockup) return null
  const bound = (token.modules ?? []).map((m) => m.toLowerCase())
  return bound.includes(lockup.toLowerCase()) ? getAddress(lockup) : null
}

/** What the chain says of a holder on one token now. */
export async function readHolder(ctx: Pick<PlatformContext, 'chain'>, token: TokenRow, wallet: Address): Promise<HolderState> {
  const client = ctx.chain.publicClient
  const address = getAddress(token.token_address!)
  const lockup = lockupModuleOf(ctx, token)
  const [balance, frozen, addressFrozen, locked] = await Promise.all([
    client.readContract({ address, abi: tokenAbi, functionName: 'balanceOf', args: [wallet] }),
    client.readContract({ address, abi: tokenAbi, functionName: 'getFrozenTokens', args: [wallet] }),
    client.readContract({ address, abi: tokenAbi, functionName: 'isFrozen', args: [wallet] }),
    lockup ? client.readContract({ address: lockup, abi: custosLockupModuleAbi, functionName: 'lockedBalanceOf', args: [getAddress(token.compliance_address!), wallet] }) : Promise.resolve(null),
  ])
  return { address: wallet, balance: balance.toString(), frozenTokens: frozen.toString(), addressFrozen, ...(locked === null ? {} : { lockedTokens: locked.toString() }) }
}

/** Whether the token's identity registry verifies `wallet` (T-REX refuses tokens to an unverified one). */
export async function isVerified(ctx: Pick<PlatformContext, 'chain'>, token: TokenRow, wallet: Address): Promise<boolean> {
  return ctx.chain.publicClient.readContract({ address: getAddress(token.identity_registry!), abi: identityRegistryAbi, functionName: 'isVerified', args: [wallet] })
}

/** The identity the platform's identity registry links to `wallet` (the zero address when none). */
export async function registeredIdentity(ctx: Pick<PlatformContext, 'chain'>, registry: Address, wallet: Address): Promise<Address> {
  return ctx.chain.publicClient.readContract({ address: registry, abi: identityRegistryAbi, functionName: 'identity', args: [wallet] })
}

/** Whether `wallet` is a MANAGEMENT key of the ONCHAINID `identity`. */
export async function isManagementKey(ctx: Pick<PlatformContext, 'chain'>, identity: Address, wallet: Address): Promise<boolean> {
  return ctx.chain.publicClient.readContract({ address: identity, abi: identityAbi, functionName: 'keyHasPurpose', args: [walletKey(wallet), MANAGEMENT_PURPOSE] })
}
