import { DEVELOPMENT_WEBHOOK_TARGETS } from '../shared/webhooks/webhook-target.ts'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { ManualClock } from '../shared/clock.ts'
import { createLogger } from '../shared/logger.ts'
import { createSignedFetch, type SignedFetch } from '../shared/auth/sign-request.ts'
import { createCustodyClient } from '../client/custody-client.ts'
import { createPlatformClient, type PlatformClient } from '../client/platform-client.ts'
import { DEV_ROLES } from '../shared/development-api-keys.ts'
import { migrateToLatest } from '../shared/db/migrate.ts'
import { ANVIL_DEV_KEYS } from '../chain/dev-accounts.ts'
import { loadPlatformConfig } from '../platform/config.ts'
import type { PlatformSettings } from '../platform/context.ts'
import { platformMigrations } from '../platform/db/migrations.ts'
import type { PlatformDB } from '../platform/db/schema.ts'
import { BUNDLED_SANCTIONS_SAMPLE, createPlatformService, type PlatformService } from '../platform/service.ts'
import { bootstrapCustodyRoles, type BootstrapCustodyRolesReturnType } from '../cli/bootstrap.ts'
import { openTestDatabase, type TestDatabase } from './database.ts'
import type { TestChain } from './chain.ts'
import type { TestCustody } from './custody.ts'

/**
 * A ManualClock that also runs with real time: `advance()` jumps it (past a
 * KYC expiry, say) while timers, polling and leases keep moving between jumps.
 */
