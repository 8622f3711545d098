import { encodeAbiParameters, hashMessage, keccak256, serializeSignature, type Hex as ViemHex } from 'viem'
import { ValidationError } from '../../shared/errors.ts'
import { digestToBytes } from './recoverable-signature.ts'
import type { Hex, Signer } from './signer.ts'

/**
 * Signs the EIP-191 personal-message hash of a 32-byte payload hash, i.e.
 * `sign(keccak256("\x19Ethereum Signed Message:\n32" ‖ payloadHash))`, and
 * returns the 65-byte `r‖s‖v` signature (v = 27 or 28). It verifies with
 * `recoverMessageAddress({ message: { raw: payloadHash }, signature })`.
 */
export async function signPersonalMessageDigest(signer: Signer, payloadHash: Hex): Promise<Hex> {
  digestToBytes(payloadHash)
  const { r, s, yParity } = await signer.signDigest(hashMessage({ raw: payloadHash }))
  return serializeSignature({ r, s, yParity })
}

export interface ClaimToSign {
  /** Address of the ONCHAINID identity contract the claim is about. */
  identity: Hex
  /** Claim topic (e.g. 1 for KYC). */
  topic: bigint
  /** Claim data bytes as hex ('0x' when empty). */
  data: Hex
}

/**
 * The hash an ONCHAINID ClaimIssuer checks: `keccak256(abi.encode(identity, topic, data))`.
 */
export function claimPayloadHash(claim: ClaimToSign): Hex {
  if (claim.topic < 0n) throw new ValidationError('claim topic must be a non-negative integer')
  return keccak256(
    encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }, { type: 'bytes' }], [claim.identity, claim.topic, claim.data as ViemHex]),
  )
}

/**
 * Signs an ONCHAINID claim as a claim issuer: the signature over
 * `toEthSignedMessageHash(keccak256(abi.encode(identity, topic, data)))` that
 * `Identity.addClaim` stores and `ClaimIssuer.isClaimValid` checks.
 *
 * @example
 * const signature = await signClaim(claimIssuerSigner, { identity, topic: 1n, data: '0x' })
 */
export async function signClaim(signer: Signer, claim: ClaimToSign): Promise<Hex> {
  return signPersonalMessageDigest(signer, claimPayloadHash(claim))
}
