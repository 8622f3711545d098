import { hkdfSync } from 'node:crypto'
import { join } from 'node:path'
import type { Chain, PublicClient, Transport } from 'viem'
import type { Kysely } from 'kysely'
import { systemClock, type Clock } from '../shared/clock.ts'
import type { Logger } from '../shared/logger.ts'
import type { Database } from '../shared/db/connect.ts'
import { homeDir } from '../shared/config/common.ts'
import { createApiKeyStore, type ApiKeyStore } from '../shared/auth/api-key-store.ts'
import { createDbReplayCache, createMemoryReplayCache, type ReplayCache } from '../shared/auth/replay-cache.ts'
import { importDevCredentials } from '../shared/development-api-keys.ts'
import type { HttpServer } from '../shared/http/create-server.ts'
import { loadMasterKey } from './keys/master-key.ts'
import { openKeystoreBackend } from './keys/keystore-backend.ts'
import { openPkcs11Backend } from './keys/pkcs11-backend.ts'
import { pkcs11OptionsFromEnv } from './keys/pkcs11-config.ts'
import type { KeyBackend } from './keys/signer.ts'
import type { CustodyConfig } from './config.ts'
import type { CustodyContext, PipelineSettings } from './context.ts'
import type { CustodyDB } from './db/schema.ts'
import type { EventSink } from './events.ts'
import { buildCustodyApp } from './app.ts'
import { registerCustodyGauges } from './metrics.ts'
import { createServiceMetrics } from '../shared/metrics/service-metrics.ts'
import { createChainProbe } from '../shared/service/chain-probe.ts'
import { startPipelineWorker, type PipelineWorker } from './pipeline/worker.ts'
import { startChainWatch, type ChainWatch } from './pipeline/chain-watch.ts'
import { startDepositWatch, type DepositWatch } from './deposits/start-deposit-watch.ts'
import { startTreasuryLoop } from './treasury/start-treasury-check.ts'
import { ensureSystemVault } from './vaults/create-vault.ts'
import { ensureChainAssets } from './assets/ensure-chain-assets.ts'
import { GAS_STATION_PURPOSE } from './pipeline/prepare.ts'
import { enqueueEvent, enqueueEvents } from '../shared/webhooks/enqueue-event.ts'
import { custodyLogSigner } from './audit/log-signer.ts'
import { startCustodyAuditCheckpoints } from './audit/custody-audit.ts'
import { DEFAULT_RETRY_POLICY } from '../shared/webhooks/retry-schedule.ts'
import { startDeliveryLoop, type DeliveryLoop } from '../shared/webhooks/start-delivery-loop.ts'
import { createFireblocksRuntime } from './fireblocks/fireblocks-api.ts'
import { parseWebhookTargetPolicy } from '../shared/webhooks/webhook-target.ts'

export interface CustodyServiceOptions {
  config: CustodyConfig
  database: Database<CustodyDB>
  chain: CustodyContext['chain']
  logger: Logger
  clock?: Clock
  /** Defaults to the backend the configuration names. */
  keys?: KeyBackend
  env?: Record<string, string | undefined>
  pipeline?: Partial<PipelineSettings>
  events?: EventSink
  failpoint?: (name: string) => void
}

export interface CustodyService {
  ctx: CustodyContext
  app: HttpServer
  apiKeys: ApiKeyStore
  workers: PipelineWorker[]
  /** Compares custody's view with the chain (null when this process runs no workers). */
  chainWatch: ChainWatch | null
  /** Follows incoming transfers to vaults (null when this process runs no workers or watching is off). */
  depositWatch: DepositWatch | null
  deliveries: DeliveryLoop | null
  close(): Promise<void>
}

/** A purpose-bound 32-byte key derived from the master key (HKDF-SHA256). */
export function deriveKey(master: Uint8Array, purpose: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', master, Buffer.alloc(0), `custos/custody/${purpose}`, 32))
}

/**
 * Assembles custody from its configuration: key backend, API keys, the HTTP
 * app and the pipeline workers, on an open database. main.ts and in-process
 * tests both use it.
 */
