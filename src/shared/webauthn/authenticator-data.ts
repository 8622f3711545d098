import { decodeCbor } from './cbor.ts'
import { WebAuthnError } from './webauthn-error.ts'

export const AUTH_DATA_FLAGS = { userPresent: 0x01, userVerified: 0x04, backupEligible: 0x08, backedUp: 0x10, attestedCredential: 0x40, extensions: 0x80 } as const

export interface AuthenticatorData {
  rpIdHash: Uint8Array
  flags: number
  userPresent: boolean
  userVerified: boolean
  backupEligible: boolean
  backedUp: boolean
  signCount: number
  attested?: { aaguid: string; credentialId: Uint8Array; publicKey: Uint8Array }
}

/** Reads authenticator data (WebAuthn §6.1): RP id hash, flags, counter, and the attested credential when present. */
export function parseAuthenticatorData(data: Uint8Array): AuthenticatorData {
  if (data.length < 37) throw new WebAuthnError('WEBAUTHN_MALFORMED', 'authenticator data is shorter than 37 bytes')
  const flags = data[32]!
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const out: AuthenticatorData = {
    rpIdHash: data.slice(0, 32),
    flags,
    userPresent: (flags & AUTH_DATA_FLAGS.userPresent) !== 0,
    userVerified: (flags & AUTH_DATA_FLAGS.userVerified) !== 0,
    backupEligible: (flags & AUTH_DATA_FLAGS.backupEligible) !== 0,
    backedUp: (flags & AUTH_DATA_FLAGS.backedUp) !== 0,
    signCount: view.getUint32(33),
  }
  if (flags & AUTH_DATA_FLAGS.attestedCredential) {
    if (data.length < 55) throw new WebAuthnError('WEBAUTHN_MALFORMED', 'attested credential data is truncated')
    const aaguid = Buffer.from(data.subarray(37, 53)).toString('hex')
    const idLength = view.getUint16(53)
    if (idLength > 1023 || 55 + idLength > data.length) throw new WebAuthnError('WEBAUTHN_MALFORMED', 'credential id length is out of range')
    const credentialId = data.slice(55, 55 + idLength)
    const rest = data.subarray(55 + idLength)
    const { length } = decodeCbor(rest)
    out.attested = { aaguid, credentialId, publicKey: rest.slice(0, length) }
  }
  return out
}
