import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Address } from 'viem'
import { healthyOrDead as healthyOrDeadAt, startServiceProcess, stopServiceProcess, type ServiceProcess } from '../../test/service-process.ts'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../test/custody.ts'
import { createPostgresDatabase } from '../../test/database.ts'
import { freePort } from '../../shared/net.ts'
import { createSignedFetch, type SignedFetch } from '../../shared/auth/sign-request.ts'
import { DEV_ROLES } from '../../shared/development-api-keys.ts'
import { ANVIL_DEV_KEYS } from '../../chain/dev-accounts.ts'
import { tokenAbi } from '../../chain/generated/abis.ts'
import { bootstrapCustodyRoles, type BootstrapCustodyRolesReturnType } from '../../cli/bootstrap.ts'
import { PLATFORM_FAILPOINTS } from '../failpoints.ts'
import { pollUntil, type InvestorView, type TokenView } from '../tokens/test-support.ts'

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url))
type BatchView = { id: string; status: string; chunkCount: number; chunks: { externalTxId: string; status: string }[]; items: { investorId: string; quantity: string; status: string }[] }
type CustodyTx = { id: string; externalTxId: string; status: string }

/**
 * Kills the platform process (SIGKILL) inside a batch mint — right after the
 * plan is recorded (before the request is answered), right after custody
 * accepted a chunk's transaction, and when a chunk is on-chain but not yet
 * recorded — and restarts it each time: every holder must end with exactly
 * its quantity, with one custody transaction per chunk.
 */
