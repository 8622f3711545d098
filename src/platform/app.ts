import type { Kysely } from 'kysely'
import { createHttpServer, type HttpServer } from '../shared/http/create-server.ts'
import { registerHealthRoute } from '../shared/service/health.ts'
import { registerMetrics } from '../shared/metrics/http-metrics.ts'
import type { Observability } from '../shared/metrics/observability.ts'
import { installAuth, serviceSecuritySchemes, signedOrSession } from '../shared/auth/auth-plugin.ts'
import { createServiceRateLimiter } from '../shared/auth/db-rate-limit.ts'
import type { ApiKeyStore } from '../shared/auth/api-key-store.ts'
import type { ReplayCache } from '../shared/auth/replay-cache.ts'
import { registerApiKeyRoutes } from '../shared/auth/api-key-routes.ts'
import { registerPrincipalRoutes } from '../shared/auth/principal-routes.ts'
import { registerWebhookRoutes } from '../shared/webhooks/routes.ts'
import { parseWebhookTargetPolicy } from '../shared/webhooks/webhook-target.ts'
import type { Clock } from '../shared/clock.ts'
import { VERSION } from '../shared/version.ts'
import { tlsFromFiles, trustProxySetting } from '../shared/http/tls.ts'
import type { PlatformContext } from './context.ts'
import { recordChange } from './record-change.ts'
import { PLATFORM_SCOPES } from './http/principal.ts'
import { registerOnboardingRoutes } from './modules/onboarding/public.ts'
import { registerInvestorRoutes } from './modules/investors/public.ts'
import { registerInboundRoutes } from './modules/inbound/public.ts'
import { registerTokenRoutes } from './modules/tokens/public.ts'
import { registerIssuanceRoutes } from './modules/issuance/public.ts'
import { registerTransferRoutes } from './modules/transfers/public.ts'
import { registerOfferingRoutes } from './modules/offerings/public.ts'
import { registerHolderRoutes } from './modules/indexer/public.ts'
import { registerReconciliationRoutes } from './modules/reconciliation/public.ts'
import { registerPlatformAuditRoutes } from './modules/audit/public.ts'
import { registerDistributionRoutes } from './modules/distributions/public.ts'
import { registerRedemptionRoutes } from './modules/redemptions/public.ts'
import { registerAgentRoutes } from './modules/agent/public.ts'
import { registerCashRoutes } from './modules/cash/public.ts'
import { registerFireblocksInboundRoute } from './modules/inbound/public.ts'
import type { KeyObject } from 'node:crypto'
import { createServiceConsole } from '../shared/console/console.ts'
import { createSecurityEventRecorder } from '../shared/security-events/record-security-event.ts'
import { registerSecurityEventRoutes } from '../shared/security-events/routes.ts'
import { principalsDirectory } from '../shared/console/principal-directory.ts'
import { registerApiKeyIpRoutes } from '../shared/auth/api-key-ip-routes.ts'
import { actorOfKey } from '../shared/auth/actor-of-key.ts'
import { parseRoleCombinations, roleConflictsAllowing } from '../shared/auth/principals.ts'

export { PLATFORM_SCOPES }

export interface PlatformAppDeps {
  observability: Observability
  apiKeys: ApiKeyStore
  replayCache: ReplayCache
  /** 32 bytes sealing webhook subscription secrets. */
  webhookSealKey: Uint8Array
  /** Wakes the outbound webhook delivery loop (after a redelivery is scheduled). */
  wakeDeliveries?: () => void
  /** Real time for request signatures and webhook freshness (senders sign with their own clocks). */
  transportClock: Clock
  custodyWebhookSecrets(): string[]
  /** Verifies Fireblocks webhooks (CUSTODY_PROVIDER=fireblocks); null when none is configured. */
  fireblocksWebhookKey?(): KeyObject | null
  kycWebhookSecrets(): string[]
  /** The audit log's public key (name = origin), served with the audit API; without it the audit API is not registered. */
  auditLogKey?: { name: string; vkey: string }
}

/**
 * The platform HTTP API as a Fastify instance, built from a context so tests
 * can `inject` requests without a socket. Listening is main.ts's business.
 */
