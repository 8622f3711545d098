import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Address } from 'viem'
import { FAILPOINTS } from '../custody/pipeline/failpoints.ts'
import { createCustodyClient } from '../client/custody-client.ts'
import { createSignedFetch } from '../shared/auth/sign-request.ts'
import { DEV_ROLES } from '../shared/development-api-keys.ts'
import { freePort } from '../shared/net.ts'
import { DEVELOPMENT_WEBHOOK_TARGETS } from '../shared/webhooks/webhook-target.ts'
import type { TestChain } from './chain.ts'
import type { TestCustody } from './custody.ts'
import { createPostgresDatabase } from './database.ts'
import { healthyOrDead, startServiceProcess, stopServiceProcess, type ServiceProcess } from './service-process.ts'

/** The stages of custody's transaction pipeline where a crash test can kill it (`CUSTODY_FAILPOINTS`). */
export const CUSTODY_PIPELINE_FAILPOINTS: readonly string[] = FAILPOINTS.filter((f) => f !== 'deposit-detected')

/** Custody's entry point, for a test that starts further nodes on a harness's `env` (database, keystore, keys). */
export const CUSTODY_MAIN = fileURLToPath(new URL('../custody/main.ts', import.meta.url))

export interface CustodyProcessHarness extends Pick<TestCustody, 'url' | 'home' | 'as' | 'client' | 'keys'> {
  port: number
  /** The process's environment (a test may arm `CUSTODY_FAILPOINTS` before a `start`). */
  env: Record<string, string>
  /** The running process, if any. */
  readonly proc: ServiceProcess | null
  /** The gas station's address (funded at the first healthy start). */
  gasStation: Address
  /** Starts custody (a previous process must have exited) and waits until it is healthy or dead. */
  start(timeoutMs?: number): Promise<'healthy' | 'dead'>
  /** Stops the process, drops its database, removes its state folder. */
  close(): Promise<void>
}

/**
 * Custody run as a child process, for crash tests that kill it (a failpoint in
 * its pipeline SIGKILLs it, see `custody/pipeline/failpoints.ts`) and start it
 * again on the same database and keystore, with a signed client per
 * development role (the same roles and groups as `startTestCustody`). A
 * platform in the test process can use it where a `TestCustody` is expected,
 * as long as it does not ask for custody's webhooks (it polls custody).
 * With `DATABASE_URL` custody gets its own PostgreSQL database.
 *
 * @example
 * const custody = await prepareCustodyProcess(chain)
 * expect(await custody.start()).toBe('healthy')
 */
export async function prepareCustodyProcess(chain: TestChain, opts: { failpoints?: readonly string[]; env?: Record<string, string> } = {}): Promise<CustodyProcessHarness> {
  const home = mkdtempSync(join(tmpdir(), 'custos-custody-process-'))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const creds = Object.entries(DEV_ROLES.custody).map(([role, scopes]) => ({ role, keyId: `ck_proc_${role.replace(/\W/g, '_')}`, secret: `custody-process-secret-${role}-0123456789abcdef`, scopes: [...scopes] }))
  writeFileSync(join(home, 'creds.json'), JSON.stringify({ custody: creds, platform: [] }), { mode: 0o600 })
  const env: Record<string, string> = {
    CUSTOS_HOME: home,
    RPC_URL: chain.rpcUrl,
    CUSTODY_PORT: String(port),
    CUSTODY_MASTER_KEY: 'cd'.repeat(32),
    CUSTOS_DEV_CREDENTIALS: join(home, 'creds.json'),
    CUSTODY_CONFIRM_POLL_MS: '20',
    CUSTODY_AUDIT_CHECKPOINT_SECONDS: '0',
    CUSTODY_DEPOSIT_WATCH: 'off',
    CUSTODY_WEBHOOK_ALLOWED_TARGETS: DEVELOPMENT_WEBHOOK_TARGETS,
    CUSTODY_FAILPOINTS: (opts.failpoints ?? []).join(','),
    // Its subscribers are retried at least every second after a restart, not after doubling waits.
    CUSTODY_WEBHOOK_MAX_RETRY_DELAY_SECONDS: '1',
    LOG_LEVEL: 'warn',
    ...opts.env,
  }
  let dropDb: (() => Promise<void>) | undefined
  if (process.env.DATABASE_URL) {
    const db = await createPostgresDatabase(process.env.DATABASE_URL)
    env.CUSTODY_DATABASE_URL = db.url
    dropDb = db.drop
  }
  const keys = Object.fromEntries(creds.map((c) => [c.role, { keyId: c.keyId, secret: c.secret }]))
  const as = Object.fromEntries(creds.map((c) => [c.role, createSignedFetch({ baseUrl: url, keyId: c.keyId, secret: c.secret })])) as TestCustody['as']
  const client = Object.fromEntries(Object.entries(as).map(([role, transport]) => [role, createCustodyClient({ transport })])) as TestCustody['client']
  let proc: ServiceProcess | null = null
  const harness: CustodyProcessHarness = {
    url,
    port,
    home,
    env,
    as,
    client,
    keys,
    gasStation: '0x0000000000000000000000000000000000000000',
    get proc() {
      return proc
    },
    async start(timeoutMs) {
      proc = startServiceProcess(CUSTODY_MAIN, env)
      const health = await healthyOrDead(proc, port, timeoutMs)
      if (health === 'healthy' && harness.gasStation === '0x0000000000000000000000000000000000000000') {
        const station = (await as.admin.get<{ items: { address: Address }[] }>('/v1/vaults?purpose=gas-station')).body.items[0]
        if (!station) throw new Error('custody has no gas station')
        await chain.testClient.setBalance({ address: station.address, value: 10n ** 21n })
        harness.gasStation = station.address
      }
      return health
    },
    async close() {
      await stopServiceProcess(proc)
      await dropDb?.()
      rmSync(home, { recursive: true, force: true })
    },
  }
  return harness
}
