import { encodeAbiParameters, keccak256, toFunctionSelector, zeroAddress, type Address, type Hex } from 'viem'
import { claimIssuerAbi, idFactoryAbi, identityAbi, identityRegistryAbi } from '../../../chain/generated/abis.ts'
import type { PlatformContext } from '../../context.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'

/** Read-only views of the contracts onboarding touches; the platform never sends from here. */
export function onboardingChain(ctx: Pick<PlatformContext, 'chain'>) {
  const d = requireDeployments(ctx)
  const client = ctx.chain.publicClient
  const registry = d.identityRegistry.registry
  return {
    deployments: d,
    /** The identity IdFactory linked to a wallet, or null. */
    async identityOf(wallet: Address): Promise<Address | null> {
      const a = await client.readContract({ address: d.idFactory, abi: idFactoryAbi, functionName: 'getIdentity', args: [wallet] })
      return a === zeroAddress ? null : a
    },
    /** The signature of the claim an identity holds from `issuer` on `topic` (empty when none). */
    async claimSignature(identity: Address, issuer: Address, topic: bigint): Promise<Hex> {
      const claimId = keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [issuer, topic]))
      const claim = await client.readContract({ address: identity, abi: identityAbi, functionName: 'getClaim', args: [claimId] })
      return claim[3]
    },
    async claimValidAtIssuer(identity: Address, topic: bigint, signature: Hex, data: Hex): Promise<boolean> {
      return client.readContract({ address: d.claimIssuer, abi: claimIssuerAbi, functionName: 'isClaimValid', args: [identity, topic, signature, data] })
    },
    async claimRevoked(signature: Hex): Promise<boolean> {
      return client.readContract({ address: d.claimIssuer, abi: claimIssuerAbi, functionName: 'isClaimRevoked', args: [signature] })
    },
    async registered(wallet: Address): Promise<boolean> {
      return client.readContract({ address: registry, abi: identityRegistryAbi, functionName: 'contains', args: [wallet] })
    },
    async verified(wallet: Address): Promise<boolean> {
      return client.readContract({ address: registry, abi: identityRegistryAbi, functionName: 'isVerified', args: [wallet] })
    },
  }
}

/** 4-byte selectors of the calls onboarding has custody sign (declared as the transaction's intent). */
export const SELECTORS = {
  createIdentity: toFunctionSelector('createIdentity(address,string)'),
  addClaim: toFunctionSelector('addClaim(uint256,uint256,address,bytes,bytes,string)'),
  registerIdentity: toFunctionSelector('registerIdentity(address,address,uint16)'),
  revokeClaimBySignature: toFunctionSelector('revokeClaimBySignature(bytes)'),
} as const