export async function createCustodyService(opts: CustodyServiceOptions): Promise<CustodyService> {
  const { config, logger } = opts
  const env = opts.env ?? process.env
  const home = homeDir(config.CUSTOS_HOME)
  const clock = opts.clock ?? systemClock
  const masterKey = await loadMasterKey({ env, devFallbackPath: join(home, 'custody', 'master.key'), logger })
  const keys =
    opts.keys ??
    (config.CUSTODY_KEY_BACKEND === 'pkcs11'
      ? await openPkcs11Backend({ ...pkcs11OptionsFromEnv(env), logger } as never)
      : await openKeystoreBackend({ path: config.CUSTODY_KEYSTORE_PATH ?? join(home, 'custody', 'keystore.json'), masterKey, logger }))

  const db = opts.database.db
  const auditSigner = custodyLogSigner(masterKey, config.CUSTODY_AUDIT_ORIGIN)
  const apiKeys = createApiKeyStore({ db: db as unknown as Kysely<any>, encryptionKey: deriveKey(masterKey, 'api-keys'), clock })
  // Several API nodes on one PostgreSQL must share what they have seen.
  const replayCache: ReplayCache = opts.database.target.kind === 'postgres' ? createDbReplayCache({ db: db as unknown as Kysely<any> }) : createMemoryReplayCache()

  const workers: PipelineWorker[] = []
  const webhookSealKey = deriveKey(masterKey, 'webhooks')
  let deliveries: DeliveryLoop | null = null
  // Events commit with the change that caused them (outbox); delivery runs after commit.
  const events: EventSink = opts.events ?? {
    enqueue: async (tx, e) => {
      await enqueueEvent(tx, e, { clock })
    },
    enqueueMany: async (tx, list) => ({ deliveries: (await enqueueEvents(tx, list, { clock })).reduce((n, w) => n + w.deliveries, 0) }),
    // Waking the delivery loop costs it a claim query: not worth it when nobody subscribes.
    committed: (written) => {
      if (written?.deliveries !== 0) deliveries?.wake()
    },
  }
  const metrics = createServiceMetrics('custody')
  const chainProbe = createChainProbe({ rpcUrl: opts.chain.rpcUrl, chainId: opts.chain.chainId })
  const ctx: CustodyContext = {
    db,
    databaseKind: opts.database.target.kind,
    chain: opts.chain,
    keys,
    events,
    clock,
    logger,
    config,
    pipeline: {
      confirmations: config.CUSTODY_CONFIRMATIONS,
      finality: config.CUSTODY_FINALITY,
      watchAfterFinalityMs: config.CUSTODY_WATCH_AFTER_FINALITY_SECONDS * 1000,
      chainWatchMs: config.CUSTODY_CHAIN_WATCH_MS,
      stuckAlertAfterMs: config.CUSTODY_STUCK_ALERT_SECONDS * 1000,
      maxFeePerGasCeiling: config.CUSTODY_MAX_FEE_PER_GAS_WEI ? BigInt(config.CUSTODY_MAX_FEE_PER_GAS_WEI) : null,
      stuckAfterMs: config.CUSTODY_STUCK_AFTER_SECONDS * 1000,
      confirmPollMs: config.CUSTODY_CONFIRM_POLL_MS,
      broadcastOrder: config.CUSTODY_BROADCAST_ORDER,
      leaseMs: 30_000,
      replacementBumpPercent: 15,
      gasTopUpMinWei: BigInt(config.CUSTODY_GAS_TOPUP_MIN_WEI),
      gasTopUpCapWei: BigInt(config.CUSTODY_GAS_TOPUP_CAP_WEI),
      ...opts.pipeline,
    },
    wake: () => {
      for (const w of workers) w.wake()
    },
    metrics,
    failpoint: opts.failpoint,
  }

  if (config.CUSTOS_DEV_CREDENTIALS) await importDevCredentials(apiKeys, config.CUSTOS_DEV_CREDENTIALS, 'custody')
  await ensureSystemVault(ctx, 'gas-station', GAS_STATION_PURPOSE)
  await ensureChainAssets(ctx)

  // The Fireblocks-compatible API: its webhooks go through the same delivery loop, in their own format.
  const fireblocks = createFireblocksRuntime(ctx, { sealKey: deriveKey(masterKey, 'fireblocks-webhooks') })
  const webhookCtx = { db, clock, sealKey: webhookSealKey, logger, formats: fireblocks.formats, targets: parseWebhookTargetPolicy(config.CUSTODY_WEBHOOK_ALLOWED_TARGETS), metrics: metrics.webhooks }
  registerCustodyGauges(metrics, ctx)
  const app = await buildCustodyApp(ctx, { observability: { metrics, chainProbe }, apiKeys, replayCache, webhookSealKey, wakeDeliveries: () => deliveries?.wake(), auditLogKey: auditSigner, fireblocks: { runtime: fireblocks, webhooks: webhookCtx } })
  if (config.CUSTODY_WORKERS > 0) deliveries = startDeliveryLoop(webhookCtx, { intervalMs: 1000, retentionMs: config.CUSTODY_WEBHOOK_RETENTION_DAYS * 86_400_000, retryPolicy: { ...DEFAULT_RETRY_POLICY, maxDelayMs: config.CUSTODY_WEBHOOK_MAX_RETRY_DELAY_SECONDS * 1000 } })
  for (let i = 0; i < config.CUSTODY_WORKERS; i++) workers.push(startPipelineWorker(ctx, { concurrency: config.CUSTODY_WORKER_CONCURRENCY }))
  const chainWatch = config.CUSTODY_WORKERS > 0 ? startChainWatch(ctx) : null
  const depositWatch = config.CUSTODY_WORKERS > 0 && config.CUSTODY_DEPOSIT_WATCH === 'on' ? startDepositWatch(ctx) : null
  // Treasury tiers: proposes hot-vault top-ups and sweeps at the configured interval.
  const treasuryLoop = config.CUSTODY_WORKERS > 0 && config.CUSTODY_TREASURY_CHECK_MS > 0 ? startTreasuryLoop(ctx, config.CUSTODY_TREASURY_CHECK_MS) : null
  // Signed checkpoints of the audit log, anchored on-chain through custody's own pipeline.
  const auditCheckpoints = config.CUSTODY_WORKERS > 0 && config.CUSTODY_AUDIT_CHECKPOINT_SECONDS > 0 ? startCustodyAuditCheckpoints(ctx, auditSigner) : null

  return {
    ctx,
    app,
    apiKeys,
    workers,
    chainWatch,
    depositWatch,
    deliveries,
    async close() {
      await auditCheckpoints?.stop()
      await chainWatch?.stop()
      await depositWatch?.stop()
      await treasuryLoop?.stop()
      await app.close()
      await Promise.all(workers.map((w) => w.stop()))
      await deliveries?.stop()
      await keys.close()
      masterKey.fill(0)
    },
  }
}
