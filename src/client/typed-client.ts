import { createSignedFetch, type SignedFetch, type SignedFetchOptions } from '../shared/auth/sign-request.ts'

/** The HTTP methods a client calls, in the casing openapi-typescript's `paths` uses. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** The paths of `Paths` that have an operation for `M`. */
export type PathsWith<Paths, M extends HttpMethod> = {
  [P in keyof Paths]: Paths[P] extends { [K in M]: unknown } ? P : never
}[keyof Paths] &
  string

type OperationOf<Paths, P extends keyof Paths, M extends HttpMethod> = Paths[P] extends { [K in M]: infer O } ? O : never

type Present<T> = [T] extends [never] ? false : [T] extends [undefined] ? false : true
type PathParameters<O> = O extends { parameters: { path: infer X } } ? X : never
type QueryParameters<O> = O extends { parameters: { query?: infer X } } ? Exclude<X, undefined> : never
type JsonBody<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never
type Responses<O> = O extends { responses: infer R } ? R : never
type JsonContent<R> = R extends { content: { 'application/json': infer C } } ? C : undefined
type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206

/** The body of any 2xx the operation documents. */
export type SuccessData<O> = { [S in keyof Responses<O>]: S extends SuccessStatus ? JsonContent<Responses<O>[S]> : never }[keyof Responses<O>]

/** What one call takes besides its method and path: path and query parameters and the JSON body, as the document states them. */
export type RequestInit<O> = {
  /** Headers for this call (the signature headers are added last and cannot be overridden). */
  headers?: Record<string, string>
  /** The principal this call is made for (sent signed in `X-Custos-On-Behalf-Of`). */
  onBehalfOf?: string
} & (Present<PathParameters<O>> extends true ? { path: PathParameters<O> } : { path?: undefined }) &
  (Present<QueryParameters<O>> extends true ? { query?: QueryParameters<O> } : { query?: undefined }) &
  (Present<JsonBody<O>> extends true ? (O extends { requestBody: unknown } ? { body: JsonBody<O> } : { body?: JsonBody<O> }) : { body?: undefined })

type InitArgs<O> = {} extends RequestInit<O> ? [init?: RequestInit<O>] : [init: RequestInit<O>]

/** An answer: the typed data of a 2xx, or the problem (RFC 9457, with the service's stable `code`) of an error. */
export type ClientResult<Data, Problem> =
  | { ok: true; status: number; headers: Record<string, string>; data: Data; problem?: undefined }
  | { ok: false; status: number; headers: Record<string, string>; data?: undefined; problem: Problem }

/** The minimum every service's `Problem` model has. */
export interface ProblemShape {
  type: string
  title: string
  status: number
  code: string
  detail: string
}

export interface TypedClient<Paths, Problem extends ProblemShape> {
  GET<P extends PathsWith<Paths, 'get'>>(path: P, ...init: InitArgs<OperationOf<Paths, P, 'get'>>): Promise<ClientResult<SuccessData<OperationOf<Paths, P, 'get'>>, Problem>>
  POST<P extends PathsWith<Paths, 'post'>>(path: P, ...init: InitArgs<OperationOf<Paths, P, 'post'>>): Promise<ClientResult<SuccessData<OperationOf<Paths, P, 'post'>>, Problem>>
  PUT<P extends PathsWith<Paths, 'put'>>(path: P, ...init: InitArgs<OperationOf<Paths, P, 'put'>>): Promise<ClientResult<SuccessData<OperationOf<Paths, P, 'put'>>, Problem>>
  PATCH<P extends PathsWith<Paths, 'patch'>>(path: P, ...init: InitArgs<OperationOf<Paths, P, 'patch'>>): Promise<ClientResult<SuccessData<OperationOf<Paths, P, 'patch'>>, Problem>>
  DELETE<P extends PathsWith<Paths, 'delete'>>(path: P, ...init: InitArgs<OperationOf<Paths, P, 'delete'>>): Promise<ClientResult<SuccessData<OperationOf<Paths, P, 'delete'>>, Problem>>
  /**
   * The untyped way out, for a path known only at run time (`custos call custody admin GET
   * /v1/vaults?limit=5`): the path is sent as given (its query included), signed and answered
   * like every other call, but nothing about it is checked against the document.
   */
  raw(method: string, pathWithQuery: string, init?: RawRequestInit): Promise<ClientResult<unknown, Problem>>
}

