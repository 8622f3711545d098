import { createHash } from 'node:crypto'
import { parseAuthenticatorData } from './authenticator-data.ts'
import { decodeCbor } from './cbor.ts'
import { checkClientData } from './client-data.ts'
import { parseCoseKey, verifyCoseSignature, type CoseAlgorithm } from './cose-key.ts'
import { WebAuthnError } from './webauthn-error.ts'

export interface RegistrationResponse {
  /** base64url, as `PublicKeyCredential.rawId`. */
  rawId: string
  response: {
    /** base64url */
    clientDataJSON: string
    /** base64url */
    attestationObject: string
    transports?: string[]
  }
}

export interface VerifyRegistrationParameters {
  credential: RegistrationResponse
  challenge: Uint8Array
  origins: readonly string[]
  rpId: string
  /** Refuse a passkey that did not verify its user (PIN, biometrics). Default true. */
  requireUserVerification?: boolean
}

export interface VerifiedRegistration {
  /** base64url */
  credentialId: string
  /** The COSE public key, as stored and as an auditor receives it. */
  publicKey: Uint8Array
  alg: CoseAlgorithm
  signCount: number
  aaguid: string
  attestationFormat: string
  backedUp: boolean
  transports: string[]
}

const bytes = (s: unknown, what: string): Uint8Array => {
  if (typeof s !== 'string' || !/^[A-Za-z0-9_-]*$/.test(s)) throw new WebAuthnError('WEBAUTHN_MALFORMED', `${what} is not base64url`)
  return new Uint8Array(Buffer.from(s, 'base64url'))
}

export const sha256 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return new Uint8Array(h.digest())
}

export function checkRpIdHash(rpIdHash: Uint8Array, rpId: string): void {
  if (!Buffer.from(rpIdHash).equals(Buffer.from(sha256(new TextEncoder().encode(rpId))))) {
    throw new WebAuthnError('WEBAUTHN_RP_ID', `the passkey was made for another relying party than ${rpId}`)
  }
}

/**
 * Verifies a `navigator.credentials.create()` response (WebAuthn §7.1): client data
 * (type, challenge, origin), RP id hash, user presence and verification, the credential's
 * key, and the attestation statement for the formats `none` and `packed` self-attestation.
 * Attestation by a vendor certificate is not required (passkeys are personal credentials
 * bound to a principal by a one-time enrolment link, not proof of a device model), so
 * `packed` with a certificate chain and other formats are refused rather than half-checked.
 *
 * @example
 * const reg = verifyRegistration({ credential: body, challenge, origins: ['https://custody.example.com'], rpId: 'custody.example.com' })
 */
export function verifyRegistration(p: VerifyRegistrationParameters): VerifiedRegistration {
  const clientDataJSON = bytes(p.credential?.response?.clientDataJSON, 'clientDataJSON')
  checkClientData(clientDataJSON, { type: 'webauthn.create', challenge: p.challenge, origins: p.origins })
  const { value } = decodeCbor(bytes(p.credential.response.attestationObject, 'attestationObject'))
  if (!(value instanceof Map)) throw new WebAuthnError('WEBAUTHN_MALFORMED', 'attestationObject is not a map')
  const fmt = value.get('fmt')
  const attStmt = value.get('attStmt')
  const authDataBytes = value.get('authData')
  if (typeof fmt !== 'string' || !(attStmt instanceof Map) || !(authDataBytes instanceof Uint8Array)) {
    throw new WebAuthnError('WEBAUTHN_MALFORMED', 'attestationObject lacks fmt, attStmt or authData')
  }
  const authData = parseAuthenticatorData(authDataBytes)
  checkRpIdHash(authData.rpIdHash, p.rpId)
  if (!authData.userPresent) throw new WebAuthnError('WEBAUTHN_USER_PRESENCE', 'the authenticator did not see a user present')
  if ((p.requireUserVerification ?? true) && !authData.userVerified) throw new WebAuthnError('WEBAUTHN_USER_VERIFICATION', 'the passkey did not verify its user (PIN or biometrics)')
  if (!authData.attested) throw new WebAuthnError('WEBAUTHN_MALFORMED', 'no credential in the authenticator data')
  const key = parseCoseKey(authData.attested.publicKey)
  const credentialId = Buffer.from(authData.attested.credentialId).toString('base64url')
  if (typeof p.credential.rawId === 'string' && p.credential.rawId !== credentialId) throw new WebAuthnError('WEBAUTHN_MALFORMED', 'rawId is not the credential id in the authenticator data')

  if (fmt === 'packed') {
    if (attStmt.has('x5c')) throw new WebAuthnError('WEBAUTHN_ATTESTATION_FORMAT', 'packed attestation with a certificate is not accepted; request attestation "none"')
    const sig = attStmt.get('sig')
    if (attStmt.get('alg') !== key.alg || !(sig instanceof Uint8Array)) throw new WebAuthnError('WEBAUTHN_MALFORMED', 'packed self-attestation lacks alg or sig')
    if (!verifyCoseSignature(key, new Uint8Array(Buffer.concat([authDataBytes, sha256(clientDataJSON)])), sig)) {
      throw new WebAuthnError('WEBAUTHN_SIGNATURE', 'the self-attestation signature does not verify')
    }
  } else if (fmt !== 'none') {
    throw new WebAuthnError('WEBAUTHN_ATTESTATION_FORMAT', `attestation format ${fmt} is not accepted; request attestation "none"`)
  }
  const transports = Array.isArray(p.credential.response.transports) ? p.credential.response.transports.filter((t) => typeof t === 'string' && t.length <= 32).slice(0, 8) : []
  return { credentialId, publicKey: authData.attested.publicKey, alg: key.alg, signCount: authData.signCount, aaguid: authData.attested.aaguid, attestationFormat: fmt, backedUp: authData.backedUp, transports }
}

export { bytes as base64urlBytes }
