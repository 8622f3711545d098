import { timingSafeEqual } from 'node:crypto'
import { CustosError } from '../errors.ts'
import { computeWebhookSignature } from './sign-webhook.ts'

export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300

export type WebhookSignatureFailureReason =
  /** No `X-Custos-Signature` header. */
  | 'MISSING'
  /** Not `t=<unix seconds>,v1=<64 hex>[,v1=<64 hex>…]`, or the header was repeated. */
  | 'MALFORMED'
  /** `t` is further than the tolerance from now, in either direction (a replay, or a skewed clock). */
  | 'EXPIRED'
  /** No `v1` matches the body under any of the secrets (tampered body, wrong secret). */
  | 'MISMATCH'

export type VerifyWebhookSignatureResult =
  | { ok: true; timestampSeconds: number }
  | { ok: false; reason: WebhookSignatureFailureReason; message: string }

export interface VerifyWebhookSignatureParameters {
  /** The `X-Custos-Signature` header as received (Node gives an array if it was repeated). */
  header: string | readonly string[] | undefined | null
  /** The body bytes exactly as received: verify before parsing JSON. */
  rawBody: string | Uint8Array
  /** The subscription secret, or the old and new one while the receiver is switching. */
  secret: string | readonly string[]
  now: Date
  toleranceSeconds?: number
}

/**
 * Receiver side: checks a delivery's `X-Custos-Signature`. Several `v1`
 * values are accepted (the sender signs with both secrets during a rotation
 * overlap) and several secrets may be given; every comparison is
 * constant-time and all candidates are tried, so timing does not reveal
 * which one matched. The message never holds a secret or an expected value.
 *
 * @example
 * const v = verifyWebhookSignature({ header: req.headers['x-custos-signature'], rawBody, secret, now: clock.now() })
 * if (!v.ok) throw new WebhookSignatureInvalidError(v.reason, v.message)
 */
export function verifyWebhookSignature(p: VerifyWebhookSignatureParameters): VerifyWebhookSignatureResult {
  if (p.header === undefined || p.header === null || (typeof p.header === 'string' && p.header.trim() === '')) {
    return { ok: false, reason: 'MISSING', message: 'the delivery carries no X-Custos-Signature header' }
  }
  if (typeof p.header !== 'string') return malformed()
  let timestamp: number | undefined
  const signatures: Buffer[] = []
  for (const part of p.header.split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) return malformed()
    const key = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) return malformed()
      timestamp = Number(value)
    } else if (key === 'v1') {
      if (!/^[0-9a-fA-F]{64}$/.test(value)) return malformed()
      signatures.push(Buffer.from(value, 'hex'))
    }
    // Unknown schemes (a future v2) are skipped so senders can add them without breaking receivers.
  }
  if (timestamp === undefined || signatures.length === 0) return malformed()

  const tolerance = p.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS
  const skew = Math.floor(p.now.getTime() / 1000) - timestamp
  if (Math.abs(skew) > tolerance) {
    const when = skew > 0 ? `${skew} s ago` : `${-skew} s in the future`
    return { ok: false, reason: 'EXPIRED', message: `signed ${when}; tolerance is ${tolerance} s` }
  }

  const secrets = typeof p.secret === 'string' ? [p.secret] : p.secret
  let matched = false
  for (const secret of secrets) {
    const expected = computeWebhookSignature(secret, timestamp, p.rawBody)
    for (const sig of signatures) if (timingSafeEqual(sig, expected)) matched = true
  }
  if (!matched) return { ok: false, reason: 'MISMATCH', message: 'no v1 signature matches the body' }
  return { ok: true, timestampSeconds: timestamp }
}

function malformed(): VerifyWebhookSignatureResult {
  return { ok: false, reason: 'MALFORMED', message: 'X-Custos-Signature must be t=<unix seconds>,v1=<64 hex digits>[,v1=…]' }
}

/** 401 for a receiver to throw when {@link verifyWebhookSignature} fails; code `WEBHOOK_SIGNATURE_<reason>`. */
export class WebhookSignatureInvalidError extends CustosError {
  override readonly name = 'WebhookSignatureInvalidError'
  readonly reason: WebhookSignatureFailureReason
  constructor(reason: WebhookSignatureFailureReason, message: string) {
    super(`WEBHOOK_SIGNATURE_${reason}`, message, { status: 401, details: { reason } })
    this.reason = reason
  }
}
