import type { Kysely } from 'kysely'
import { createHttpServer, type HttpServer } from '../shared/http/create-server.ts'
import { registerHealthRoute } from '../shared/service/health.ts'
import { registerMetrics } from '../shared/metrics/http-metrics.ts'
import type { Observability } from '../shared/metrics/observability.ts'
import { installAuth, AUTH_SECURITY_SCHEMES } from '../shared/auth/auth-plugin.ts'
import type { ApiKeyStore } from '../shared/auth/api-key-store.ts'
import type { ReplayCache } from '../shared/auth/replay-cache.ts'
import { registerApiKeyRoutes } from '../shared/auth/api-key-routes.ts'
import { createRateLimiter } from '../shared/auth/rate-limit.ts'
import { VERSION } from '../shared/version.ts'
import type { CustodyContext } from './context.ts'
import { recordChange } from './events.ts'
import { registerVaultRoutes } from './routes/vaults.ts'
import { registerTransactionRoutes } from './routes/transactions.ts'
import { registerPolicyRoutes } from './routes/policy.ts'
import { registerApprovalRoutes } from './routes/approvals.ts'
import { registerWhitelistRoutes } from './routes/whitelist.ts'
import { registerColdRoutes } from './routes/cold.ts'
import { registerWebhookRoutes } from '../shared/webhooks/routes.ts'
import { registerCustodyAuditRoutes } from './audit/custody-audit.ts'
import { registerAssetRoutes } from './assets/routes.ts'
import { registerFireblocksApi, type FireblocksRuntime } from './fireblocks/fireblocks-api.ts'
import type { WebhookContext } from '../shared/webhooks/context.ts'
import { createServiceConsole } from '../shared/console/console.ts'
import { apiKeyPrincipals } from '../shared/console/principal-directory.ts'

export const CUSTODY_SCOPES = ['read', 'transact', 'approve', 'admin', 'vaults', 'webhooks', 'audit'] as const

/**
 * The custody HTTP API as a Fastify instance, built from a context so tests
 * can `inject` requests without a socket. Listening is main.ts's business.
 */
export async function buildCustodyApp(ctx: CustodyContext, deps: { observability: Observability; apiKeys: ApiKeyStore; replayCache: ReplayCache; webhookSealKey: Uint8Array; wakeDeliveries: () => void; auditLogKey: { name: string; vkey: string }; fireblocks: { runtime: FireblocksRuntime; webhooks: WebhookContext } }): Promise<HttpServer> {
  const app = await createHttpServer({
    title: 'Custos custody API',
    version: VERSION,
    description: 'Vaults, keys that never leave custody, policy-governed transactions, signed webhooks. Every request is signed: see the security schemes.',
    logger: ctx.logger,
    securitySchemes: AUTH_SECURITY_SCHEMES,
  })
  const serviceConsole = createServiceConsole(app, {
    service: 'custody',
    db: ctx.db,
    clock: ctx.clock,
    directory: apiKeyPrincipals(deps.apiKeys, ctx.clock),
    settings: { origin: ctx.config.CUSTODY_CONSOLE_ORIGIN, idleMinutes: ctx.config.CUSTODY_CONSOLE_IDLE_MINUTES, sessionHours: ctx.config.CUSTODY_CONSOLE_SESSION_HOURS },
    adminScope: 'admin',
  })
  installAuth(app, {
    sessions: serviceConsole.authenticator,
    lookupKey: deps.apiKeys.lookupKey,
    replayCache: deps.replayCache,
    clock: ctx.clock,
    rateLimiter: createRateLimiter({ ratePerSecond: ctx.config.CUSTODY_API_RATE_PER_SECOND, burst: ctx.config.CUSTODY_API_BURST }),
    onAuthFailure: async (f) => {
      await ctx.db.transaction().execute((tx) =>
        recordChange(tx, ctx.events, {
          at: f.at,
          actor: f.keyId ? `apikey:${f.keyId}` : `ip:${f.ip}`,
          action: 'auth.failed',
          targetType: 'route',
          targetId: `${f.method} ${f.path}`,
          details: { code: f.code, status: f.status, ip: f.ip },
        }),
      )
    },
  })
  registerHealthRoute(app, {
    service: 'custody',
    db: ctx.db as Kysely<unknown>,
    databaseKind: ctx.databaseKind,
    chainId: ctx.chain.chainId,
    chain: deps.observability.chainProbe,
  })
  registerMetrics(app, deps.observability.metrics)
  registerApiKeyRoutes(app, {
    store: deps.apiKeys,
    allowedScopes: CUSTODY_SCOPES,
    audit: async (e) => {
      await ctx.db.transaction().execute((tx) =>
        recordChange(tx, ctx.events, { at: ctx.clock.now(), actor: e.actor, action: e.action, targetType: 'api_key', targetId: e.keyId, after: e.after, correlationId: e.correlationId }),
      )
    },
  })
  serviceConsole.register()
  registerVaultRoutes(app, ctx)
  registerCustodyAuditRoutes(app, ctx, deps.auditLogKey)
  registerWebhookRoutes(app, { db: ctx.db, sealKey: deps.webhookSealKey, clock: ctx.clock, scopes: { read: 'read', admin: 'webhooks' }, wake: deps.wakeDeliveries, logger: ctx.logger })
  registerTransactionRoutes(app, ctx)
  registerApprovalRoutes(app, ctx, serviceConsole.ctx)
  registerColdRoutes(app, ctx)
  registerPolicyRoutes(app, ctx)
  registerWhitelistRoutes(app, ctx)
  registerAssetRoutes(app, ctx)
  registerFireblocksApi(app, ctx, { runtime: deps.fireblocks.runtime, lookupKey: deps.apiKeys.lookupKey, replayCache: deps.replayCache, webhooks: deps.fireblocks.webhooks })
  return app
}
