// @postgres-pass: the pipeline killed at every failpoint, exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { healthyOrDead as healthyOrDeadAt, startServiceProcess, stopServiceProcess, type ServiceProcess } from '../test/service-process.ts'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Address, Hex } from 'viem'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { createPostgresDatabase } from '../test/database.ts'
import { freePort } from '../shared/net.ts'
import { createSignedFetch, type SignedFetch } from '../shared/auth/sign-request.ts'
import { waitForTransaction } from '../test/custody.ts'

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url))
type Tx = { id: string; status: string; subStatus: string | null; nonce: string | null; txHash: string | null }
type Vault = { id: string; address: Address }

/**
 * Kills the custody process (SIGKILL, no chance to clean up) at each stage of
 * a transaction's life and restarts it: the transaction must end COMPLETED
 * exactly once, with nonces contiguous.
 */
describe('custody survives being killed at any stage', () => {
  let chain: TestChain
  let home: string
  let port: number
  let admin: SignedFetch
  let dropDb: (() => Promise<void>) | undefined
  const env: Record<string, string> = {}
  let proc: ServiceProcess | null = null

  function start() {
    proc = startServiceProcess(MAIN, env)
    return proc
  }
  const healthyOrDead = (p: ServiceProcess) => healthyOrDeadAt(p, port)


  beforeAll(async () => {
    chain = await startTestChain()
    home = mkdtempSync(join(tmpdir(), 'custos-crash-'))
    port = await freePort()
    const creds = { custody: [{ role: 'admin', keyId: 'ck_crash_admin', secret: 'cs_crash-test-secret-0123456789abcdef0123', scopes: ['read', 'transact', 'approve', 'admin', 'vaults'] }], platform: [] }
    writeFileSync(join(home, 'creds.json'), JSON.stringify(creds), { mode: 0o600 })
    Object.assign(env, {
      CUSTOS_HOME: home,
      RPC_URL: chain.rpcUrl,
      CUSTODY_PORT: String(port),
      CUSTODY_MASTER_KEY: 'cd'.repeat(32),
      CUSTOS_DEV_CREDENTIALS: join(home, 'creds.json'),
      CUSTODY_CONFIRM_POLL_MS: '20',
      LOG_LEVEL: 'warn',
      CUSTODY_FAILPOINTS: 'after-nonce-reservation,after-signing,after-broadcast,during-confirmation',
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
    await dropDb?.()
    rmSync(home, { recursive: true, force: true })
    await chain?.stop()
  })

  it('completes a transfer exactly once after four crashes, and keeps nonces contiguous', async () => {
    let p = start()
    expect(await healthyOrDead(p)).toBe('healthy')
    const sender = (await admin.post<Vault>('/v1/vaults', { name: 'sender', tier: 'hot' })).body
    await chain.testClient.setBalance({ address: sender.address, value: 10n ** 20n })
    const receiver = '0x00000000000000000000000000000000000c0ffe' as Address

    const submitted = await admin.post<Tx>('/v1/transactions', { externalTxId: 'crash-1', sourceVaultId: sender.id, to: receiver, value: '12345' })
    expect(submitted.status).toBe(201)

    // Polls while custody may die under it; resolves when the transaction is COMPLETED.
    const completed = async (id: string) => {
      const deadline = Date.now() + 120_000
      while (Date.now() < deadline) {
        const t = await admin.get<Tx>(`/v1/transactions/${id}`).catch(() => null)
        if (t?.body.status === 'COMPLETED') return 'done' as const
        await new Promise((r) => setTimeout(r, 50))
      }
      throw new Error(`transaction ${id} never completed`)
    }
    const finished = completed(submitted.body.id)
    let crashes = 0
    for (;;) {
      const code = await Promise.race([p.exited, finished])
      if (code === 'done') break
      expect(code).toBe(-9)
      crashes += 1
      expect(crashes).toBeLessThanOrEqual(4)
      p = start()
      const state = await healthyOrDead(p)
      if (state === 'dead') continue
    }
    expect(readdirSync(join(home, 'custody', 'failpoints')).sort()).toEqual(['after-broadcast', 'after-nonce-reservation', 'after-signing', 'during-confirmation'])
    expect(crashes).toBe(4)

    const done = await waitForTransaction<Tx>(admin, submitted.body.id)
    expect(done).toMatchObject({ status: 'COMPLETED', nonce: '0' })
    expect(await chain.publicClient.getTransactionCount({ address: sender.address })).toBe(1)
    expect(await chain.publicClient.getBalance({ address: receiver })).toBe(12345n)
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: done.txHash as Hex })
    expect(receipt.status).toBe('success')

    const next = await admin.post<Tx>('/v1/transactions', { externalTxId: 'crash-2', sourceVaultId: sender.id, to: receiver, value: '1' })
    const second = await waitForTransaction<Tx>(admin, next.body.id)
    expect(second).toMatchObject({ status: 'COMPLETED', nonce: '1' })
    expect(await chain.publicClient.getTransactionCount({ address: sender.address })).toBe(2)
    expect(await chain.publicClient.getBalance({ address: receiver })).toBe(12346n)
  }, 300_000)
})
