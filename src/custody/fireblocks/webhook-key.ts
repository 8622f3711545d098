import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto'
import type { CustodyContext } from '../context.ts'
import { openSecret, sealSecret } from '../../shared/auth/seal-secret.ts'

/** The RSA key that signs Fireblocks-format webhooks. Only its public half ever leaves custody. */
export interface WebhookSigningKey {
  kid: string
  publicKeyPem: string
  privateKey: KeyObject
  /** The public key as a JWK (RS512, use sig), as published in the JWKS. */
  jwk: Record<string, string>
}

/**
 * Loads custody's webhook signing key, making it on first boot: RSA 4096 like Fireblocks'
 * own, the private half stored AES-256-GCM-sealed under a key derived from the master key
 * (with the kid as associated data). Two processes booting at once agree on the oldest.
 */
export async function ensureWebhookSigningKey(ctx: CustodyContext, sealKey: Uint8Array): Promise<WebhookSigningKey> {
  let row = await ctx.db.selectFrom('fireblocks_webhook_keys').selectAll().orderBy('created_at').orderBy('kid').executeTakeFirst()
  if (!row) {
    const kid = `custos-webhook-${randomUUID()}`
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 4096 })
    const sealed = sealSecret(sealKey, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), kid)
    await ctx.db
      .insertInto('fireblocks_webhook_keys')
      .values({ kid, public_key_pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), private_ciphertext: sealed.ciphertext, private_iv: sealed.iv, private_tag: sealed.tag, created_at: ctx.clock.now() })
      .execute()
    row = await ctx.db.selectFrom('fireblocks_webhook_keys').selectAll().orderBy('created_at').orderBy('kid').executeTakeFirstOrThrow()
  }
  const pem = openSecret(sealKey, { ciphertext: Buffer.from(row.private_ciphertext), iv: Buffer.from(row.private_iv), tag: Buffer.from(row.private_tag) }, row.kid)
  const jwk = createPublicKey(row.public_key_pem).export({ format: 'jwk' }) as Record<string, string>
  return { kid: row.kid, publicKeyPem: row.public_key_pem, privateKey: createPrivateKey(pem), jwk: { kty: 'RSA', kid: row.kid, use: 'sig', alg: 'RS512', n: jwk.n!, e: jwk.e! } }
}
