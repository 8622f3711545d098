import type { Kysely } from 'kysely'
import { createHttpServer, type HttpServer } from '../shared/http/create-server.ts'
import { registerHealthRoute } from '../shared/service/health.ts'
import { registerMetrics } from '../shared/metrics/http-metrics.ts'
import type { Observability } from '../shared/metrics/observability.ts'
import { installAuth, AUTH_SECURITY_SCHEMES } from '../shared/auth/auth-plugin.ts'
import type { ApiKeyStore } from '../shared/auth/api-key-store.ts'
import type { ReplayCache } from '../shared/auth/replay-cache.ts'
import { registerApiKeyRoutes } from '../shared/auth/api-key-routes.ts'
import { registerWebhookRoutes } from '../shared/webhooks/routes.ts'
import type { Clock } from '../shared/clock.ts'
import { VERSION } from '../shared/version.ts'
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
import { registerFireblocksInboundRoute } from './modules/inbound/public.ts'
import type { KeyObject } from 'node:crypto'
import { createServiceConsole } from '../shared/console/console.ts'
import { apiKeyPrincipals } from '../shared/console/principal-directory.ts'

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
    securitySchemes: AUTH_SECURITY_SCHEMES,
  })
  const serviceConsole = createServiceConsole(app, {
    service: 'platform',
    db: ctx.db,
    clock: deps.transportClock,
    directory: apiKeyPrincipals(deps.apiKeys, deps.transportClock),
    settings: { origin: ctx.config.PLATFORM_CONSOLE_ORIGIN, idleMinutes: ctx.config.PLATFORM_CONSOLE_IDLE_MINUTES, sessionHours: ctx.config.PLATFORM_CONSOLE_SESSION_HOURS },
    adminScope: 'admin',
  })
  installAuth(app, {
    sessions: serviceConsole.authenticator,
    lookupKey: deps.apiKeys.lookupKey,
    replayCache: deps.replayCache,
    clock: deps.transportClock,
    onAuthFailure: async (f) => {
      await recordChange(ctx.db, ctx, {
        at: ctx.clock.now(),
        actor: f.keyId ? `apikey:${f.keyId}` : `ip:${f.ip}`,
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
  registerWebhookRoutes(app, {
    db: ctx.db,
    sealKey: deps.webhookSealKey,
    clock: ctx.clock,
    scopes: { read: 'read', admin: 'admin' },
    wake: deps.wakeDeliveries,
    logger: ctx.logger,
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
  if (deps.auditLogKey) registerPlatformAuditRoutes(app, ctx, deps.auditLogKey)
  registerInboundRoutes(app, ctx, { custodySecrets: deps.custodyWebhookSecrets, vendorSecrets: deps.kycWebhookSecrets, transportClock: deps.transportClock })
  registerFireblocksInboundRoute(app, ctx, { publicKey: deps.fireblocksWebhookKey ?? (() => null) })
  return app
}
