import { performance } from 'node:perf_hooks'

export interface PostWebhookResult {
  /** The HTTP status, if a response came back. */
  statusCode: number | null
  /** Why no response came back (timeout, refused, DNS …); never holds a secret. */
  error: string | null
  durationMs: number
}

const MAX_ERROR_LENGTH = 500

/**
 * One HTTP POST with a hard timeout. Redirects are not followed: a 3xx is a
 * failed attempt, so a receiver cannot bounce signed events to another host.
 */
export async function postWebhook(p: { url: string; headers: Record<string, string>; body: string; timeoutMs: number }): Promise<PostWebhookResult> {
  const started = performance.now()
  const elapsed = () => Math.max(0, Math.round(performance.now() - started))
  try {
    const res = await fetch(p.url, { method: 'POST', headers: p.headers, body: p.body, redirect: 'manual', signal: AbortSignal.timeout(p.timeoutMs) })
    // We only need the status; drop the body rather than buffer whatever the receiver sends.
    await res.body?.cancel().catch(() => {})
    return { statusCode: res.status, error: null, durationMs: elapsed() }
  } catch (err) {
    return { statusCode: null, error: describe(err, p.timeoutMs), durationMs: elapsed() }
  }
}

function describe(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } }
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no response within ${timeoutMs} ms`
  const cause = e?.cause
  const text = cause?.code ? `${cause.code}${cause.message ? `: ${cause.message}` : ''}` : (cause?.message ?? e?.message ?? String(err))
  return text.slice(0, MAX_ERROR_LENGTH)
}
