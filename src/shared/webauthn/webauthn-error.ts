import { CustosError } from '../errors.ts'

/**
 * A WebAuthn response that does not verify. Codes: WEBAUTHN_MALFORMED (cannot be read),
 * WEBAUTHN_TYPE, WEBAUTHN_CHALLENGE, WEBAUTHN_ORIGIN, WEBAUTHN_RP_ID,
 * WEBAUTHN_USER_PRESENCE, WEBAUTHN_USER_VERIFICATION, WEBAUTHN_SIGNATURE,
 * WEBAUTHN_COUNTER (a cloned authenticator), WEBAUTHN_ALGORITHM,
 * WEBAUTHN_ATTESTATION_FORMAT, WEBAUTHN_UNKNOWN_CREDENTIAL.
 */
export class WebAuthnError extends CustosError {
  override readonly name = 'WebAuthnError'
  constructor(code: string, message: string, status = 400) {
    super(code, message, { status })
  }
}
