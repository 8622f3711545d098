import type { SecurityEventRecorder } from '../../shared/security-events/record-security-event.ts'
import type { FastifyRequest } from 'fastify'
import type { HttpServer } from '../../shared/http/create-server.ts'
import type { LookupKey, Principal } from '../../shared/auth/verify-request.ts'
import type { ReplayCache } from '../../shared/auth/replay-cache.ts'
import { custodyRateLimiter } from '../rate-limiter.ts'
import type { WebhookContext, WebhookFormat } from '../../shared/webhooks/context.ts'
import { CustosError } from '../../shared/errors.ts'
import type { CustodyContext } from '../context.ts'
import { recordChange } from '../events.ts'
import { findApiUser, principalOfApiUser } from './api-users.ts'
import { FIREBLOCKS_AUTH_CODES, FireblocksApiError, sendFireblocksError, unauthorized } from './fireblocks-errors.ts'
import { verifyFireblocksRequest } from './verify-jwt.ts'
import { ensureWebhookSigningKey, type WebhookSigningKey } from './webhook-key.ts'
import { fireblocksWebhookFormat } from './webhook-format.ts'
import { registerVaultRoutes } from './routes/vault-routes.ts'
import { registerTransactionRoutes } from './routes/transaction-routes.ts'
import { registerWorkspaceRoutes } from './routes/workspace-routes.ts'
import { registerApiUserRoutes } from './routes/api-user-routes.ts'
import { registerExternalWalletRoutes } from './routes/external-wallet-routes.ts'
import { auditActor } from '../../shared/auth/audit-actor.ts'
import { FIREBLOCKS_SUMMARIES } from './routes/summaries.ts'

/** Where the Fireblocks-compatible API is served: point an SDK's basePath at `<custody>/fireblocks/v1`. */
export const FIREBLOCKS_PREFIX = '/fireblocks/v1'

/** How the Fireblocks-compatible API authenticates, as Fireblocks documents it, for the OpenAPI document. */
export const FIREBLOCKS_SECURITY_SCHEMES = {
  fireblocksApiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'the Fireblocks API user id' },
  fireblocksJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'RS256 JWT per request: uri, nonce, iat, exp, sub, bodyHash' },
}
export const FIREBLOCKS_SECURITY: Record<string, string[]> = { fireblocksApiKey: [], fireblocksJwt: [] }

declare module 'fastify' {
  interface FastifyRequest {
    /** The Fireblocks API user of a request under the Fireblocks prefix. */
    fireblocksApiKey?: string
  }
}

/**
 * The Fireblocks-compatible API's state in one custody process: the webhook signing key
 * (made on first use) and the webhook format that uses it.
 */
export interface FireblocksRuntime {
  signingKey(): Promise<WebhookSigningKey>
  /** Formats for the webhook delivery loop (`fireblocks`). */
  formats: Readonly<Record<string, WebhookFormat>>
}

/**
 * @example
 * const fireblocks = createFireblocksRuntime(ctx, { sealKey: deriveKey(masterKey, 'fireblocks-webhooks') })
 * startDeliveryLoop({ ...webhookCtx, formats: fireblocks.formats }, …)
 */
export function createFireblocksRuntime(ctx: CustodyContext, opts: { sealKey: Uint8Array }): FireblocksRuntime {
  let key: Promise<WebhookSigningKey> | undefined
  const signingKey = () => {
    key ??= ensureWebhookSigningKey(ctx, opts.sealKey).catch((err) => {
      key = undefined
      throw err
    })
    return key
  }
  // One workspace per custody: its audit origin names it.
  const workspaceId = ctx.config.CUSTODY_AUDIT_ORIGIN
  const lazy: WebhookFormat = {
    async render(input) {
      return fireblocksWebhookFormat(ctx, await signingKey(), workspaceId).render(input)
    },
  }
  return { signingKey, formats: { fireblocks: lazy } }
}

export interface FireblocksApiDeps {
  runtime: FireblocksRuntime
  lookupKey: LookupKey
  replayCache: ReplayCache
  /** The webhook context of the delivery loop (with the formats). */
  webhooks: WebhookContext
  /** Where refusals before anyone is authenticated are counted (not the audit log). */
  security?: SecurityEventRecorder
}

/** What every route file of the Fireblocks API receives. */
export interface FireblocksRouteDeps {
  ctx: CustodyContext
  webhooks: { ctx: WebhookContext; ready(): Promise<unknown> }
  principalOf(req: FastifyRequest): Principal
  actorOf(req: FastifyRequest): string
}

export type FireblocksRoutes = (fb: HttpServer, deps: FireblocksRouteDeps) => void

/**
 * Serves the Fireblocks API under {@link FIREBLOCKS_PREFIX} with its own authentication
 * (per-request RS256 JWT with `X-API-Key`), its own error bodies (`{message, code}`) and
 * its own rate limit; the native signed-request check does not apply there. Also
 * publishes the webhook verification key (PEM and JWKS), and the native admin routes that
 * register API users.
 */
