import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Clock } from '../clock.ts'
import { CustosError } from '../errors.ts'
import { AUTH_ERROR_CODES, authFailure, InvalidJsonError, RateLimitedError, ScopeMissingError } from './auth-errors.ts'
import { createRateLimiter, type RateLimiter } from './rate-limit.ts'
import type { ReplayCache } from './replay-cache.ts'
import type { SessionAuthenticator } from '../console/session-auth.ts'
import { AUTH_HEADERS } from './sign-request.ts'
import { DEFAULT_WINDOW_MS, missingScopes, readAuthHeaders, verifyRequest, type LookupKey, type Principal } from './verify-request.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; set on every non-public route once the auth hook has passed. */
    principal?: Principal
    /** The exact bytes of an application/json body, as signed by the client. */
    rawBody?: Buffer
  }
  interface FastifyContextConfig {
    /** Scopes the caller's key must all hold (403 AUTH_SCOPE_MISSING otherwise). */
    scopes?: readonly string[]
    /** No authentication at all (health, OpenAPI, docs). */
    public?: boolean
    /** The rate-limit budget the route spends from (default `read` for GET/HEAD, `write` otherwise). */
    rateClass?: string
  }
}

/** One refused request, for the audit log of key use failures. Never carries the signature or body. */
export interface AuthFailureInfo {
  /** The X-API-Key sent, if any (unverified: it may not exist). */
  keyId: string | undefined
  code: string
  status: number
  ip: string
  method: string
  /** Path without the query string. */
  path: string
  at: Date
}

export interface InstallAuthOptions {
  lookupKey: LookupKey
  replayCache: ReplayCache
  clock: Clock
  /** Per-key limiter (default 50 req/s, burst 100); `false` turns rate limiting off. */
  rateLimiter?: RateLimiter | false
  /** Accepted clock difference either way (default 30 s). */
  windowMs?: number
  /**
   * Route patterns served without authentication besides routes with
   * `config.public`; a trailing `*` matches a prefix. Default: /health,
   * /openapi.json and the Swagger UI under /docs.
   */
  publicRoutes?: string[]
  /** Called for every 401, 403 and 429 the hook gives; errors it throws are logged, not sent. */
  onAuthFailure?: (info: AuthFailureInfo) => void | Promise<void>
  /**
   * Console sessions: a request with the session cookie and no API key is authenticated
   * by it instead, then meets the same rate limit and scope checks.
   */
  sessions?: SessionAuthenticator
}

/** OpenAPI security schemes describing the signed-request headers, for `createHttpServer({ securitySchemes })`. */
export const AUTH_SECURITY_SCHEMES = {
  apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'key id' },
  apiTimestamp: { type: 'apiKey', in: 'header', name: 'X-API-Timestamp', description: 'milliseconds since the Unix epoch, within 30 s of the server' },
  apiSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Signature',
    description: 'lowercase hex HMAC-SHA256(secret, timestamp + METHOD + path-with-query + raw body)',
  },
} as const

/** The requirement of a signed request: all three headers together. */
export const SIGNED_REQUEST = { apiKey: [], apiTimestamp: [], apiSignature: [] } as Record<string, string[]>

/**
 * The schemes of a service with a console: signed requests, or the console's session
 * cookie (with the CSRF header on unsafe methods).
 */
export function serviceSecuritySchemes(service: 'custody' | 'platform') {
  return {
    ...AUTH_SECURITY_SCHEMES,
    consoleSession: { type: 'apiKey', in: 'cookie', name: `__Host-custos-${service}`, description: 'a console session (passkey sign-in); unsafe methods also send X-CSRF-Token' },
  }
}

/** For `createHttpServer({ security })`: signed requests or a console session; none for public routes. */
export function signedOrSession(route: { isPublic: boolean }): Record<string, string[]>[] {
  return route.isPublic ? [] : [SIGNED_REQUEST, { consoleSession: [] }]
}

const DEFAULT_PUBLIC_ROUTES = ['/health', '/openapi.json', '/docs', '/docs/*']

function matcher(patterns: string[]): (route: string | undefined) => boolean {
  const exact = new Set(patterns.filter((p) => !p.endsWith('*')))
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1))
  return (route) => route !== undefined && (exact.has(route) || prefixes.some((p) => route.startsWith(p)))
}

