/** A problem+json answer from the API, shown to the user with its code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly body: unknown,
  ) {
    super(`${detail} (${code})`)
  }
}

let csrfToken: string | null = null

/** Remembers the session's CSRF token (from sign-in or GET /v1/console/session). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** Called when the session has ended, so the app can show the sign-in page. */
let onSignedOut: () => void = () => {}
export function whenSignedOut(fn: () => void): void {
  onSignedOut = fn
}

/**
 * Calls the service's API with the session cookie (same origin, http-only) and, on a
 * state-changing request, the CSRF token. Problems become ApiError.
 */
export async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' })
  const text = await res.text()
  let parsed: any
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = text
  }
  if (!res.ok) {
    const code = parsed?.code ?? `HTTP_${res.status}`
    if (res.status === 401 && ['SESSION_EXPIRED', 'SESSION_INVALID', 'AUTH_MISSING_HEADERS', 'PRINCIPAL_DISABLED'].includes(code)) onSignedOut()
    throw new ApiError(res.status, code, parsed?.detail ?? res.statusText, parsed)
  }
  return parsed as T
}

export const get = <T = any>(path: string) => api<T>('GET', path)
export const post = <T = any>(path: string, body: unknown = {}) => api<T>('POST', path, body)

/** Builds a query string from defined values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}