describe('a batch mint survives the platform being killed at any point', () => {
  let chain: TestChain
  let custody: TestCustody
  let roles: BootstrapCustodyRolesReturnType
  let home: string
  let port: number
  let admin: SignedFetch
  let auditor: SignedFetch
  let dropDb: (() => Promise<void>) | undefined
  const env: Record<string, string> = {}
  let proc: ServiceProcess | null = null
  let exitCode: number | null | undefined
  const failpoints = PLATFORM_FAILPOINTS.filter((f) => f.startsWith('batch-mint:'))

  function start(): ServiceProcess {
    const p = startServiceProcess(MAIN, env)
    proc = p
    exitCode = undefined
    void p.exited.then((code) => {
      if (proc === p) exitCode = code
    })
    return p
  }
  const healthyOrDead = (p: ServiceProcess) => healthyOrDeadAt(p, port, 120_000)
  const issuerAgentTxs = async () =>
    (await custody.as.auditor.get<{ items: CustodyTx[] }>(`/v1/transactions?sourceVaultId=${roles.vaults.issuerAgent.id}&kind=USER&limit=200`)).body.items
  /** A custody approver approves whatever the issuer-agent vault has waiting (custody keeps running while the platform dies). */
  async function approvePending(): Promise<void> {
    for (const t of await issuerAgentTxs()) {
      if (t.status === 'PENDING_AUTHORIZATION') await custody.as['approver-1'].post(`/v1/transactions/${t.id}/approve`, { comment: 'checked' })
    }
  }

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    roles = await bootstrapCustodyRoles({ rpcUrl: chain.rpcUrl, deployerKey: ANVIL_DEV_KEYS[0]!, deployments: chain.deployments, custody: custody.as.admin })
    home = mkdtempSync(join(tmpdir(), 'custos-batch-mint-crash-'))
    port = await freePort()
    const creds = (['issuer-admin', 'auditor'] as const).map((role) => ({ role, keyId: `pk_bm_crash_${role}`, secret: `batch-mint-crash-secret-${role}-0123456789abcdef`, scopes: [...DEV_ROLES.platform[role]] }))
    writeFileSync(join(home, 'creds.json'), JSON.stringify({ custody: [], platform: creds }), { mode: 0o600 })
    writeFileSync(join(home, 'deployments.json'), JSON.stringify(chain.deployments))
    Object.assign(env, {
      CUSTOS_HOME: home,
      RPC_URL: chain.rpcUrl,
      PLATFORM_PORT: String(port),
      CUSTODY_URL: custody.url,
      CUSTODY_API_KEY_ID: custody.keys.platform!.keyId,
      CUSTODY_API_SECRET: custody.keys.platform!.secret,
      DEPLOYMENTS_FILE: join(home, 'deployments.json'),
      CUSTOS_DEV_CREDENTIALS: join(home, 'creds.json'),
      PLATFORM_MASTER_KEY: '34'.repeat(32),
      PLATFORM_KYC_AUTO_APPROVE: 'true',
      PLATFORM_WORKER_POLL_MS: '100',
      PLATFORM_CUSTODY_POLL_MS: '100',
      PLATFORM_FAILPOINTS: failpoints.join(','),
      LOG_LEVEL: 'warn',
    })
    if (process.env.DATABASE_URL) {
      const db = await createPostgresDatabase(process.env.DATABASE_URL)
      env.PLATFORM_DATABASE_URL = db.url
      dropDb = db.drop
    }
    admin = createSignedFetch({ baseUrl: `http://127.0.0.1:${port}`, keyId: creds[0]!.keyId, secret: creds[0]!.secret })
    auditor = createSignedFetch({ baseUrl: `http://127.0.0.1:${port}`, keyId: creds[1]!.keyId, secret: creds[1]!.secret })
  }, 120_000)

  afterAll(async () => {
    await stopServiceProcess(proc)
    await dropDb?.()
    if (home) rmSync(home, { recursive: true, force: true })
    await custody?.close()
    await chain?.stop()
  })

  it('mints every holder exactly its quantity, one custody transaction per chunk', async () => {
    expect(await healthyOrDead(start())).toBe('healthy')

    // The world, through the API: four onboarded investors and a deployed token (no failpoint lies on this path).
    const names = ['Ida Crash', 'Jon Crash', 'Kim Crash', 'Lea Crash']
    const ids: string[] = []
    for (const [i, name] of names.entries()) {
      const res = await admin.post<InvestorView>('/v1/investors', { name, email: `crash${i}@example.org`, country: 'DE', type: 'individual' })
      expect(res.status).toBe(201)
      ids.push(res.body.id)
    }
    const investors = await Promise.all(ids.map((id) => pollUntil(async () => (await admin.get<InvestorView>(`/v1/investors/${id}`)).body, (v) => v.status === 'ACTIVE', `investor ${id}`, 180_000)))
    const created = await admin.post<TokenView>('/v1/tokens', { name: 'Crash Equity', symbol: 'CRSH', decimals: 0, compliance: { allowedCountries: ['DE'], maxBalance: '1000000', supplyLimit: '1000000000' } })
    expect(created.status).toBe(201)
    const token = await pollUntil(
      async () => {
        await approvePending()
        return (await admin.get<TokenView>(`/v1/tokens/${created.body.id}`)).body
      },
      (t) => t.status !== 'DEPLOYING',
      'token deployed',
      120_000,
    )
    expect(token.status).toBe('ACTIVE')

    // A small chunk budget (about two holders a chunk with this token's modules), so the four make several chunks.
    const items = investors.map((v, i) => ({ investorId: v.id, quantity: String(1000 + i) }))
    const body = { tokenId: token.id, items, agreementRef: 'crash-issue', idempotencyKey: 'bm-crash-1', maxChunkGas: 640_000 }
    let batchId: string | null = null
    let crashes = 0
    let done: BatchView | null = null
    const deadline = Date.now() + 300_000
    while (!done) {
      expect(Date.now()).toBeLessThan(deadline)
      if (exitCode !== undefined) {
        // Killed at a failpoint: restart, as an operator (or a supervisor) would.
        expect(exitCode).toBe(-9)
        crashes += 1
        expect(crashes).toBeLessThanOrEqual(failpoints.length)
        await healthyOrDead(start())
        continue
      }
      if (!batchId) {
        // The request dies with the process at the first failpoint; the client repeats it with the same key.
        const res = await admin.post<BatchView>('/v1/assets/batch-mint', body).catch(() => null)
        if (res) {
          expect([200, 202]).toContain(res.status)
          batchId = res.body.id
          if (crashes > 0) expect(res.status).toBe(200)
        }
      } else {
        const b = (await admin.get<BatchView>(`/v1/assets/batch-mints/${batchId}`).catch(() => null))?.body
        if (b && b.status !== 'PROCESSING') done = b
      }
      await approvePending().catch(() => undefined)
      await new Promise((r) => setTimeout(r, 100))
    }

    expect(crashes).toBe(failpoints.length)
    expect(readdirSync(join(home, 'platform', 'failpoints'))).toHaveLength(failpoints.length)
    expect(done.status).toBe('COMPLETED')
    expect(done.chunkCount).toBeGreaterThanOrEqual(2)
    expect(done.items.every((i) => i.status === 'MINTED')).toBe(true)
    for (const [i, v] of investors.entries()) {
      expect(await chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [v.walletAddress as Address] })).toBe(BigInt(1000 + i))
    }
    expect(await chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'totalSupply' })).toBe(4006n)

    // Exactly one custody transaction per chunk, and on-chain the issuer agent sent the deployment and the chunks only.
    const chunkTxs = (await issuerAgentTxs()).filter((t) => t.externalTxId.startsWith(`batch-mint:${batchId}:`))
    expect(chunkTxs.map((t) => t.externalTxId).sort()).toEqual(done.chunks.map((c) => c.externalTxId).sort())
    expect(chunkTxs.every((t) => t.status === 'COMPLETED')).toBe(true)
    expect(await chain.publicClient.getTransactionCount({ address: roles.vaults.issuerAgent.address })).toBe(1 + done.chunkCount)
    const audit = await auditor.get<{ items: { action: string }[] }>(`/v1/audit/entries?targetId=${batchId}&action=batch_mint.chunk_completed`)
    expect(audit.body.items).toHaveLength(done.chunkCount)
  }, 600_000)
})
