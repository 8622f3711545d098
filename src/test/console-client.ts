import type { SignedFetch } from '../shared/auth/sign-request.ts'
import { SoftwareAuthenticator } from './software-authenticator.ts'

export interface ConsoleResponse<T = any> {
  status: number
  body: T
  code: string | undefined
}

/**
 * A browser's view of a console, without the browser: a cookie jar for the session,
 * the CSRF token, and a software passkey. Browser tests drive Chromium instead.
 */
export class ConsoleClient {
  cookie: string | undefined
  csrf: string | undefined
  readonly origin: string
  constructor(
    readonly baseUrl: string,
    readonly authenticator = new SoftwareAuthenticator(),
  ) {
    this.origin = baseUrl.replace('127.0.0.1', 'localhost')
  }

  get rpId() {
    return new URL(this.origin).hostname
  }

  async request<T = any>(method: string, path: string, body?: unknown, opts: { csrf?: boolean; origin?: string } = {}): Promise<ConsoleResponse<T>> {
    const headers: Record<string, string> = {}
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (this.cookie) headers.cookie = this.cookie
    if (this.csrf && opts.csrf !== false && method !== 'GET') headers['x-csrf-token'] = this.csrf
    if (opts.origin) headers.origin = opts.origin
    const res = await fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    const setCookie = res.headers.get('set-cookie')
    if (setCookie) {
      const pair = setCookie.split(';')[0]!
      this.cookie = pair.endsWith('=') ? undefined : pair
    }
    const text = await res.text()
    const parsed = text ? JSON.parse(text) : undefined
    if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed && parsed.csrfToken) this.csrf = parsed.csrfToken
    return { status: res.status, body: parsed as T, code: parsed?.code }
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path)
  }
  post<T = any>(path: string, body: unknown = {}, opts: { csrf?: boolean; origin?: string } = {}) {
    return this.request<T>('POST', path, body, opts)
  }

  /** Follows an enrolment link: creation options, the passkey made, enrolled and signed in. */
  async enrol(url: string): Promise<ConsoleResponse> {
    const token = new URL(url).hash.slice(1)
    const options = await this.post('/v1/console/enrol/options', { token })
    if (options.status !== 200) return options
    const credential = this.authenticator.register({ challenge: options.body.publicKey.challenge, origin: this.origin, rpId: this.rpId })
    return this.post('/v1/console/enrol', { token, challengeId: options.body.challengeId, credential, label: 'test passkey' })
  }

  /** Signs in with this client's passkey. */
  async signIn(): Promise<ConsoleResponse> {
    const options = await this.post('/v1/console/sign-in/options')
    const credential = this.authenticator.assert({ challenge: options.body.publicKey.challenge, origin: this.origin, rpId: this.rpId })
    return this.post('/v1/console/sign-in', { challengeId: options.body.challengeId, credential })
  }

  /** A passkey assertion over a base64url challenge. */
  assert(challenge: string) {
    return this.authenticator.assert({ challenge, origin: this.origin, rpId: this.rpId })
  }
}

/** Has an admin issue an enrolment link for a principal; returns its URL. */
export async function issueEnrolmentLink(admin: SignedFetch, principalId: string): Promise<string> {
  const res = await admin.post<{ url: string }>('/v1/console/enrolments', { principalId })
  if (res.status !== 201) throw new Error(`enrolment link: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.url
}
