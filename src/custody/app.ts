import type { Kysely } from 'kysely'
import { createHttpServer, type HttpServer } from '../shared/http/create-server.ts'
import { registerHealthRoute } from '../shared/service/health.ts'
import { registerMetrics } from '../shared/metrics/http-metrics.ts'
import type { Observability } from '../shared/metrics/observability.ts'
import { installAuth, serviceSecuritySchemes, signedOrSession } from '../shared/auth/auth-plugin.ts'
import type { ApiKeyStore } from '../shared/auth/api-key-store.ts'
import type { ReplayCache } from '../shared/auth/replay-cache.ts'
import { registerApiKeyRoutes } from '../shared/auth/api-key-routes.ts'
import { registerPrincipalRoutes } from '../shared/auth/principal-routes.ts'
import { openChangeRequest } from './governance/change-requests.ts'
import { custodyRateLimiter } from './rate-limiter.ts'
import { VERSION } from '../shared/version.ts'
import { tlsFromFiles, trustProxySetting } from '../shared/http/tls.ts'
import type { CustodyContext } from './context.ts'
import { recordChange } from './events.ts'
import { registerVaultRoutes } from './routes/vaults.ts'
import { registerTransactionRoutes } from './routes/transactions.ts'
import { registerPolicyRoutes } from './routes/policy.ts'
import { registerApprovalRoutes } from './routes/approvals.ts'
import { registerWhitelistRoutes } from './routes/whitelist.ts'
import { registerSigningHaltRoutes } from './routes/signing-halts.ts'
import { registerColdRoutes } from './routes/cold.ts'
import { registerWebhookRoutes } from '../shared/webhooks/routes.ts'
import { registerCustodyAuditRoutes } from './audit/custody-audit.ts'
import { registerAssetRoutes } from './assets/routes.ts'
import { registerHoldRoutes } from './holds/routes.ts'
import { registerDepositRoutes } from './deposits/routes.ts'
import { registerTreasuryRoutes } from './treasury/routes.ts'
import { FIREBLOCKS_PREFIX, FIREBLOCKS_SECURITY, FIREBLOCKS_SECURITY_SCHEMES, registerFireblocksApi, type FireblocksRuntime } from './fireblocks/fireblocks-api.ts'
import type { WebhookContext } from '../shared/webhooks/context.ts'
import { createServiceConsole } from '../shared/console/console.ts'
import { createSecurityEventRecorder } from '../shared/security-events/record-security-event.ts'
import { registerSecurityEventRoutes } from '../shared/security-events/routes.ts'
import { principalsDirectory } from '../shared/console/principal-directory.ts'
import { registerApiKeyIpRoutes } from '../shared/auth/api-key-ip-routes.ts'
import { actorOfKey } from '../shared/auth/actor-of-key.ts'
import { activeRoleConflicts } from './governance/role-separation.ts'

