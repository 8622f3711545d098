import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Kysely } from 'kysely'
import { systemClock, type Clock } from '../shared/clock.ts'
import type { Logger } from '../shared/logger.ts'
import type { Database } from '../shared/db/connect.ts'
import { homeDir } from '../shared/config/common.ts'
import { createApiKeyStore, type ApiKeyStore } from '../shared/auth/api-key-store.ts'
import { createDbReplayCache, createMemoryReplayCache, type ReplayCache } from '../shared/auth/replay-cache.ts'
import { importDevCredentials } from '../shared/development-api-keys.ts'
import type { HttpServer } from '../shared/http/create-server.ts'
import { DEFAULT_RETRY_POLICY } from '../shared/webhooks/retry-schedule.ts'
import { startDeliveryLoop, type DeliveryLoop } from '../shared/webhooks/start-delivery-loop.ts'
import { parseWebhookTargetPolicy } from '../shared/webhooks/webhook-target.ts'
import { clientTlsFromFiles } from '../shared/http/tls.ts'
import { listSetting, type PlatformConfig } from './config.ts'
import type { PlatformContext, PlatformKycProvider, PlatformSettings } from './context.ts'
import type { PlatformDB } from './db/schema.ts'
import { buildPlatformApp } from './app.ts'
import { registerPlatformGauges } from './metrics.ts'
import { createServiceMetrics } from '../shared/metrics/service-metrics.ts'
import { createChainProbe } from '../shared/service/chain-probe.ts'
import { derivePlatformKey, loadPlatformMasterKey } from './master-key.ts'
import { PLATFORM_WORKFLOWS } from './workflows.ts'
import { startWorkflowWorker, type WorkflowWorker } from './engine/worker.ts'
import { createHttpCustodyProvider, createRoleVaultResolver, type CustodyProvider, unconfiguredCustodyProvider } from './modules/custody/public.ts'
import { EmbeddedKycProvider } from './modules/kyc/public.ts'
import { processInbox, secretSource } from './modules/inbound/public.ts'
import { type Scheduler, startScheduler } from './modules/onboarding/public.ts'
import { startIndexer } from './modules/indexer/public.ts'
import { startLockupWatch } from './modules/agent/public.ts'
import { forgetReconciledAbove, startReconciliation } from './modules/reconciliation/public.ts'
import { type PlatformAuditCheckpoints, platformLogSigner, startPlatformAuditCheckpoints } from './modules/audit/public.ts'
import { fireblocksProviderFromConfig, fireblocksWebhookKeySource } from './modules/custody/public.ts'

/** The fictional OFAC-format sample shipped for development; production points PLATFORM_SANCTIONS_LIST_DIR at the real files. */
export const BUNDLED_SANCTIONS_SAMPLE = fileURLToPath(new URL('./modules/kyc/fixtures/sdn-sample/', import.meta.url))

export interface PlatformServiceOptions {
  config: PlatformConfig
  database: Database<PlatformDB>
  chain: PlatformContext['chain']
  logger: Logger
  /** Business time (KYC expiry, schedules, audit); default the system clock. */
  clock?: Clock
  /** Real time, for request signatures and webhook freshness; default the system clock. */
  transportClock?: Clock
  /** Defaults to custody over signed HTTP with CUSTODY_URL and the platform's custody key. */
  custody?: CustodyProvider
  /** Defaults to the embedded provider configured from PLATFORM_* settings. */
  kyc?: PlatformKycProvider
  settings?: Partial<PlatformSettings>
  failpoint?: (name: string) => void
}

export interface PlatformService {
  ctx: PlatformContext
  app: HttpServer
  apiKeys: ApiKeyStore
  workers: WorkflowWorker[]
  scheduler: Scheduler | undefined
  /** Signs and anchors audit checkpoints (with the workers, unless PLATFORM_AUDIT_CHECKPOINT_SECONDS is 0). */
  auditCheckpoints: PlatformAuditCheckpoints | undefined
  close(): Promise<void>
}

/**
 * Assembles the platform from its configuration on an open database: API
 * keys, the custody provider, the KYC provider, the HTTP app, the workflow
 * workers (which also drain the webhook inbox), the scheduler (KYC expiry,
 * rescreening) and the outbound webhook delivery loop. main.ts and in-process
 * tests both use it.
 */