export class TestClock extends ManualClock {
  #realStart = Date.now()
  constructor(start: Date | number = Date.now()) {
    super(start)
  }
  override now(): Date {
    return new Date(super.now().getTime() + (Date.now() - this.#realStart))
  }
  override set(at: Date | number): void {
    super.set(at)
    this.#realStart = Date.now()
  }
}

export type PlatformRole = 'issuer-admin' | 'compliance-officer' | 'operator' | 'auditor'

export interface TestPlatform {
  service: PlatformService
  url: string
  database: TestDatabase<PlatformDB>
  clock: TestClock
  /** Signed clients by role, with the scopes `custos start` gives each (DEV_ROLES). */
  as: Record<PlatformRole, SignedFetch>
  /**
   * The typed client (src/client) of each role, over the same signed transport as `as`: paths,
   * bodies and answers typed from the platform's OpenAPI document. New tests use these, e.g.
   * `const res = await platform.client['issuer-admin'].GET('/v1/tokens/{id}', { path: { id } })`;
   * `as` stays for the tests written before it.
   */
  client: Record<PlatformRole, PlatformClient>
  /** The key id of each role's client (a principal of the console). */
  keyIds: Record<PlatformRole, string>
  /** The custody vaults holding the on-chain roles, from the bootstrap. */
  roles: BootstrapCustodyRolesReturnType
  /** A copy of the sample sanctions list this platform screens against (tests may add entries). */
  sanctionsDir: string
  close(): Promise<void>
}

/**
 * The platform in this process, against a test custody and chain: runs the
 * bootstrap (custody vaults get the on-chain roles), opens a fresh database,
 * and listens on a free port, with an API key per platform role.
 */
export async function startTestPlatform(
  chain: TestChain,
  custody: TestCustody,
  opts: {
    clock?: TestClock
    settings?: Partial<PlatformSettings>
    env?: Record<string, string>
    /** Subscribe the platform to custody's transaction webhooks (as `custos start` does). */
    custodyWebhooks?: boolean
  } = {},
): Promise<TestPlatform> {
  const home = mkdtempSync(join(tmpdir(), 'custos-platform-'))
  const sanctionsDir = join(home, 'sanctions')
  cpSync(BUNDLED_SANCTIONS_SAMPLE, sanctionsDir, { recursive: true })
  const roles = await bootstrapCustodyRoles({ rpcUrl: chain.rpcUrl, deployerKey: ANVIL_DEV_KEYS[0]!, deployments: chain.deployments, custody: custody.client.admin })
  const database = await openTestDatabase<PlatformDB>('platform', platformMigrations)
  await migrateToLatest(database.db as Kysely<unknown>, 'platform', platformMigrations)
  const env = {
    CUSTOS_HOME: home,
    RPC_URL: chain.rpcUrl,
    CUSTODY_URL: custody.url,
    CUSTODY_API_KEY_ID: custody.keys.platform!.keyId,
    CUSTODY_API_SECRET: custody.keys.platform!.secret,
    PLATFORM_MASTER_KEY: 'ef'.repeat(32),
    PLATFORM_WEBHOOK_ALLOWED_TARGETS: DEVELOPMENT_WEBHOOK_TARGETS,
    PLATFORM_SANCTIONS_LIST_DIR: sanctionsDir,
    PLATFORM_WORKER_POLL_MS: '100',
    PLATFORM_CUSTODY_POLL_MS: '100',
    PLATFORM_SCHEDULER_INTERVAL_MS: '200',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...opts.env,
  }
  const config = loadPlatformConfig(env)
  const clock = opts.clock ?? new TestClock()
  const service = await createPlatformService({
    config,
    database,
    chain: { rpcUrl: chain.rpcUrl, chainId: chain.chainId, publicClient: chain.publicClient, deployments: chain.deployments },
    logger: createLogger({ service: 'platform', level: config.LOG_LEVEL }),
    clock,
    settings: opts.settings,
  })
  await service.app.listen({ host: '127.0.0.1', port: 0 })
  const addr = service.app.server.address()
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
  if (opts.custodyWebhooks) {
    const k = await custody.service.apiKeys.createApiKey({ role: 'bootstrap', scopes: ['read', 'vaults', 'webhooks'], createdBy: 'test' })
    await bootstrapCustodyRoles({
      rpcUrl: chain.rpcUrl,
      deployments: chain.deployments,
      custody: createCustodyClient({ baseUrl: custody.url, keyId: k.keyId, secret: k.secret }),
      webhook: { url: `${url}/v1/inbound/custody`, secretFile: join(home, 'platform', 'custody-webhook-secret') },
    })
  }
  const as = {} as TestPlatform['as']
  const client = {} as TestPlatform['client']
  const keyIds = {} as TestPlatform['keyIds']
  for (const role of ['issuer-admin', 'compliance-officer', 'operator', 'auditor'] as const) {
    const k = await service.apiKeys.createApiKey({ role, scopes: [...DEV_ROLES.platform[role]], groups: [role], createdBy: 'test' })
    as[role] = createSignedFetch({ baseUrl: url, keyId: k.keyId, secret: k.secret })
    client[role] = createPlatformClient({ transport: as[role] })
    keyIds[role] = k.keyId
  }
  return {
    service,
    url,
    database,
    clock,
    as,
    client,
    keyIds,
    roles,
    sanctionsDir,
    async close() {
      await service.close()
      await database.close()
      rmSync(home, { recursive: true, force: true })
    },
  }
}

/** Polls an investor until `done` holds, returning it; throws with its last state after the deadline. */
export async function waitForInvestor<T extends { status: string }>(client: SignedFetch, id: string, done: (i: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const res = await client.get<T>(`/v1/investors/${id}`)
    if (res.status !== 200) throw new Error(`GET investor ${id}: ${res.status} ${JSON.stringify(res.body)}`)
    if (done(res.body)) return res.body
    if (Date.now() > deadline) throw new Error(`investor ${id} still ${JSON.stringify(res.body)} after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Polls `read` until it returns `want` (a chain read, say), with a deadline. */
export async function waitForValue<T>(read: () => Promise<T>, want: T, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last: T | undefined
  for (;;) {
    last = await read()
    if (last === want) return
    if (Date.now() > deadline) throw new Error(`still ${String(last)} (want ${String(want)}) after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
