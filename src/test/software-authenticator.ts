import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'

type CborIn = number | string | Uint8Array | CborIn[] | Map<CborIn, CborIn>

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n])
  if (n < 256) return Buffer.from([(major << 5) | 24, n])
  if (n < 65536) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff])
  const b = Buffer.alloc(5)
  b[0] = (major << 5) | 26
  b.writeUInt32BE(n, 1)
  return b
}

/** A minimal CBOR encoder (what authenticators send: maps, byte strings, text, small integers). */
export function encodeCbor(v: CborIn): Buffer {
  if (typeof v === 'number') return v >= 0 ? head(0, v) : head(1, -1 - v)
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8')
    return Buffer.concat([head(3, b.length), b])
  }
  if (v instanceof Uint8Array) return Buffer.concat([head(2, v.length), Buffer.from(v)])
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(encodeCbor)])
  const parts: Buffer[] = [head(5, v.size)]
  for (const [k, val] of v) parts.push(encodeCbor(k), encodeCbor(val))
  return Buffer.concat(parts)
}

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest()
const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url')

export type SoftwareAlg = 'ES256' | 'EdDSA' | 'RS256'

/**
 * An authenticator in software that speaks WebAuthn's data formats (authenticator data,
 * COSE keys, attestation objects, assertion signatures), for tests that run without a
 * browser. The browser tests use Chromium's virtual authenticator instead.
 */
export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(32)
  readonly alg: SoftwareAlg
  #privateKey: KeyObject
  #publicKey: KeyObject
  signCount = 0
  userVerified = true

  constructor(opts: { alg?: SoftwareAlg } = {}) {
    this.alg = opts.alg ?? 'ES256'
    const pair =
      this.alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : this.alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('rsa', { modulusLength: 2048 })
    this.#privateKey = pair.privateKey
    this.#publicKey = pair.publicKey
  }

  get id(): string {
    return b64u(this.credentialId)
  }

  coseKey(): Buffer {
    const jwk = this.#publicKey.export({ format: 'jwk' })
    const d = (s: string | undefined) => Buffer.from(s!, 'base64url')
    if (this.alg === 'ES256') return encodeCbor(new Map<CborIn, CborIn>([[1, 2], [3, -7], [-1, 1], [-2, d(jwk.x)], [-3, d(jwk.y)]]))
    if (this.alg === 'EdDSA') return encodeCbor(new Map<CborIn, CborIn>([[1, 1], [3, -8], [-1, 6], [-2, d(jwk.x)]]))
    return encodeCbor(new Map<CborIn, CborIn>([[1, 3], [3, -257], [-1, d(jwk.n)], [-2, d(jwk.e)]]))
  }

  #authData(rpId: string, attested: boolean): Buffer {
    const flags = 0x01 | (this.userVerified ? 0x04 : 0) | (attested ? 0x40 : 0)
    const count = Buffer.alloc(4)
    count.writeUInt32BE(this.signCount)
    const parts: Uint8Array[] = [sha256(rpId), Buffer.from([flags]), count]
    if (attested) {
      const len = Buffer.alloc(2)
      len.writeUInt16BE(this.credentialId.length)
      parts.push(Buffer.alloc(16), len, this.credentialId, this.coseKey())
    }
    return Buffer.concat(parts)
  }

  #sign(data: Buffer): Buffer {
    return this.alg === 'EdDSA' ? sign(null, data, this.#privateKey) : sign('sha256', data, this.#privateKey)
  }

  /** What `navigator.credentials.create()` returns, JSON-encoded as the consoles send it. */
  register(opts: { challenge: Uint8Array | string; origin: string; rpId: string; fmt?: 'none' | 'packed' }) {
    const challenge = typeof opts.challenge === 'string' ? opts.challenge : b64u(opts.challenge)
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge, origin: opts.origin, crossOrigin: false }))
    const authData = this.#authData(opts.rpId, true)
    const fmt = opts.fmt ?? 'none'
    const attStmt =
      fmt === 'none' ? new Map<CborIn, CborIn>() : new Map<CborIn, CborIn>([['alg', this.alg === 'ES256' ? -7 : this.alg === 'EdDSA' ? -8 : -257], ['sig', this.#sign(Buffer.concat([authData, sha256(clientDataJSON)]))]])
    const attestationObject = encodeCbor(new Map<CborIn, CborIn>([['fmt', fmt], ['attStmt', attStmt], ['authData', authData]]))
    return { id: this.id, rawId: this.id, type: 'public-key', response: { clientDataJSON: b64u(clientDataJSON), attestationObject: b64u(attestationObject), transports: ['internal'] } }
  }

  /** What `navigator.credentials.get()` returns for `challenge`, JSON-encoded; the counter goes up by one. */
  assert(opts: { challenge: Uint8Array | string; origin: string; rpId: string; type?: string }) {
    this.signCount += 1
    const challenge = typeof opts.challenge === 'string' ? opts.challenge : b64u(opts.challenge)
    const clientDataJSON = Buffer.from(JSON.stringify({ type: opts.type ?? 'webauthn.get', challenge, origin: opts.origin, crossOrigin: false }))
    const authData = this.#authData(opts.rpId, false)
    const signature = this.#sign(Buffer.concat([authData, sha256(clientDataJSON)]))
    return { id: this.id, rawId: this.id, type: 'public-key', response: { clientDataJSON: b64u(clientDataJSON), authenticatorData: b64u(authData), signature: b64u(signature), userHandle: null } }
  }
}
