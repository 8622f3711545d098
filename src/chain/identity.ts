import { encodeAbiParameters, encodeFunctionData, hashMessage, keccak256, parseEventLogs, type Address, type Hex } from 'viem'
import { idFactoryAbi, identityAbi, identityRegistryAbi } from './generated/abis.ts'

/**
 * The payload a claim issuer signs for an ONCHAINID claim:
 * keccak256(abi.encode(identity, topic, data)). The signature is over its
 * EIP-191 "signed message" hash, which is what ClaimIssuer.isClaimValid checks.
 */
export function claimPayloadHash(identity: Address, topic: bigint, data: Hex): Hex {
  return keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }, { type: 'bytes' }], [identity, topic, data]))
}

/** The digest a signer signs for a claim (EIP-191 prefixed payload hash). */
export function claimDigest(identity: Address, topic: bigint, data: Hex): Hex {
  return hashMessage({ raw: claimPayloadHash(identity, topic, data) })
}

export function encodeCreateIdentity(wallet: Address, salt: string): Hex {
  return encodeFunctionData({ abi: idFactoryAbi, functionName: 'createIdentity', args: [wallet, salt] })
}

export function encodeAddClaim(topic: bigint, issuer: Address, signature: Hex, data: Hex, uri = ''): Hex {
  return encodeFunctionData({ abi: identityAbi, functionName: 'addClaim', args: [topic, 1n, issuer, signature, data, uri] })
}

export function encodeRegisterIdentity(wallet: Address, identity: Address, country: number): Hex {
  return encodeFunctionData({ abi: identityRegistryAbi, functionName: 'registerIdentity', args: [wallet, identity, country] })
}

/** The identity address from an IdFactory createIdentity receipt (its `WalletLinked` event). */
export function identityFromLogs(logs: readonly { address: Address; data: Hex; topics: readonly Hex[] }[]): Address | null {
  const [ev] = parseEventLogs({ abi: idFactoryAbi, eventName: 'WalletLinked', logs: logs as never })
  return ev ? ev.args.identity : null
}