/**
 * Authenticates every request of `app` (and of the plugins registered on it
 * afterwards) with signed requests. Call it before registering routes.
 *
 * - replaces the application/json parser with one that keeps the exact bytes
 *   in `req.rawBody` (invalid JSON: 400 INVALID_JSON);
 * - onRequest: refuses missing headers and stale timestamps before the body
 *   is read;
 * - preValidation: checks key, signature and replay, then the key's rate
 *   limit (429 with Retry-After) and the route's `config.scopes` (403), and
 *   sets `req.principal`. The handler runs only after all of this.
 *
 * @example
 * installAuth(app, { lookupKey: store.lookupKey, replayCache: createMemoryReplayCache(), clock })
 * app.post('/v1/transactions', { config: { scopes: ['transact'] } }, async (req) => create(ctx, req.principal!, req.body))
 */
export function installAuth(app: FastifyInstance<any, any, any, any, any>, opts: InstallAuthOptions): void {
  const windowMs = opts.windowMs ?? DEFAULT_WINDOW_MS
  const limiter = opts.rateLimiter === false ? undefined : (opts.rateLimiter ?? createRateLimiter())
  const isPublicRoute = matcher(opts.publicRoutes ?? DEFAULT_PUBLIC_ROUTES)
  const parseJson = app.getDefaultJsonParser('error', 'error')

  if (app.hasContentTypeParser('application/json')) app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void) => {
    req.rawBody = body
    if (body.length === 0) return done(null, undefined)
    parseJson(req, body.toString('utf8'), (err, value) => {
      if (err) done(new InvalidJsonError('the request body is not valid JSON'))
      else done(null, value)
    })
  })

  const isPublic = (req: FastifyRequest): boolean => req.routeOptions.config?.public === true || isPublicRoute(req.routeOptions.url)

  async function refuse(req: FastifyRequest, err: unknown): Promise<never> {
    if (opts.onAuthFailure && err instanceof CustosError && (err.status === 401 || err.status === 403 || err.status === 429)) {
      const sent = req.headers[AUTH_HEADERS.keyId]
      try {
        await opts.onAuthFailure({
          keyId: typeof sent === 'string' && sent !== '' ? sent.slice(0, 128) : undefined,
          code: err.code,
          status: err.status,
          ip: req.ip,
          method: req.method,
          path: req.url.split('?')[0] ?? req.url,
          at: opts.clock.now(),
        })
      } catch (auditErr) {
        req.log.error({ err: auditErr }, 'onAuthFailure failed')
      }
    }
    throw err
  }

  const bySession = (req: FastifyRequest): boolean => opts.sessions?.claims(req) === true

  app.addHook('onRequest', async (req: FastifyRequest) => {
    if (isPublic(req) || bySession(req)) return
    try {
      readAuthHeaders(req.headers, opts.clock.now().getTime(), windowMs)
    } catch (err) {
      await refuse(req, err)
    }
  })

  app.addHook('preValidation', async (req: FastifyRequest, reply: FastifyReply) => {
    if (isPublic(req)) return
    try {
      const now = opts.clock.now()
      const principal = bySession(req)
        ? await opts.sessions!.authenticate(req)
        : await verifyRequest({
            headers: req.headers,
            method: req.method,
            url: req.originalUrl,
            rawBody: req.rawBody,
            now,
            lookupKey: opts.lookupKey,
            replayCache: opts.replayCache,
            windowMs,
            ip: req.ip,
          })
      if (limiter) {
        const decision = await limiter.take(rateBucketOf(req, principal), now.getTime())
        if (!decision.allowed) {
          reply.header('retry-after', String(decision.retryAfterSeconds))
          throw new RateLimitedError(decision.retryAfterSeconds)
        }
      }
      const required = req.routeOptions.config?.scopes ?? []
      const missing = missingScopes(principal, required)
      if (missing.length > 0) throw new ScopeMissingError(required, missing)
      req.principal = principal
    } catch (err) {
      await refuse(req, err)
    }
  })
}

/**
 * The bucket a request spends from: per principal (all its keys and sessions share one
 * budget, so minting keys buys no extra rate) and per route class, so a flood of reads
 * cannot starve the same principal's writes (transactions, audit anchoring).
 */
export function rateBucketOf(req: FastifyRequest, principal: Principal): string {
  const cls = req.routeOptions.config?.rateClass ?? (req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'write')
  return `${principal.principalId}|${cls}`
}

/**
 * The caller of a route behind {@link installAuth}; throws 401 if there is
 * none (a public route, or the hook is not installed).
 */
export function requirePrincipal(req: FastifyRequest): Principal {
  if (!req.principal) throw authFailure(AUTH_ERROR_CODES.principalRequired, 'this route needs a signed request')
  return req.principal
}
