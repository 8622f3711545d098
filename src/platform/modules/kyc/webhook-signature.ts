import { verifyWebhookSignature } from '../../../shared/webhooks/verify-webhook-signature.ts'
import { computeWebhookSignature } from '../../../shared/webhooks/sign-webhook.ts'
import type { Clock } from '../../../shared/clock.ts'

/** Default window either side of now within which a signed timestamp is accepted. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300

export type WebhookSignatureFailure =
  /** No signature header. */
  | 'MISSING_SIGNATURE'
  /** The header is not `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`. */
  | 'MALFORMED_SIGNATURE'
  /** Signed longer ago than the tolerance: a replay, or a delivery retried too late. */
  | 'SIGNATURE_EXPIRED'
  /** Signed further in the future than the tolerance: a wrong clock on one side. */
  | 'TIMESTAMP_IN_FUTURE'
  /** No v1 signature matches the body under any configured secret (tampered body, wrong secret). */
  | 'SIGNATURE_MISMATCH'

export type VerifyVendorWebhookResult =
  | { ok: true; timestamp: number }
  | { ok: false; reason: WebhookSignatureFailure; message: string }

export interface VerifyVendorWebhookParameters {
  /** The signature header's value, e.g. `t=1767225600,v1=5257a8…`. */
  header: string | undefined | null
  /** The body exactly as received: verify before parsing JSON. */
  rawBody: string | Uint8Array
  /** The shared secret, or several during a rotation (any may match). */
  secrets: string | readonly string[]
  clock: Clock
  toleranceSeconds?: number
}

/**
 * Verifies a KYC vendor's webhook signature of the form
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + rawBody)>`. Several
 * `v1` entries are allowed (the vendor rotating its secret). The comparison is
 * constant-time; the failure reason is typed, and the message never contains
 * the secret or the expected signature.
 *
 * @example
 * const v = verifyVendorWebhook({ header: req.headers['x-vendor-signature'], rawBody, secrets: cfg.vendorSecret, clock })
 * if (!v.ok) throw new UnauthorizedError('WEBHOOK_SIGNATURE_INVALID', v.message)
 */
export function verifyVendorWebhook(p: VerifyVendorWebhookParameters): VerifyVendorWebhookResult {
  // The same t=…,v1=… scheme as our own webhooks: one implementation, vendor-flavoured reasons.
  const r = verifyWebhookSignature({ header: p.header, rawBody: p.rawBody, secret: p.secrets, now: p.clock.now(), toleranceSeconds: p.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS })
  if (r.ok) return { ok: true, timestamp: r.timestampSeconds }
  switch (r.reason) {
    case 'MISSING':
      return { ok: false, reason: 'MISSING_SIGNATURE', message: 'the webhook carries no signature header' }
    case 'MALFORMED':
      return malformed()
    case 'EXPIRED': {
      const t = Number(/(?:^|,)\s*t=(\d+)/.exec(String(p.header))?.[1])
      const future = t > Math.floor(p.clock.now().getTime() / 1000)
      return { ok: false, reason: future ? 'TIMESTAMP_IN_FUTURE' : 'SIGNATURE_EXPIRED', message: r.message }
    }
    case 'MISMATCH':
      return { ok: false, reason: 'SIGNATURE_MISMATCH', message: 'no signature matches the body' }
  }
}

/**
 * Produces the header a vendor would send; for tests and for fakes that speak
 * the vendor's protocol.
 *
 * @example
 * signVendorWebhook('whsec_test', '{"id":"evt_1"}', 1767225600) // 't=1767225600,v1=…'
 */
export function signVendorWebhook(secret: string, rawBody: string | Uint8Array, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmac(secret, timestampSeconds, rawBody).toString('hex')}`
}

function hmac(secret: string, timestamp: number, rawBody: string | Uint8Array): Buffer {
  return computeWebhookSignature(secret, timestamp, rawBody)
}

function malformed(): VerifyVendorWebhookResult {
  return { ok: false, reason: 'MALFORMED_SIGNATURE', message: 'signature header must be t=<unix seconds>,v1=<64 hex digits>' }
}
