import { randomBytes } from 'node:crypto'
import { openSecret, sealSecret, type SealedSecret } from '../auth/seal-secret.ts'
import { WebhookSealKeyInvalidError, WebhookSecretUnreadableError } from './webhook-errors.ts'

const SECRET_PREFIX = 'whsec_'

/** The three bytea columns one sealed secret occupies. */
export interface SealedColumns {
  ciphertext: Uint8Array
  iv: Uint8Array
  tag: Uint8Array
}

/** Throws a ConfigError unless `key` is 32 bytes. */
export function assertSealKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== 32) throw new WebhookSealKeyInvalidError(key?.length ?? 0)
}

/** A fresh signing secret: `whsec_` + 256 random bits, base64url. The HMAC key is its UTF-8 bytes, prefix included. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url')
}

export function sealWebhookSecret(key: Uint8Array, secret: string, subscriptionId: string): SealedSecret {
  assertSealKey(key)
  return sealSecret(key, secret, subscriptionId)
}

const bytes = (v: Uint8Array): Buffer => Buffer.from(v.buffer, v.byteOffset, v.byteLength)

export function openWebhookSecret(key: Uint8Array, sealed: SealedColumns, subscriptionId: string): string {
  assertSealKey(key)
  try {
    return openSecret(key, { ciphertext: bytes(sealed.ciphertext), iv: bytes(sealed.iv), tag: bytes(sealed.tag) }, subscriptionId)
  } catch (cause) {
    // seal-secret's own error names API keys; say what actually failed.
    throw new WebhookSecretUnreadableError(subscriptionId, cause)
  }
}
