import { DEVELOPMENT_WEBHOOK_TARGETS } from '../shared/webhooks/webhook-target.ts'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ANVIL_DEV_KEYS } from '../chain/dev-accounts.ts'
import { bootstrapCustodyRoles, type BootstrapCustodyRolesReturnType } from '../cli/bootstrap.ts'
import { createSignedFetch, type SignedFetch } from '../shared/auth/sign-request.ts'
import { createCustodyClient } from '../client/custody-client.ts'
import { DEV_ROLES } from '../shared/development-api-keys.ts'
import { freePort } from '../shared/net.ts'
import type { TestChain } from './chain.ts'
import type { TestCustody } from './custody.ts'
import { createPostgresDatabase } from './database.ts'
import { healthyOrDead, startServiceProcess, stopServiceProcess, type ServiceProcess } from './service-process.ts'

/** The platform's entry point, for a test that starts further nodes on a harness's `env` (database, keys). */
export const PLATFORM_MAIN = fileURLToPath(new URL('../platform/main.ts', import.meta.url))

type PlatformRoleName = keyof typeof DEV_ROLES.platform

export interface PlatformProcessHarness<R extends PlatformRoleName> {
  /** Signed clients of the platform process, one per role asked for. */
  as: Record<R, SignedFetch>
  /** The API key of each role asked for (to sign requests to another node on the same database). */
  keys: Record<R, { keyId: string; secret: string }>
  roles: BootstrapCustodyRolesReturnType
  port: number
  /** The state folder (failpoints record their firing under `platform/failpoints`). */
  home: string
  /** The process's environment (tests may add to it before `start`). */
  env: Record<string, string>
  /** The running process, if any. */
  readonly proc: ServiceProcess | null
  /** Starts the platform (a previous process must have exited) and waits until it is healthy or dead. */
  start(timeoutMs?: number): Promise<'healthy' | 'dead'>
  /** Stops the process, drops its database, removes its state folder. */
  close(): Promise<void>
}

/**
 * Custody's settings for a test whose platform process is killed and started again: its
 * webhooks to the platform are retried at least every second, so a delivery that failed
 * while the platform was down arrives soon after it is back rather than after doubling waits.
 */
export const CUSTODY_ENV_FOR_A_RESTARTING_PLATFORM: Record<string, string> = { CUSTODY_WEBHOOK_MAX_RETRY_DELAY_SECONDS: '1' }

/**
 * A platform service run as a child process, for crash tests: the test kills
 * it (a failpoint SIGKILLs it, see `platform/failpoints.ts`) and starts it
 * again on the same database and state folder. Custody keeps running in the
 * test process; the bootstrap hands the platform's on-chain roles to its
 * vaults. With `DATABASE_URL` the platform gets its own PostgreSQL database.
 *
 * @example
 * const h = await preparePlatformProcess(chain, custody, { roles: ['issuer-admin'], failpoints: ['onboard:before-activate'] })
 * expect(await h.start()).toBe('healthy')
 */
export async function preparePlatformProcess<R extends PlatformRoleName>(
  chain: TestChain,
  custody: TestCustody,
  opts: {
    roles: readonly R[]
    failpoints: readonly string[]
    env?: Record<string, string>
    /** Subscribe the platform to custody's webhooks (transactions, deposits, whitelist), as `custos start` does. */
    custodyWebhooks?: boolean
  },
): Promise<PlatformProcessHarness<R>> {
  const roles = await bootstrapCustodyRoles({ rpcUrl: chain.rpcUrl, deployerKey: ANVIL_DEV_KEYS[0]!, deployments: chain.deployments, custody: custody.client.admin })
  const home = mkdtempSync(join(tmpdir(), 'custos-platform-process-'))
  const port = await freePort()
  if (opts.custodyWebhooks) {
    const k = await custody.service.apiKeys.createApiKey({ role: 'bootstrap', scopes: ['read', 'vaults', 'webhooks'], createdBy: 'test' })
    await bootstrapCustodyRoles({
      rpcUrl: chain.rpcUrl,
      deployments: chain.deployments,
      custody: createCustodyClient({ baseUrl: custody.url, keyId: k.keyId, secret: k.secret }),
      webhook: { url: `http://127.0.0.1:${port}/v1/inbound/custody`, secretFile: join(home, 'platform', 'custody-webhook-secret') },
    })
  }
  const creds = opts.roles.map((role) => ({ role, keyId: `pk_proc_${role}`, secret: `platform-process-secret-${role}-0123456789abcdef`, scopes: [...DEV_ROLES.platform[role]] }))
  writeFileSync(join(home, 'creds.json'), JSON.stringify({ custody: [], platform: creds }), { mode: 0o600 })
  writeFileSync(join(home, 'deployments.json'), JSON.stringify(chain.deployments))
  const env: Record<string, string> = {
    CUSTOS_HOME: home,
    RPC_URL: chain.rpcUrl,
    PLATFORM_PORT: String(port),
    CUSTODY_URL: custody.url,
    CUSTODY_API_KEY_ID: custody.keys.platform!.keyId,
    CUSTODY_API_SECRET: custody.keys.platform!.secret,
    DEPLOYMENTS_FILE: join(home, 'deployments.json'),
    CUSTOS_DEV_CREDENTIALS: join(home, 'creds.json'),
    PLATFORM_MASTER_KEY: '34'.repeat(32),
    PLATFORM_WEBHOOK_ALLOWED_TARGETS: DEVELOPMENT_WEBHOOK_TARGETS,
    PLATFORM_WORKER_POLL_MS: '100',
    PLATFORM_CUSTODY_POLL_MS: '100',
    PLATFORM_FAILPOINTS: opts.failpoints.join(','),
    // Its subscribers are retried at least every second while it restarts, not after doubling waits.
    PLATFORM_WEBHOOK_MAX_RETRY_DELAY_SECONDS: '1',
    // A step that failed while custody was down is tried again within 2 s of its return.
    PLATFORM_WORKFLOW_RETRY_MAX_SECONDS: '2',
    LOG_LEVEL: 'warn',
    ...opts.env,
  }
  let dropDb: (() => Promise<void>) | undefined
  if (process.env.DATABASE_URL) {
    const db = await createPostgresDatabase(process.env.DATABASE_URL)
    env.PLATFORM_DATABASE_URL = db.url
    dropDb = db.drop
  }
  const as = Object.fromEntries(creds.map((c) => [c.role, createSignedFetch({ baseUrl: `http://127.0.0.1:${port}`, keyId: c.keyId, secret: c.secret })])) as Record<R, SignedFetch>
  let proc: ServiceProcess | null = null
  const keys = Object.fromEntries(creds.map((c) => [c.role, { keyId: c.keyId, secret: c.secret }])) as Record<R, { keyId: string; secret: string }>
  return {
    as,
    keys,
    roles,
    port,
    home,
    env,
    get proc() {
      return proc
    },
    async start(timeoutMs) {
      proc = startServiceProcess(PLATFORM_MAIN, env)
      return healthyOrDead(proc, port, timeoutMs)
    },
    async close() {
      await stopServiceProcess(proc)
      await dropDb?.()
      rmSync(home, { recursive: true, force: true })
    },
  }
}
