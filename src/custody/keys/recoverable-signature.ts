import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToHex, hexToBytes, isHex, numberToHex } from 'viem'
import { CustosError, ValidationError } from '../../shared/errors.ts'
import type { DigestSignature, Hex } from './signer.ts'

const N = secp256k1.Point.Fn.ORDER
const HALF_N = N >> 1n

/** Parses a 0x-prefixed 32-byte digest, refusing anything else. */
export function digestToBytes(digest: Hex): Uint8Array {
  if (typeof digest !== 'string' || !isHex(digest, { strict: true }) || digest.length !== 66) {
    throw new ValidationError('digest must be 32 bytes as 0x-prefixed hex')
  }
  return hexToBytes(digest)
}

/**
 * Turns a raw ECDSA (r, s) — as an HSM returns it, without a recovery id and
 * possibly with a high s — into an Ethereum signature: s moved to the low
 * half (EIP-2) and the recovery id found by recovering against the key's own
 * uncompressed public key. A signature that recovers to neither parity is a
 * device fault and is refused rather than returned.
 */
export function toRecoverableSignature(digest: Uint8Array, r: bigint, s: bigint, publicKey: Uint8Array): DigestSignature {
  if (r <= 0n || r >= N || s <= 0n || s >= N) {
    throw new CustosError('SIGNATURE_INVALID', 'the signing device returned an out-of-range signature', { status: 502, retryable: true })
  }
  const lowS = s > HALF_N ? N - s : s
  const expected = bytesToHex(publicKey)
  for (const recovery of [0, 1] as const) {
    let recovered: string
    try {
      recovered = bytesToHex(new secp256k1.Signature(r, lowS, recovery).recoverPublicKey(digest).toBytes(false))
    } catch {
      continue
    }
    if (recovered === expected) return { r: numberToHex(r, { size: 32 }), s: numberToHex(lowS, { size: 32 }), yParity: recovery }
  }
  throw new CustosError('SIGNATURE_INVALID', 'the signing device returned a signature that does not verify against its public key', {
    status: 502,
    retryable: true,
  })
}

/** True when s lies in the lower half of the curve order, as EIP-2 demands. */
export function isLowS(s: Hex): boolean {
  return BigInt(s) <= HALF_N
}
