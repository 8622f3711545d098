import { createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto'
import { decodeCbor, type CborValue } from './cbor.ts'
import { WebAuthnError } from './webauthn-error.ts'

/** COSE algorithm identifiers we accept (IANA COSE registry). */
export const COSE_ALGORITHMS = { ES256: -7, EdDSA: -8, RS256: -257 } as const
export type CoseAlgorithm = (typeof COSE_ALGORITHMS)[keyof typeof COSE_ALGORITHMS]

export interface CosePublicKey {
  alg: CoseAlgorithm
  key: KeyObject
}

const b64u = (v: CborValue, what: string): string => {
  if (!(v instanceof Uint8Array)) throw new WebAuthnError('WEBAUTHN_MALFORMED', `COSE key: ${what} is missing`)
  return Buffer.from(v).toString('base64url')
}

/**
 * A credential public key in COSE form (RFC 9053) as a node:crypto KeyObject:
 * EC2 P-256 with ES256, RSA with RS256, OKP Ed25519 with EdDSA. Anything else
 * is refused with WEBAUTHN_ALGORITHM.
 */
export function parseCoseKey(cose: Uint8Array): CosePublicKey {
  const { value } = decodeCbor(cose)
  if (!(value instanceof Map)) throw new WebAuthnError('WEBAUTHN_MALFORMED', 'COSE key is not a map')
  const kty = value.get(1)
  const alg = value.get(3)
  if (kty === 2 && alg === COSE_ALGORITHMS.ES256) {
    if (value.get(-1) !== 1) throw new WebAuthnError('WEBAUTHN_ALGORITHM', 'ES256 key is not on P-256')
    return { alg, key: createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64u(value.get(-2), 'x'), y: b64u(value.get(-3), 'y') }, format: 'jwk' }) }
  }
  if (kty === 3 && alg === COSE_ALGORITHMS.RS256) {
    return { alg, key: createPublicKey({ key: { kty: 'RSA', n: b64u(value.get(-1), 'n'), e: b64u(value.get(-2), 'e') }, format: 'jwk' }) }
  }
  if (kty === 1 && alg === COSE_ALGORITHMS.EdDSA) {
    if (value.get(-1) !== 6) throw new WebAuthnError('WEBAUTHN_ALGORITHM', 'EdDSA key is not Ed25519')
    return { alg, key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64u(value.get(-2), 'x') }, format: 'jwk' }) }
  }
  throw new WebAuthnError('WEBAUTHN_ALGORITHM', `unsupported credential key (kty ${String(kty)}, alg ${String(alg)}); ES256, RS256 and EdDSA are accepted`)
}

/** Verifies `signature` over `data` with a COSE key (ES256 signatures are DER, as WebAuthn sends them). */
export function verifyCoseSignature(k: CosePublicKey, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (k.alg === COSE_ALGORITHMS.ES256) return cryptoVerify('sha256', data, { key: k.key, dsaEncoding: 'der' }, signature)
    if (k.alg === COSE_ALGORITHMS.RS256) return cryptoVerify('sha256', data, k.key, signature)
    return cryptoVerify(null, data, k.key, signature)
  } catch {
    return false
  }
}

/** The key as SubjectPublicKeyInfo PEM, for an auditor's tools (openssl, any WebCrypto). */
export function coseKeyToPem(cose: Uint8Array): string {
  return parseCoseKey(cose).key.export({ type: 'spki', format: 'pem' }).toString()
}
