// @postgres-pass: deposits detected once across a killed process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseEther, type Address } from 'viem'
import { systemClock } from '../../shared/clock.ts'
import { freePort } from '../../shared/net.ts'
import { createSignedFetch, type SignedFetch } from '../../shared/auth/sign-request.ts'
import { startTestReceiver, type TestReceiver } from '../../shared/webhooks/test-receiver.ts'
import { DEVELOPMENT_WEBHOOK_TARGETS } from '../../shared/webhooks/webhook-target.ts'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { createPostgresDatabase } from '../../test/database.ts'
import { healthyOrDead, startServiceProcess, stopServiceProcess, type ServiceProcess } from '../../test/service-process.ts'

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url))
type Vault = { id: string; address: Address }
type Deposit = { id: string; status: string; amount: string; txHash: string }

/**
 * Kills custody (SIGKILL) right after it committed a deposit as DETECTED, before it could
 * confirm it or deliver its webhook, and sends another deposit while it is down: after a
 * restart on the same database each deposit is confirmed and reported once per status.
 */
describe('deposits survive custody being killed between detection and confirmation', () => {
  let chain: TestChain
  let home: string
  let port: number
  let admin: SignedFetch
  let receiver: TestReceiver
  let dropDb: (() => Promise<void>) | undefined
  let proc: ServiceProcess | null = null
  const env: Record<string, string> = {}

  beforeAll(async () => {
    chain = await startTestChain()
    receiver = await startTestReceiver(systemClock)
    home = mkdtempSync(join(tmpdir(), 'custos-deposit-crash-'))
    port = await freePort()
    const creds = { custody: [{ role: 'admin', keyId: 'ck_deposit_crash', secret: 'cs_deposit-crash-secret-0123456789abcdef01', scopes: ['read', 'admin', 'vaults', 'webhooks'] }], platform: [] }
    writeFileSync(join(home, 'creds.json'), JSON.stringify(creds), { mode: 0o600 })
    Object.assign(env, {
      CUSTOS_HOME: home,
      RPC_URL: chain.rpcUrl,
      CUSTODY_PORT: String(port),
      CUSTODY_MASTER_KEY: 'ef'.repeat(32),
      CUSTOS_DEV_CREDENTIALS: join(home, 'creds.json'),
      CUSTODY_CONFIRMATIONS: '3',
      CUSTODY_DEPOSIT_WATCH_MS: '100',
      CUSTODY_AUDIT_CHECKPOINT_SECONDS: '0',
      CUSTODY_WEBHOOK_ALLOWED_TARGETS: DEVELOPMENT_WEBHOOK_TARGETS,
      LOG_LEVEL: 'warn',
      CUSTODY_FAILPOINTS: 'deposit-detected',
    })
    if (process.env.DATABASE_URL) {
      const db = await createPostgresDatabase(process.env.DATABASE_URL)
      env.CUSTODY_DATABASE_URL = db.url
      dropDb = db.drop
    }
    admin = createSignedFetch({ baseUrl: `http://127.0.0.1:${port}`, keyId: creds.custody[0]!.keyId, secret: creds.custody[0]!.secret })
  }, 120_000)

  afterAll(async () => {
    await stopServiceProcess(proc)
    await receiver?.close()
    await dropDb?.()
    if (home) rmSync(home, { recursive: true, force: true })
    await chain?.stop()
  })

  async function poll<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const v = await read()
      if (done(v)) return v
      if (Date.now() > deadline) throw new Error(`${what}: not reached after ${timeoutMs} ms (last: ${JSON.stringify(v)})`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const eventsAbout = (id: string, type: string) => new Set(receiver.received.filter((r) => r.body.resourceId === id && r.body.type === type).map((r) => r.eventId)).size

  it('confirms and reports each deposit once after a crash right after detection', async () => {
    proc = startServiceProcess(MAIN, env)
    expect(await healthyOrDead(proc, port)).toBe('healthy')
    const vault = (await admin.post<Vault>('/v1/vaults', { name: 'crash-deposits', tier: 'hot' })).body
    const sub = await admin.post<{ secret: string }>('/v1/webhooks', { url: receiver.url, events: ['deposit.*'] })
    expect(sub.status).toBe(201)
    receiver.secrets.push(sub.body.secret)

    const [alice, bob] = chain.wallets
    const first = await alice!.sendTransaction({ to: vault.address, value: parseEther('1') })
    // Custody kills itself as soon as it has committed the deposit as DETECTED.
    expect(await proc.exited).toBe(-9)
    expect(existsSync(join(home, 'custody', 'failpoints', 'deposit-detected'))).toBe(true)

    // While it is down: another deposit, and enough blocks to make both final.
    const second = await bob!.sendTransaction({ to: vault.address, value: parseEther('2') })
    await chain.publicClient.waitForTransactionReceipt({ hash: second })
    await chain.testClient.mine({ blocks: 3 })

    proc = startServiceProcess(MAIN, env)
    expect(await healthyOrDead(proc, port)).toBe('healthy')
    const list = async () => (await admin.get<{ items: Deposit[] }>(`/v1/vaults/${vault.id}/deposits`)).body.items
    const deposits = await poll('both deposits confirmed', list, (d) => d.length === 2 && d.every((x) => x.status === 'CONFIRMED'))
    expect(new Map(deposits.map((d) => [d.txHash, d.amount]))).toEqual(new Map([[first, parseEther('1').toString()], [second, parseEther('2').toString()]]))

    for (const d of deposits) {
      await poll(`events of ${d.id}`, async () => eventsAbout(d.id, 'deposit.detected') + eventsAbout(d.id, 'deposit.confirmed'), (n) => n >= 2)
    }
    expect(await list()).toHaveLength(2)
    for (const d of deposits) {
      expect(eventsAbout(d.id, 'deposit.detected')).toBe(1)
      expect(eventsAbout(d.id, 'deposit.confirmed')).toBe(1)
    }
  }, 180_000)
})
