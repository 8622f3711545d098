import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Clock } from '../../shared/clock.ts'

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
  if (p.header === undefined || p.header === null || p.header.trim() === '') {
    return { ok: false, reason: 'MISSING_SIGNATURE', message: 'the webhook carries no signature header' }
  }
  let timestamp: number | undefined
  const signatures: Buffer[] = []
  for (const part of p.header.split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) return malformed()
    const key = part.slice(0, eq).trim()
    const val = part.slice(eq + 1).trim()
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(val)) return malformed()
      timestamp = Number(val)
    } else if (key === 'v1') {
      if (!/^[0-9a-fA-F]{64}$/.test(val)) return malformed()
      signatures.push(Buffer.from(val, 'hex'))
    }
    // Other schemes (v0, future v2) are ignored, as such headers intend.
  }
  if (timestamp === undefined || signatures.length === 0) return malformed()

  const tolerance = p.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS
  const nowSeconds = Math.floor(p.clock.now().getTime() / 1000)
  const age = nowSeconds - timestamp
  if (age > tolerance) {
    return { ok: false, reason: 'SIGNATURE_EXPIRED', message: `signed ${age}s ago; tolerance is ${tolerance}s` }
  }
  if (-age > tolerance) {
    return { ok: false, reason: 'TIMESTAMP_IN_FUTURE', message: `signed ${-age}s in the future; tolerance is ${tolerance}s` }
  }

  const secrets = typeof p.secrets === 'string' ? [p.secrets] : p.secrets
  let matched = false
  for (const secret of secrets) {
    const expected = hmac(secret, timestamp, p.rawBody)
    // Check every candidate rather than stopping early: timing says nothing about which matched.
    for (const sig of signatures) if (timingSafeEqual(sig, expected)) matched = true
  }
  if (!matched) return { ok: false, reason: 'SIGNATURE_MISMATCH', message: 'no signature matches the body' }
  return { ok: true, timestamp }
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
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest()
}

function malformed(): VerifyVendorWebhookResult {
  return { ok: false, reason: 'MALFORMED_SIGNATURE', message: 'signature header must be t=<unix seconds>,v1=<64 hex digits>' }
}