export const CUSTODY_SCOPES = ['read', 'transact', 'approve', 'admin', 'vaults', 'webhooks', 'audit', 'act-on-behalf', 'whitelist-request'] as const

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
    securitySchemes: { ...serviceSecuritySchemes('custody'), ...FIREBLOCKS_SECURITY_SCHEMES },
    security: (route) => (route.url.startsWith(FIREBLOCKS_PREFIX) ? [FIREBLOCKS_SECURITY] : signedOrSession(route)),
    tls: tlsFromFiles({ cert: ctx.config.CUSTODY_TLS_CERT_FILE, key: ctx.config.CUSTODY_TLS_KEY_FILE, clientCa: ctx.config.CUSTODY_TLS_CLIENT_CA_FILE }, 'CUSTODY'),
    trustProxy: trustProxySetting(ctx.config.CUSTODY_TRUST_PROXY),
  })
  const serviceConsole = createServiceConsole(app, {
    service: 'custody',
    db: ctx.db,
    clock: ctx.clock,
    directory: principalsDirectory(ctx.db),
    settings: { origin: ctx.config.CUSTODY_CONSOLE_ORIGIN, idleMinutes: ctx.config.CUSTODY_CONSOLE_IDLE_MINUTES, sessionHours: ctx.config.CUSTODY_CONSOLE_SESSION_HOURS },
    adminScope: 'admin',
  })
  const security = createSecurityEventRecorder({ db: ctx.db, clock: ctx.clock, retentionMs: ctx.config.CUSTODY_SECURITY_EVENT_RETENTION_DAYS * 86_400_000, logger: ctx.logger })
  installAuth(app, {
    sessions: serviceConsole.authenticator,
    lookupKey: deps.apiKeys.lookupKey,
    replayCache: deps.replayCache,
    clock: ctx.clock,
    rateLimiter: custodyRateLimiter(ctx),
    onAuthFailure: async (f) => {
      // Refusals before anyone is known are noise for the audit log: counted apart. A known caller refused is a decision.
      if (f.status !== 403) return security.record({ ...f, keyId: f.keyId })
      // A 403 comes after the signature was verified: the key is real and names its principal.
      const actor = f.keyId ? await actorOfKey(ctx.db, f.keyId) : `ip:${f.ip}`
      await ctx.db.transaction().execute((tx) =>
        recordChange(tx, ctx.events, {
          at: f.at,
          actor,
          action: 'auth.failed',
          targetType: 'route',
          targetId: `${f.method} ${f.path}`,
          details: { code: f.code, status: f.status, ip: f.ip },
        }),
      )
    },
  })
  registerPrincipalRoutes(app, {
    db: ctx.db,
    allowedScopes: CUSTODY_SCOPES,
    roleConflicts: () => activeRoleConflicts(ctx.db),
    propose: async (change, by) => {
      const payload = change.kind === 'PRINCIPAL_CREATE' ? { principal: change.principal } : { grant: change.grant }
      const cr = await ctx.db.transaction().execute((tx) => openChangeRequest(ctx, tx, { kind: change.kind, target: change.principalId, payload, requestedBy: by.principal.keyId, correlationId: by.correlationId }))
      ctx.events.committed?.()
      return cr
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
  registerSecurityEventRoutes(app, { db: ctx.db, scopes: ['admin'] })
  registerApiKeyIpRoutes(app, {
    store: deps.apiKeys,
    audit: async (e) => {
        await ctx.db.transaction().execute((tx) =>
          recordChange(tx, ctx.events, { at: ctx.clock.now(), actor: e.actor, action: e.action, targetType: 'api_key', targetId: e.keyId, after: e.after, correlationId: e.correlationId }),
        )
      },
  })
  registerVaultRoutes(app, ctx)
  registerCustodyAuditRoutes(app, ctx, deps.auditLogKey)
  registerWebhookRoutes(app, {
    db: ctx.db,
    sealKey: deps.webhookSealKey,
    clock: ctx.clock,
    scopes: { read: 'read', admin: 'webhooks' },
    wake: deps.wakeDeliveries,
    logger: ctx.logger,
    targets: deps.fireblocks.webhooks.targets,
    audit: async (e) => {
      await ctx.db.transaction().execute((tx) =>
        recordChange(tx, ctx.events, { at: ctx.clock.now(), actor: e.actor, action: e.action, targetType: 'webhook_subscription', targetId: e.subscriptionId, before: e.before, after: e.after, correlationId: e.correlationId }),
      )
    },
  })
  registerTransactionRoutes(app, ctx)
  registerApprovalRoutes(app, ctx, serviceConsole.ctx)
  registerColdRoutes(app, ctx)
  registerPolicyRoutes(app, ctx)
  registerWhitelistRoutes(app, ctx)
  registerSigningHaltRoutes(app, ctx)
  registerAssetRoutes(app, ctx)
  registerHoldRoutes(app, ctx)
  registerDepositRoutes(app, ctx)
  registerTreasuryRoutes(app, ctx)
  registerFireblocksApi(app, ctx, { security, runtime: deps.fireblocks.runtime, lookupKey: deps.apiKeys.lookupKey, replayCache: deps.replayCache, webhooks: deps.fireblocks.webhooks })
  return app
}