export function registerFireblocksApi(app: HttpServer, ctx: CustodyContext, deps: FireblocksApiDeps): void {
  registerApiUserRoutes(app, ctx, { lookupKey: deps.lookupKey })

  app.get('/fireblocks/webhook_public_key.pem', { config: { public: true }, schema: { tags: ['fireblocks'], summary: 'The public key that verifies Fireblocks-format webhooks (Fireblocks-Signature)' } }, async (_req, reply) => {
    return reply.type('application/x-pem-file').send((await deps.runtime.signingKey()).publicKeyPem)
  })
  app.get('/fireblocks/.well-known/jwks.json', { config: { public: true }, schema: { tags: ['fireblocks'], summary: 'The webhook verification key as a JWKS (Fireblocks-Webhook-Signature)' } }, async (_req, reply) => {
    return reply.header('cache-control', 'public, max-age=3600').send({ keys: [(await deps.runtime.signingKey()).jwk] })
  })

  const limiter = custodyRateLimiter(ctx)
  const routeDeps: FireblocksRouteDeps = {
    ctx,
    webhooks: { ctx: deps.webhooks, ready: () => deps.runtime.signingKey() },
    principalOf(req) {
      const p = req.principal
      if (!p) throw unauthorized(FIREBLOCKS_AUTH_CODES.missingJwt, 'FIREBLOCKS_JWT_MISSING', 'this route needs a Fireblocks JWT')
      return p
    },
    actorOf(req) {
      return auditActor(routeDeps.principalOf(req))
    },
  }

  app.register(
    async (fb) => {
      // Listed under their own tag in /openapi.json, beside the native API, each with its summary.
      fb.addHook('onRoute', (route) => {
        const method = Array.isArray(route.method) ? route.method[0] : route.method
        const summary = FIREBLOCKS_SUMMARIES[`${method} ${route.url.slice(FIREBLOCKS_PREFIX.length)}`]
        route.schema = { ...(summary ? { summary } : {}), ...route.schema, tags: ['fireblocks'] }
      })
      fb.setErrorHandler((err, req, reply) => sendFireblocksError(err, req, reply))
      fb.setNotFoundHandler((req, reply) => sendFireblocksError(new FireblocksApiError(404, 'NOT_FOUND', 'ROUTE_NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`), req, reply))
      fb.addHook('preValidation', async (req, reply) => {
        const now = ctx.clock.now()
        try {
          const { user } = await verifyFireblocksRequest({ headers: req.headers, url: req.originalUrl, rawBody: req.rawBody, now, findUser: (k) => findApiUser(ctx, k), replayCache: deps.replayCache })
          const principal = await principalOfApiUser(user, deps.lookupKey, now)
          if (!principal) throw unauthorized(FIREBLOCKS_AUTH_CODES.tokenNotAccepted, 'FIREBLOCKS_PRINCIPAL_INACTIVE', 'the identity this API user acts as is revoked or expired')
          const decision = await limiter.take(`fireblocks:${user.api_key}`, now.getTime())
          if (!decision.allowed) {
            reply.header('retry-after', String(decision.retryAfterSeconds))
            throw new FireblocksApiError(429, 'RATE_LIMIT_REACHED', 'RATE_LIMITED', `too many requests; retry in ${decision.retryAfterSeconds} s`)
          }
          const missing = (req.routeOptions.config?.scopes ?? []).filter((s) => !principal.scopes.includes(s))
          if (missing.length > 0) throw new FireblocksApiError(403, FIREBLOCKS_AUTH_CODES.insufficientPermissions, 'AUTH_SCOPE_MISSING', `this API user lacks ${missing.join(', ')}`, { missing })
          req.principal = principal
          req.fireblocksApiKey = user.api_key
        } catch (err) {
          if (err instanceof CustosError && err.status === 403) await auditFailure(ctx, req, err)
          else if (err instanceof CustosError && [401, 429].includes(err.status) && deps.security) {
            const sent = req.headers['x-api-key']
            await deps.security.record({ code: err.code, status: err.status, ip: req.ip, method: req.method, path: req.url.split('?')[0] ?? req.url, keyId: typeof sent === 'string' && sent !== '' ? sent : undefined, at: ctx.clock.now() })
          }
          throw err
        }
      })
      const register = [registerVaultRoutes, registerTransactionRoutes, registerWorkspaceRoutes, registerExternalWalletRoutes]
      for (const r of register) r(fb as unknown as HttpServer, routeDeps)
    },
    { prefix: FIREBLOCKS_PREFIX },
  )
}

async function auditFailure(ctx: CustodyContext, req: FastifyRequest, err: CustosError): Promise<void> {
  const sent = req.headers['x-api-key']
  const apiKey = typeof sent === 'string' && sent !== '' ? sent.slice(0, 64) : undefined
  try {
    await ctx.db.transaction().execute((tx) =>
      recordChange(tx, ctx.events, {
        at: ctx.clock.now(),
        actor: apiKey ? `fireblocks:${apiKey}` : `ip:${req.ip}`,
        action: 'auth.failed',
        targetType: 'route',
        targetId: `${req.method} ${req.url.split('?')[0]}`,
        details: { code: err.code, status: err.status, ip: req.ip },
      }),
    )
  } catch (auditErr) {
    req.log.error({ err: auditErr }, 'recording a refused Fireblocks request failed')
  }
}
