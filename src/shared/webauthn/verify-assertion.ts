import { parseAuthenticatorData } from './authenticator-data.ts'
import { checkClientData } from './client-data.ts'
import { parseCoseKey, verifyCoseSignature } from './cose-key.ts'
import { base64urlBytes, checkRpIdHash, sha256 } from './verify-registration.ts'
import { WebAuthnError } from './webauthn-error.ts'

export interface AssertionResponse {
  /** base64url credential id */
  rawId: string
  response: {
    clientDataJSON: string
    authenticatorData: string
    signature: string
    userHandle?: string | null
  }
}

export interface VerifyAssertionParameters {
  assertion: AssertionResponse
  /** The stored credential the assertion claims to come from. */
  credential: { credentialId: string; publicKey: Uint8Array; signCount: number }
  challenge: Uint8Array
  origins: readonly string[]
  rpId: string
  /** Default true. */
  requireUserVerification?: boolean
}

export interface VerifiedAssertion {
  signCount: number
  userVerified: boolean
  /** The exact bytes that were verified, kept as evidence. */
  evidence: { credentialId: string; clientDataJSON: string; authenticatorData: string; signature: string }
}

/**
 * Verifies a `navigator.credentials.get()` response (WebAuthn §7.2) against a stored
 * credential: client data, RP id hash, user presence and verification, the signature
 * over `authenticatorData ‖ SHA-256(clientDataJSON)`, and the signature counter (a
 * counter that does not grow, when the authenticator keeps one, means a cloned key).
 */
export function verifyAssertion(p: VerifyAssertionParameters): VerifiedAssertion {
  if (p.assertion?.rawId !== p.credential.credentialId) throw new WebAuthnError('WEBAUTHN_UNKNOWN_CREDENTIAL', 'the assertion is from another passkey')
  const clientDataJSON = base64urlBytes(p.assertion.response?.clientDataJSON, 'clientDataJSON')
  const authDataBytes = base64urlBytes(p.assertion.response.authenticatorData, 'authenticatorData')
  const signature = base64urlBytes(p.assertion.response.signature, 'signature')
  checkClientData(clientDataJSON, { type: 'webauthn.get', challenge: p.challenge, origins: p.origins })
  const authData = parseAuthenticatorData(authDataBytes)
  checkRpIdHash(authData.rpIdHash, p.rpId)
  if (!authData.userPresent) throw new WebAuthnError('WEBAUTHN_USER_PRESENCE', 'the authenticator did not see a user present')
  if ((p.requireUserVerification ?? true) && !authData.userVerified) throw new WebAuthnError('WEBAUTHN_USER_VERIFICATION', 'the passkey did not verify its user (PIN or biometrics)')
  const key = parseCoseKey(p.credential.publicKey)
  if (!verifyCoseSignature(key, new Uint8Array(Buffer.concat([authDataBytes, sha256(clientDataJSON)])), signature)) {
    throw new WebAuthnError('WEBAUTHN_SIGNATURE', 'the passkey signature does not verify', 401)
  }
  if ((authData.signCount !== 0 || p.credential.signCount !== 0) && authData.signCount <= p.credential.signCount) {
    throw new WebAuthnError('WEBAUTHN_COUNTER', 'the passkey counter went backwards: the credential may have been cloned', 401)
  }
  return {
    signCount: authData.signCount,
    userVerified: authData.userVerified,
    evidence: { credentialId: p.credential.credentialId, clientDataJSON: p.assertion.response.clientDataJSON, authenticatorData: p.assertion.response.authenticatorData, signature: p.assertion.response.signature },
  }
}