export async function createPlatformService(opts: PlatformServiceOptions): Promise<PlatformService> {
  const { config, logger } = opts
  const home = homeDir(config.CUSTOS_HOME)
  const clock = opts.clock ?? systemClock
  const transportClock = opts.transportClock ?? systemClock
  const masterKey = loadPlatformMasterKey({ value: config.PLATFORM_MASTER_KEY, devFallbackPath: join(home, 'platform', 'master.key'), logger })
  const db = opts.database.db
  const apiKeys = createApiKeyStore({ db: db as unknown as Kysely<any>, encryptionKey: derivePlatformKey(masterKey, 'api-keys'), clock: transportClock })
  // Several API nodes on one PostgreSQL must share what they have seen.
  const replayCache: ReplayCache = opts.database.target.kind === 'postgres' ? createDbReplayCache({ db: db as unknown as Kysely<any> }) : createMemoryReplayCache()
  const webhookSealKey = derivePlatformKey(masterKey, 'webhooks')
  const auditSigner = platformLogSigner(masterKey, config.PLATFORM_AUDIT_ORIGIN)

  const custody =
    opts.custody ??
    (config.CUSTODY_PROVIDER === 'fireblocks'
      ? fireblocksProviderFromConfig(config)
      : config.CUSTODY_API_KEY_ID && config.CUSTODY_API_SECRET
        ? createHttpCustodyProvider({
            baseUrl: config.CUSTODY_URL,
            keyId: config.CUSTODY_API_KEY_ID,
            secret: config.CUSTODY_API_SECRET,
            clock: transportClock,
            actOnBehalf: config.CUSTODY_ACT_ON_BEHALF,
            tls: clientTlsFromFiles({ ca: config.CUSTODY_TLS_CA_FILE, cert: config.CUSTODY_CLIENT_CERT_FILE, key: config.CUSTODY_CLIENT_KEY_FILE }),
          })
        : unconfiguredCustodyProvider())
  if (custody.name === 'unconfigured') logger.warn('CUSTODY_API_KEY_ID / CUSTODY_API_SECRET are not set: onboarding cannot reach custody')

  let kyc = opts.kyc
  if (!kyc) {
    const dir = config.PLATFORM_SANCTIONS_LIST_DIR ?? BUNDLED_SANCTIONS_SAMPLE
    if (!config.PLATFORM_SANCTIONS_LIST_DIR) logger.warn('PLATFORM_SANCTIONS_LIST_DIR is not set: screening against the bundled fictional sample list, not OFAC’s')
    const deny = listSetting(config.PLATFORM_COUNTRY_DENY)
    const allow = listSetting(config.PLATFORM_COUNTRY_ALLOW)
    kyc = await EmbeddedKycProvider.create(
      {
        sanctionsListDir: dir,
        countryDeny: deny.length > 0 ? deny : undefined,
        countryAllow: allow.length > 0 ? allow : undefined,
        requireAccreditation: config.PLATFORM_KYC_REQUIRE_ACCREDITATION,
        acceptedAccreditationMethods: listSetting(config.PLATFORM_KYC_ACCREDITATION_METHODS),
        reviewThreshold: config.PLATFORM_KYC_REVIEW_THRESHOLD,
      },
      { clock, logger },
    )
  }

  const settings: PlatformSettings = {
    kycValidityMs: config.PLATFORM_KYC_VALIDITY_DAYS * 86_400_000,
    autoApprove: config.PLATFORM_KYC_AUTO_APPROVE,
    rescreenIntervalMs: config.PLATFORM_RESCREEN_INTERVAL_HOURS * 3_600_000,
    custodyPollMs: config.PLATFORM_CUSTODY_POLL_MS,
    workerPollMs: config.PLATFORM_WORKER_POLL_MS,
    leaseMs: 15_000,
    retryMaxMs: config.PLATFORM_WORKFLOW_RETRY_MAX_SECONDS * 1000,
    schedulerIntervalMs: config.PLATFORM_SCHEDULER_INTERVAL_MS,
    ...opts.settings,
  }

  const webhookTargets = parseWebhookTargetPolicy(config.PLATFORM_WEBHOOK_ALLOWED_TARGETS)
  const metrics = createServiceMetrics('platform')
  const chainProbe = createChainProbe({ rpcUrl: opts.chain.rpcUrl, chainId: opts.chain.chainId })
  const deliveries: DeliveryLoop = startDeliveryLoop({ db, clock, sealKey: webhookSealKey, logger, targets: webhookTargets, metrics: metrics.webhooks }, { intervalMs: 1000, retentionMs: config.PLATFORM_WEBHOOK_RETENTION_DAYS * 86_400_000, retryPolicy: { ...DEFAULT_RETRY_POLICY, maxDelayMs: config.PLATFORM_WEBHOOK_MAX_RETRY_DELAY_SECONDS * 1000 } })
  const workers: WorkflowWorker[] = []
  const ctx: PlatformContext = {
    db,
    databaseKind: opts.database.target.kind,
    chain: opts.chain,
    clock,
    logger,
    config,
    custody,
    roles: createRoleVaultResolver(custody),
    kyc,
    settings,
    eventsCommitted: () => deliveries.wake(),
    wake: () => {
      for (const w of workers) w.wake()
    },
    failpoint: opts.failpoint,
  }

  if (config.CUSTOS_DEV_CREDENTIALS) await importDevCredentials(apiKeys, config.CUSTOS_DEV_CREDENTIALS, 'platform')

  registerPlatformGauges(metrics, ctx, chainProbe)
  const app = await buildPlatformApp(ctx, {
    observability: { metrics, chainProbe },
    apiKeys,
    replayCache,
    webhookSealKey,
    wakeDeliveries: () => deliveries.wake(),
    transportClock,
    fireblocksWebhookKey: fireblocksWebhookKeySource(config.FIREBLOCKS_WEBHOOK_PUBLIC_KEY_FILE),
    custodyWebhookSecrets: secretSource({ value: config.CUSTODY_WEBHOOK_SECRET, file: config.CUSTODY_WEBHOOK_SECRET_FILE ?? join(home, 'platform', 'custody-webhook-secret') }),
    kycWebhookSecrets: secretSource({ value: config.PLATFORM_KYC_WEBHOOK_SECRET }),
    auditLogKey: { name: auditSigner.name, vkey: auditSigner.vkey },
  })
  const definitions = PLATFORM_WORKFLOWS
  for (let i = 0; i < config.PLATFORM_WORKERS; i++) {
    workers.push(startWorkflowWorker(ctx, { definitions, concurrency: config.PLATFORM_WORKER_CONCURRENCY, beforeClaim: (workerId) => processInbox(ctx, { workerId }) }))
  }
  const scheduler = config.PLATFORM_WORKERS > 0 ? startScheduler(ctx) : undefined
  // Lock-up lots: followed from the lock-up module's logs, each release announced once (lockup.released).
  const lockupWatch = config.PLATFORM_WORKERS > 0 ? startLockupWatch(ctx) : undefined
  // The cap table's loops: the chain indexer (a roll-back also forgets reconciliation's matches above
  // the common ancestor, in its own transaction) and the periodic reconciliation.
  const indexer = config.PLATFORM_WORKERS > 0 && config.PLATFORM_INDEXER_POLL_MS > 0 ? startIndexer(ctx, { onRollBack: forgetReconciledAbove }) : undefined
  const reconciliation = config.PLATFORM_WORKERS > 0 && config.PLATFORM_RECONCILE_INTERVAL_MS > 0 ? startReconciliation(ctx) : undefined
  const auditCheckpoints = config.PLATFORM_WORKERS > 0 && config.PLATFORM_AUDIT_CHECKPOINT_SECONDS > 0 ? startPlatformAuditCheckpoints(ctx, auditSigner) : undefined

  // Find the role vaults now so a missing bootstrap shows at boot; onboarding asks again when it needs them.
  ctx.roles.get().then(
    (r) => logger.info({ claimIssuer: r.claimIssuer.address, identityAgent: r.identityAgent.address, issuerAgent: r.issuerAgent.address }, 'custody role vaults found'),
    (err: unknown) => logger.info({ code: (err as { code?: string }).code, message: (err as Error).message }, 'custody role vaults not found yet; onboarding looks again when it needs them'),
  )

  return {
    ctx,
    app,
    apiKeys,
    workers,
    scheduler,
    auditCheckpoints,
    async close() {
      await app.close()
      await scheduler?.stop()
      await lockupWatch?.stop()
      await Promise.all([indexer?.stop(), reconciliation?.stop()])
      await auditCheckpoints?.stop()
      await Promise.all(workers.map((w) => w.stop()))
      await deliveries.stop()
      masterKey.fill(0)
    },
  }
}
