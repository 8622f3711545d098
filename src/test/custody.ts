import type { Address } from 'viem'
import { createLogger } from '../shared/logger.ts'
import { systemClock, type Clock } from '../shared/clock.ts'
import { createSignedFetch, type SignedFetch } from '../shared/auth/sign-request.ts'
import { createCustodyClient, type CustodyClient } from '../client/custody-client.ts'
import { migrateToLatest } from '../shared/db/migrate.ts'
import { custodyMigrations } from '../custody/db/migrations.ts'
import type { CustodyDB } from '../custody/db/schema.ts'
import { loadCustodyConfig } from '../custody/config.ts'
import { createCustodyService, type CustodyService } from '../custody/service.ts'
import type { PipelineSettings } from '../custody/context.ts'
import type { Kysely } from 'kysely'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEVELOPMENT_WEBHOOK_TARGETS } from '../shared/webhooks/webhook-target.ts'
import { openTestDatabase, type TestDatabase } from './database.ts'
import type { TestChain } from './chain.ts'

export type CustodyTestRole = 'admin' | 'admin-2' | 'platform' | 'approver-1' | 'approver-2' | 'auditor'

export interface TestCustody {
  service: CustodyService
  url: string
  /** The state folder (keystore, master key file). */
  home: string
  database: TestDatabase<CustodyDB>
  /** Signed clients by role, each its own principal: admin, admin-2, platform (a service, transact), approver-1, approver-2, auditor. */
  as: Record<CustodyTestRole, SignedFetch>
  /**
   * The typed client (src/client) of each role, over the same signed transport as `as`: paths,
   * bodies and answers typed from custody's OpenAPI document. New tests use these, e.g.
   * `const res = await custody.client.admin.GET('/v1/vaults/{id}', { path: { id } })`;
   * `as` stays for the tests written before it.
   */
  client: Record<CustodyTestRole, CustodyClient>
  keys: Record<string, { keyId: string; secret: string }>
  gasStation: Address
  close(): Promise<void>
}

/**
 * Custody in this process, on a fresh database and a test chain, listening on
 * a free port, with API keys for each role and a funded gas station.
 */
export interface TestCustodyOptions {
  clock?: Clock
  pipeline?: Partial<PipelineSettings>
  /** Custody's environment; the deposit watch is off unless `CUSTODY_DEPOSIT_WATCH: 'on'` (it would add deposit events to every test). */
  env?: Record<string, string>
  database?: TestDatabase<CustodyDB>
  workers?: number
  /** Where log lines go (JSON), e.g. to scan them. */
  logStream?: NodeJS.WritableStream
  /** Several nodes of the chain (the pipeline uses the leading one); the test chain's first. */
  nodes?: string[]
  /** The chain is down at start: the gas station is not funded (the test funds it later). */
  chainDown?: boolean
  /** The platform's key may name the user it acts for (`act-on-behalf`, a service-only scope). */
  platformActsOnBehalf?: boolean
  /** Runs on the app before it listens (e.g. to add hooks). */
  beforeListen?: (app: CustodyService['app']) => void
}

