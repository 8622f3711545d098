import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SoftwareAuthenticator } from '../../test/software-authenticator.ts'
import { coseKeyToPem } from './cose-key.ts'
import { verifyAssertion } from './verify-assertion.ts'
import { verifyRegistration } from './verify-registration.ts'

const rp = { rpId: 'custody.example.com', origins: ['https://custody.example.com'] }
const origin = rp.origins[0]!

function enrol(auth: SoftwareAuthenticator, fmt: 'none' | 'packed' = 'none') {
  const challenge = randomBytes(32)
  return verifyRegistration({ credential: auth.register({ challenge, origin, rpId: rp.rpId, fmt }), challenge, ...rp })
}

describe('WebAuthn verification', () => {
  for (const alg of ['ES256', 'EdDSA', 'RS256'] as const) {
    it(`registers a ${alg} passkey and accepts its assertions, each once with a growing counter`, () => {
      const auth = new SoftwareAuthenticator({ alg })
      const reg = enrol(auth, 'packed')
      expect(reg.credentialId).toBe(auth.id)
      expect(coseKeyToPem(reg.publicKey)).toContain('BEGIN PUBLIC KEY')
      const challenge = randomBytes(32)
      const ok = verifyAssertion({ assertion: auth.assert({ challenge, origin, rpId: rp.rpId }), credential: { ...reg }, challenge, ...rp })
      expect(ok).toMatchObject({ signCount: 1, userVerified: true })
    })
  }

  it('refuses a registration for another challenge, origin or relying party, or without user verification', () => {
    const auth = new SoftwareAuthenticator()
    const challenge = randomBytes(32)
    expect(() => verifyRegistration({ credential: auth.register({ challenge: randomBytes(32), origin, rpId: rp.rpId }), challenge, ...rp })).toThrow(expect.objectContaining({ code: 'WEBAUTHN_CHALLENGE' }))
    expect(() => verifyRegistration({ credential: auth.register({ challenge, origin: 'https://evil.example', rpId: rp.rpId }), challenge, ...rp })).toThrow(expect.objectContaining({ code: 'WEBAUTHN_ORIGIN' }))
    expect(() => verifyRegistration({ credential: auth.register({ challenge, origin, rpId: 'evil.example' }), challenge, ...rp })).toThrow(expect.objectContaining({ code: 'WEBAUTHN_RP_ID' }))
    auth.userVerified = false
    expect(() => verifyRegistration({ credential: auth.register({ challenge, origin, rpId: rp.rpId }), challenge, ...rp })).toThrow(expect.objectContaining({ code: 'WEBAUTHN_USER_VERIFICATION' }))
  })

  it('refuses an assertion for another challenge, by another key, replayed, or of the wrong type', () => {
    const auth = new SoftwareAuthenticator()
    const reg = enrol(auth)
    const stored = { credentialId: reg.credentialId, publicKey: reg.publicKey, signCount: 0 }
    const challenge = randomBytes(32)
    const good = auth.assert({ challenge, origin, rpId: rp.rpId })
    expect(() => verifyAssertion({ assertion: good, credential: stored, challenge: randomBytes(32), ...rp })).toThrow(expect.objectContaining({ code: 'WEBAUTHN_CHALLENGE' }))
    const first = verifyAssertion({ assertion: good, credential: stored, challenge, ...rp })
    // The same assertion again: its counter no longer grows.
    expect(() => verifyAssertion({ assertion: good, credential: { ...stored, signCount: first.signCount }, challenge, ...rp })).toThrow(expect.objectContaining({ code: 'WEBAUTHN_COUNTER' }))
    const other = new SoftwareAuthenticator()
    const forged = { ...other.assert({ challenge, origin, rpId: rp.rpId }), rawId: auth.id }
    expect(() => verifyAssertion({ assertion: forged, credential: stored, challenge, ...rp })).toThrow(expect.objectContaining({ code: 'WEBAUTHN_SIGNATURE' }))
    expect(() => verifyAssertion({ assertion: auth.assert({ challenge, origin, rpId: rp.rpId, type: 'webauthn.create' }), credential: stored, challenge, ...rp })).toThrow(expect.objectContaining({ code: 'WEBAUTHN_TYPE' }))
    expect(() => verifyAssertion({ assertion: other.assert({ challenge, origin, rpId: rp.rpId }), credential: stored, challenge, ...rp })).toThrow(expect.objectContaining({ code: 'WEBAUTHN_UNKNOWN_CREDENTIAL' }))
  })

  it('refuses a malformed attestation object with a clear code instead of throwing something else', () => {
    const auth = new SoftwareAuthenticator()
    const challenge = randomBytes(32)
    const cred = auth.register({ challenge, origin, rpId: rp.rpId })
    cred.response.attestationObject = cred.response.attestationObject.slice(0, 40)
    expect(() => verifyRegistration({ credential: cred, challenge, ...rp })).toThrow(expect.objectContaining({ code: 'WEBAUTHN_MALFORMED' }))
  })
})
