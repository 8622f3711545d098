import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { ConfigError, CustosError } from '../errors.ts'

export interface SealedSecret {
  ciphertext: Buffer
  iv: Buffer
  tag: Buffer
}

function checkKey(key: Uint8Array): void {
  if (key.length !== 32) throw new ConfigError(`the API key encryption key must be 32 bytes (got ${key.length})`)
}

/**
 * Encrypts `plaintext` with AES-256-GCM under `key`, bound to `context` (the
 * key id) so a ciphertext copied onto another row does not decrypt.
 */
export function sealSecret(key: Uint8Array, plaintext: string, context: string): SealedSecret {
  checkKey(key)
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(context, 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return { ciphertext, iv, tag: cipher.getAuthTag() }
}

/** Decrypts what {@link sealSecret} produced; a wrong key or tampered row is a 500 with a stable code. */
export function openSecret(key: Uint8Array, sealed: SealedSecret, context: string): string {
  checkKey(key)
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: 16 })
    decipher.setAAD(Buffer.from(context, 'utf8'))
    decipher.setAuthTag(sealed.tag)
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8')
  } catch (cause) {
    throw new CustosError('API_KEY_DECRYPT_FAILED', `the secret of API key ${context} cannot be decrypted (wrong encryption key, or the row was altered)`, { cause })
  }
}
