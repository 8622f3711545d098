import { createPrivateKey, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto'
import { ConfigError } from '../../shared/errors.ts'
import { sha256 } from '../hashing.ts'

/** C2SP signed-note signature type for Ed25519. */
const ED25519_TYPE = 0x01
// DER prefixes that wrap a raw 32-byte Ed25519 seed (PKCS#8) and public key (SPKI).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
const SPKI_ED25519_PREFIX_LENGTH = 12

/**
 * The log's checkpoint signing key. The seed never leaves the closure: only
 * the name, key id, verifier key and a sign function are reachable.
 */
export interface LogSigner {
  /** C2SP key name; by convention the log's origin, e.g. `custos.dev/custody/main`. */
  readonly name: string
  /** 4-byte key id: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[0:4]. */
  readonly keyId: Buffer
  readonly publicKey: Buffer
  /** C2SP verifier key: `<name>+<hex key id>+<base64(0x01 ‖ public key)>`. */
  readonly vkey: string
  sign(message: Uint8Array): Buffer
}

// C2SP signed-note: a key name is non-empty UTF-8 without Unicode spaces or '+'.
export function assertKeyName(name: string): void {
  if (name === '' || /[\s+]/u.test(name) || /[\u0000-\u001f]/.test(name)) {
    throw new ConfigError(`log key name ${JSON.stringify(name)} must be non-empty, without spaces, control characters or '+'`)
  }
}

function keyIdFor(name: string, publicKey: Buffer): Buffer {
  return sha256(Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0x0a, ED25519_TYPE]), publicKey])).subarray(0, 4)
}

/**
 * A signer from a 32-byte Ed25519 seed.
 *
 * @example
 * const signer = logSignerFromSeed('custos.dev/custody/main', seed)
 */
export function logSignerFromSeed(name: string, seed: Uint8Array): LogSigner {
  assertKeyName(name)
  if (seed.length !== 32) throw new ConfigError('an Ed25519 log key seed is 32 bytes')
  const privateKey: KeyObject = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' })
  const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519_PREFIX_LENGTH)
  const keyId = keyIdFor(name, publicKey)
  return {
    name,
    keyId,
    publicKey,
    vkey: `${name}+${keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519_TYPE]), publicKey]).toString('base64')}`,
    sign: (message) => sign(null, message, privateKey),
  }
}

/**
 * A signer from a C2SP/Go `note` private key string
 * `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ seed)>`.
 */
export function logSignerFromSkey(skey: string): LogSigner {
  // base64 may itself hold '+': split off the first four fields only.
  const m = /^PRIVATE\+KEY\+([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(skey.trim())
  if (!m) throw new ConfigError('log signing key is not a PRIVATE+KEY+<name>+<id>+<key> string')
  const [, name, idHex, b64] = m as unknown as [string, string, string, string]
  const raw = Buffer.from(b64, 'base64')
  if (raw.length !== 33 || raw[0] !== ED25519_TYPE) throw new ConfigError('log signing key is not an Ed25519 note key')
  const signer = logSignerFromSeed(name, raw.subarray(1))
  if (signer.keyId.toString('hex') !== idHex) throw new ConfigError('log signing key id does not match its key')
  return signer
}

/**
 * A new random log key, as the `PRIVATE+KEY+…` string to keep secret and the
 * verifier key to publish.
 */
export function generateLogKey(name: string): { skey: string; vkey: string } {
  const seed = randomBytes(32)
  const signer = logSignerFromSeed(name, seed)
  const skey = `PRIVATE+KEY+${name}+${signer.keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519_TYPE]), seed]).toString('base64')}`
  seed.fill(0)
  return { skey, vkey: signer.vkey }
}