export async function buildPlatformApp(ctx: PlatformContext, deps: PlatformAppDeps): Promise<HttpServer> {
  const app = await createHttpServer({
    title: 'Custos platform API',
    version: VERSION,
    description:
      'Investors and KYC, on-chain identities, tokens and offerings, issuance, compliant transfers, cap table, audit. Every request is signed: see the security schemes. Roles: issuer-admin, compliance-officer, operator, auditor.',
    logger: ctx.logger,
    securitySchemes: serviceSecuritySchemes('platform'),
    security: signedOrSession,
    tls: tlsFromFiles({ cert: ctx.config.PLATFORM_TLS_CERT_FILE, key: ctx.config.PLATFORM_TLS_KEY_FILE, clientCa: ctx.config.PLATFORM_TLS_CLIENT_CA_FILE }, 'PLATFORM'),
    trustProxy: trustProxySetting(ctx.config.PLATFORM_TRUST_PROXY),
  })
  const serviceConsole = createServiceConsole(app, {
    service: 'platform',
    db: ctx.db,
    clock: deps.transportClock,
    directory: principalsDirectory(ctx.db),
    settings: { origin: ctx.config.PLATFORM_CONSOLE_ORIGIN, idleMinutes: ctx.config.PLATFORM_CONSOLE_IDLE_MINUTES, sessionHours: ctx.config.PLATFORM_CONSOLE_SESSION_HOURS },
    adminScope: 'admin',
  })
  const security = createSecurityEventRecorder({ db: ctx.db, clock: deps.transportClock, retentionMs: ctx.config.PLATFORM_SECURITY_EVENT_RETENTION_DAYS * 86_400_000, logger: ctx.logger })
  installAuth(app, {
    sessions: serviceConsole.authenticator,
    lookupKey: deps.apiKeys.lookupKey,
    replayCache: deps.replayCache,
    clock: deps.transportClock,
    rateLimiter: createServiceRateLimiter({
      store: ctx.config.PLATFORM_RATE_LIMIT_STORE,
      databaseKind: ctx.databaseKind,
      db: ctx.db as unknown as Kysely<any>,
      ratePerSecond: ctx.config.PLATFORM_API_RATE_PER_SECOND,
      burst: ctx.config.PLATFORM_API_BURST,
    }),
    onAuthFailure: async (f) => {
      // Refusals before anyone is known are noise for the audit log: counted apart. A known caller refused is a decision.
      if (f.status !== 403) return security.record(f)
      // A 403 comes after the signature was verified: the key is real and names its principal.
      await recordChange(ctx.db, ctx, {
        at: ctx.clock.now(),
        actor: f.keyId ? await actorOfKey(ctx.db, f.keyId) : `ip:${f.ip}`,
        action: 'auth.failed',
        targetType: 'route',
        targetId: `${f.method} ${f.path}`,
        details: { code: f.code, status: f.status, ip: f.ip },
      })
    },
  })
  registerHealthRoute(app, {
    service: 'platform',
    db: ctx.db as Kysely<unknown>,
    databaseKind: ctx.databaseKind,
    chainId: ctx.chain.chainId,
    chain: deps.observability.chainProbe,
  })
  registerMetrics(app, deps.observability.metrics)
  registerApiKeyRoutes(app, {
    store: deps.apiKeys,
    allowedScopes: PLATFORM_SCOPES,
    audit: async (e) => {
      await recordChange(ctx.db, ctx, { at: ctx.clock.now(), actor: e.actor, action: e.action, targetType: 'api_key', targetId: e.keyId, after: e.after, correlationId: e.correlationId })
    },
  })
  // The platform has no admin quorum: its principals come from the bootstrap ceremony.
  registerPrincipalRoutes(app, { db: ctx.db, allowedScopes: PLATFORM_SCOPES, roleConflicts: roleConflictsAllowing(parseRoleCombinations(ctx.config.PLATFORM_ALLOWED_ROLE_COMBINATIONS)) })
  registerWebhookRoutes(app, {
    db: ctx.db,
    sealKey: deps.webhookSealKey,
    clock: ctx.clock,
    scopes: { read: 'read', admin: 'admin' },
    wake: deps.wakeDeliveries,
    logger: ctx.logger,
    targets: parseWebhookTargetPolicy(ctx.config.PLATFORM_WEBHOOK_ALLOWED_TARGETS),
    audit: async (e) => {
      await recordChange(ctx.db, ctx, { at: ctx.clock.now(), actor: e.actor, action: e.action, targetType: 'webhook_subscription', targetId: e.subscriptionId, before: e.before, after: e.after, correlationId: e.correlationId })
    },
  })
  registerSecurityEventRoutes(app, { db: ctx.db, scopes: ['admin'] })
  registerApiKeyIpRoutes(app, {
    store: deps.apiKeys,
    audit: async (e) => {
        await recordChange(ctx.db, ctx, { at: ctx.clock.now(), actor: e.actor, action: e.action, targetType: 'api_key', targetId: e.keyId, after: e.after, correlationId: e.correlationId })
      },
  })
  registerOnboardingRoutes(app, ctx)
  serviceConsole.register()
  registerInvestorRoutes(app, ctx)
  registerTokenRoutes(app, ctx)
  registerIssuanceRoutes(app, ctx)
  registerTransferRoutes(app, ctx)
  registerOfferingRoutes(app, ctx)
  registerHolderRoutes(app, ctx)
  registerReconciliationRoutes(app, ctx)
  registerDistributionRoutes(app, ctx)
  registerRedemptionRoutes(app, ctx)
  registerAgentRoutes(app, ctx)
  registerCashRoutes(app, ctx)
  if (deps.auditLogKey) registerPlatformAuditRoutes(app, ctx, deps.auditLogKey)
  registerInboundRoutes(app, ctx, { custodySecrets: deps.custodyWebhookSecrets, vendorSecrets: deps.kycWebhookSecrets, transportClock: deps.transportClock })
  registerFireblocksInboundRoute(app, ctx, { publicKey: deps.fireblocksWebhookKey ?? (() => null) })
  return app
}