export async function startTestCustody(chain: TestChain, opts: TestCustodyOptions = {}): Promise<TestCustody> {
  const home = mkdtempSync(join(tmpdir(), 'custos-custody-'))
  const database = opts.database ?? (await openTestDatabase<CustodyDB>('custody', custodyMigrations))
  await migrateToLatest(database.db as Kysely<unknown>, 'custody', custodyMigrations)
  const env = { CUSTOS_HOME: home, RPC_URL: chain.rpcUrl, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', CUSTODY_MASTER_KEY: 'ab'.repeat(32), CUSTODY_WORKERS: String(opts.workers ?? 1), CUSTODY_WEBHOOK_ALLOWED_TARGETS: DEVELOPMENT_WEBHOOK_TARGETS, CUSTODY_DEPOSIT_WATCH: 'off', ...opts.env }
  const config = loadCustodyConfig(env)
  const clock = opts.clock ?? systemClock
  const service = await createCustodyService({
    config,
    database,
    chain: { rpcUrl: chain.rpcUrl, chainId: chain.chainId, publicClient: chain.publicClient, nodes: opts.nodes ? { urls: opts.nodes, current: opts.nodes[0]! } : undefined },
    logger: createLogger({ service: 'custody', level: opts.logStream ? 'trace' : config.LOG_LEVEL, destination: opts.logStream }),
    clock,
    env,
    pipeline: { confirmPollMs: 20, ...opts.pipeline },
  })
  opts.beforeListen?.(service.app)
  await service.app.listen({ host: '127.0.0.1', port: 0 })
  const addr = service.app.server.address()
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
  const roles = {
    admin: ['read', 'transact', 'approve', 'admin', 'vaults', 'webhooks', 'audit'],
    'admin-2': ['read', 'approve', 'admin', 'vaults', 'webhooks', 'audit'],
    platform: ['read', 'transact', 'vaults', 'webhooks', 'whitelist-request', ...(opts.platformActsOnBehalf ? ['act-on-behalf'] : [])],
    'approver-1': ['read', 'approve'],
    'approver-2': ['read', 'approve'],
    auditor: ['read', 'audit'],
  } as const
  const keys: Record<string, { keyId: string; secret: string }> = {}
  const as = {} as TestCustody['as']
  const client = {} as TestCustody['client']
  for (const [role, scopes] of Object.entries(roles)) {
    const groups = role.startsWith('approver') ? ['approvers'] : role === 'admin-2' ? ['admin', 'admins'] : [role]
    const k = await service.apiKeys.createApiKey({ role, scopes: [...scopes], groups, createdBy: 'test', principalName: role, principalKind: role === 'platform' ? 'service' : 'person' })
    keys[role] = k
    as[role as keyof typeof roles] = createSignedFetch({ baseUrl: url, keyId: k.keyId, secret: k.secret, clock })
    client[role as keyof typeof roles] = createCustodyClient({ transport: as[role as keyof typeof roles] })
  }
  const station = await service.ctx.db.selectFrom('vaults').select('address').where('purpose', '=', 'gas-station').executeTakeFirstOrThrow()
  if (!opts.chainDown) await chain.testClient.setBalance({ address: station.address as Address, value: 10n ** 21n })
  return {
    service,
    url,
    home,
    database,
    as,
    client,
    keys,
    gasStation: station.address as Address,
    async close() {
      await service.close()
      if (!opts.database) await database.close()
      rmSync(home, { recursive: true, force: true })
    },
  }
}

const TERMINAL = ['COMPLETED', 'FAILED', 'BLOCKED', 'REJECTED', 'CANCELLED']

/**
 * Reads a transaction; a 429 is answered the way a client should, by waiting the
 * server's Retry-After (the rate limit is part of what is under test elsewhere,
 * not something a poll loop may trip over). Undefined while rate limited.
 */
async function readTransaction<T>(client: SignedFetch, id: string): Promise<T | undefined> {
  const res = await client.get<T>(`/v1/transactions/${id}`)
  if (res.status === 429) {
    const seconds = Number(res.headers['retry-after'] ?? 1)
    await new Promise((r) => setTimeout(r, Math.max(50, seconds * 1000)))
    return undefined
  }
  if (res.status !== 200) throw new Error(`GET transaction ${id}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/** Polls a transaction until `done` holds (or the deadline passes), returning the last view. */
export async function waitForTransaction<T extends { status: string; subStatus?: string | null }>(
  client: SignedFetch,
  id: string,
  done: (t: T) => boolean = (t) => TERMINAL.includes(t.status),
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: T | undefined
  for (;;) {
    last = (await readTransaction<T>(client, id)) ?? last
    if (last && done(last)) return last
    if (Date.now() > deadline) throw new Error(`transaction ${id} still ${last?.status}/${last?.subStatus} after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/**
 * Polls several transactions until `done` holds for every one (or the deadline passes),
 * reading only those not yet done, one at a time so a batch never exhausts the key's
 * rate budget. `between` runs after each round (e.g. to mine a block). Returns the
 * views in the order of `ids`.
 */
export async function waitForTransactions<T extends { id?: string; status: string; subStatus?: string | null }>(
  client: SignedFetch,
  ids: string[],
  done: (t: T) => boolean = (t) => TERMINAL.includes(t.status),
  opts: { timeoutMs?: number; between?: () => Promise<void> } = {},
): Promise<T[]> {
  const timeoutMs = opts.timeoutMs ?? 30_000
  const deadline = Date.now() + timeoutMs
  const latest = new Map<string, T>()
  const finished = new Set<string>()
  for (;;) {
    for (const id of ids) {
      if (finished.has(id)) continue
      const t = await readTransaction<T>(client, id)
      if (!t) continue
      latest.set(id, t)
      if (done(t)) finished.add(id)
    }
    if (finished.size === ids.length) return ids.map((id) => latest.get(id)!)
    if (Date.now() > deadline) {
      const open = ids.filter((id) => !finished.has(id)).map((id) => ({ id, status: latest.get(id)?.status, subStatus: latest.get(id)?.subStatus }))
      throw new Error(`${open.length} of ${ids.length} transactions not done after ${timeoutMs} ms: ${JSON.stringify(open.slice(0, 10))}`)
    }
    await opts.between?.()
    await new Promise((r) => setTimeout(r, 50))
  }
}
