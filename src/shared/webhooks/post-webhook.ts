import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import { performance } from 'node:perf_hooks'
import type { Logger } from '../logger.ts'
import { hostOf, resolveTarget, STRICT_WEBHOOK_TARGETS, WebhookTargetForbiddenError, type WebhookTargetPolicy } from './webhook-target.ts'

export interface PostWebhookResult {
  /** The HTTP status, if a response came back. */
  statusCode: number | null
  /**
   * Why no response came back, in words that say nothing about the network behind the
   * target (no address, port or socket error: the delivery log must not serve a port scan).
   */
  error: string | null
  durationMs: number
}

/** What the delivery log shows when no response came back. */
export const DELIVERY_ERRORS = {
  unreachable: 'unreachable',
  forbidden: 'target address not allowed',
} as const

/**
 * One HTTP POST with a hard timeout. Redirects are not followed: a 3xx is a
 * failed attempt, so a receiver cannot bounce signed events to another host.
 *
 * The target's name is resolved and every address checked against `targets` at each
 * attempt, and the connection goes to a checked address (a name that resolved to a public
 * address when the subscription was made and to 127.0.0.1 now is refused). Why an attempt
 * failed in detail goes to `logger`, never to the delivery log.
 */
export async function postWebhook(p: {
  url: string
  headers: Record<string, string>
  body: string
  timeoutMs: number
  targets?: WebhookTargetPolicy
  logger?: Logger
}): Promise<PostWebhookResult> {
  const started = performance.now()
  const elapsed = () => Math.max(0, Math.round(performance.now() - started))
  const url = new URL(p.url)
  const signal = AbortSignal.timeout(p.timeoutMs)
  try {
    const addresses = await resolveTarget(p.targets ?? STRICT_WEBHOOK_TARGETS, hostOf(url))
    if (addresses.length === 0) throw Object.assign(new Error(`${url.hostname} does not resolve`), { code: 'ENOTFOUND' })
    const statusCode = await send(url, p, addresses, signal)
    return { statusCode, error: null, durationMs: elapsed() }
  } catch (err) {
    const error = err instanceof WebhookTargetForbiddenError ? DELIVERY_ERRORS.forbidden : signal.aborted ? `no response within ${p.timeoutMs} ms` : DELIVERY_ERRORS.unreachable
    p.logger?.info({ err, host: url.hostname, error }, 'webhook attempt got no response')
    return { statusCode: null, error, durationMs: elapsed() }
  }
}

function send(url: URL, p: { headers: Record<string, string>; body: string }, addresses: { address: string; family: 4 | 6 }[], signal: AbortSignal): Promise<number> {
  // The socket connects to the addresses just checked, never to a second DNS answer.
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, addresses)
    else callback(null, addresses[0]!.address, addresses[0]!.family)
  }
  return new Promise((resolve, reject) => {
    const request = url.protocol === 'https:' ? https.request : http.request
    const req = request(url, { method: 'POST', headers: { ...p.headers, 'content-length': String(Buffer.byteLength(p.body)) }, lookup: pinned, signal, agent: false }, (res) => {
      // Only the status matters; drop whatever the receiver sends.
      res.resume()
      res.on('error', () => {})
      resolve(res.statusCode ?? 0)
      res.destroy()
    })
    req.on('error', reject)
    req.end(p.body)
  })
}
