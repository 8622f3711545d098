import { createHmac } from 'node:crypto'

/** Header names of a delivery (lower case, as Node presents received headers). */
export const WEBHOOK_HEADERS = {
  signature: 'x-custos-signature',
  eventId: 'x-custos-event-id',
  eventType: 'x-custos-event-type',
  deliveryId: 'x-custos-delivery-id',
} as const

/** Raw HMAC-SHA256(secret, `${timestampSeconds}.` + body). */
export function computeWebhookSignature(secret: string, timestampSeconds: number, rawBody: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest()
}

/**
 * The `X-Custos-Signature` value for `rawBody`: `t=<unix seconds>` then one
 * `v1=<hex>` per secret (two while a rotated secret's overlap lasts, newest first).
 *
 * @example
 * signWebhookPayload({ secrets: ['whsec_…'], rawBody: '{"id":"…"}', timestampSeconds: 1767225600 })
 * // 't=1767225600,v1=5c1f…'
 */
export function signWebhookPayload(p: { secrets: readonly string[]; rawBody: string | Uint8Array; timestampSeconds: number }): string {
  const parts = p.secrets.map((s) => `v1=${computeWebhookSignature(s, p.timestampSeconds, p.rawBody).toString('hex')}`)
  return [`t=${p.timestampSeconds}`, ...parts].join(',')
}