/** What an untyped call takes besides its method and path. */
export interface RawRequestInit {
  body?: unknown
  headers?: Record<string, string>
  onBehalfOf?: string
}

/**
 * Connection and credentials: the service's base URL and an API key (id and secret) that signs
 * every request; or a signed transport already made for that key, whose connections and
 * replay-safe timestamps the client then shares (two clients of one key signing the same
 * request in the same millisecond would otherwise be refused as a replay).
 */
export type ClientOptions = SignedFetchOptions | { transport: SignedFetch }

/** `/v1/vaults/{id}` with `{ id: 'v 1' }` → `/v1/vaults/v%201`; a parameter left out is an error, not a literal `{id}`. */
export function fillPath(template: string, values: Record<string, unknown> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = values[name]
    if (v === undefined || v === null || v === '') throw new TypeError(`path parameter ${name} is missing for ${template}`)
    return encodeURIComponent(String(v))
  })
}

/** `?a=1&b=x&b=y` from an object (arrays repeat the name; undefined is left out), or '' when empty. */
export function queryString(query: Record<string, unknown> = {}): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue
    for (const item of Array.isArray(v) ? v : [v]) q.append(k, String(item))
  }
  const s = q.toString()
  return s === '' ? '' : `?${s}`
}

/**
 * A client typed from a service's generated `paths`: each call names a documented path,
 * takes the parameters and body the document states, signs the request (HMAC-SHA256, as
 * `sign-request.ts`) and answers the typed data of a 2xx or the typed problem of an error.
 * It never throws on an HTTP status, only when the service cannot be reached.
 */
export function createTypedClient<Paths, Problem extends ProblemShape>(opts: ClientOptions): TypedClient<Paths, Problem> {
  const signed = 'transport' in opts ? opts.transport : createSignedFetch(opts)
  async function call(method: string, path: string, init: { path?: unknown; query?: unknown; body?: unknown; headers?: Record<string, string>; onBehalfOf?: string } = {}): Promise<ClientResult<unknown, Problem>> {
    return send(method, fillPath(path, init.path as Record<string, unknown> | undefined) + queryString(init.query as Record<string, unknown> | undefined), init)
  }
  async function send(method: string, url: string, init: RawRequestInit): Promise<ClientResult<unknown, Problem>> {
    const res = await signed.request(method, url, init.body, { headers: init.headers, onBehalfOf: init.onBehalfOf })
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, headers: res.headers, data: res.body }
    // An error without problem+json (a proxy's page, say) still reaches the caller as a problem.
    const problem = (res.problem ?? { type: 'about:blank', title: `HTTP ${res.status}`, status: res.status, code: `HTTP_${res.status}`, detail: typeof res.body === 'string' ? res.body.slice(0, 500) : '' }) as unknown as Problem
    return { ok: false, status: res.status, headers: res.headers, problem }
  }
  return {
    GET: (path, ...init) => call('GET', path, init[0]) as never,
    POST: (path, ...init) => call('POST', path, init[0]) as never,
    PUT: (path, ...init) => call('PUT', path, init[0]) as never,
    PATCH: (path, ...init) => call('PATCH', path, init[0]) as never,
    DELETE: (path, ...init) => call('DELETE', path, init[0]) as never,
    raw: (method, pathWithQuery, init = {}) => send(method.toUpperCase(), pathWithQuery, init),
  }
}
