import { timingSafeEqual } from 'node:crypto'
import { WebAuthnError } from './webauthn-error.ts'

export interface ClientData {
  type: string
  challenge: string
  origin: string
  crossOrigin?: boolean
}

export interface ExpectedClientData {
  type: 'webauthn.create' | 'webauthn.get'
  /** The challenge bytes the server issued or derived. */
  challenge: Uint8Array
  /** Origins the console is served from, e.g. `https://custody.example.com`. */
  origins: readonly string[]
}

/** Parses clientDataJSON and checks its type, challenge and origin (WebAuthn §7.1 steps 7–10, §7.2 steps 11–14). */
export function checkClientData(clientDataJSON: Uint8Array, expected: ExpectedClientData): ClientData {
  let parsed: unknown
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(clientDataJSON))
  } catch {
    throw new WebAuthnError('WEBAUTHN_MALFORMED', 'clientDataJSON is not JSON')
  }
  const c = parsed as Partial<ClientData>
  if (typeof c !== 'object' || c === null || typeof c.type !== 'string' || typeof c.challenge !== 'string' || typeof c.origin !== 'string') {
    throw new WebAuthnError('WEBAUTHN_MALFORMED', 'clientDataJSON lacks type, challenge or origin')
  }
  if (c.type !== expected.type) throw new WebAuthnError('WEBAUTHN_TYPE', `clientData type is ${c.type}, expected ${expected.type}`)
  const given = Buffer.from(c.challenge, 'base64url')
  const want = Buffer.from(expected.challenge)
  if (given.length !== want.length || !timingSafeEqual(given, want)) {
    throw new WebAuthnError('WEBAUTHN_CHALLENGE', 'the passkey signed another challenge than the one this request is for')
  }
  if (!expected.origins.includes(c.origin)) throw new WebAuthnError('WEBAUTHN_ORIGIN', `origin ${c.origin} is not one this console is served from`)
  if (c.crossOrigin === true) throw new WebAuthnError('WEBAUTHN_ORIGIN', 'the ceremony ran in a cross-origin frame')
  return c as ClientData
}
