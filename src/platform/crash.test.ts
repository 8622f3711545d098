import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { healthyOrDead as healthyOrDeadAt, startServiceProcess, stopServiceProcess, type ServiceProcess } from '../test/service-process.ts'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Address } from 'viem'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { startTestCustody, type TestCustody } from '../test/custody.ts'
import { createPostgresDatabase } from '../test/database.ts'
import { freePort } from '../shared/net.ts'
import { createSignedFetch, type SignedFetch } from '../shared/auth/sign-request.ts'
import { DEV_ROLES } from '../shared/development-api-keys.ts'
import { ANVIL_DEV_KEYS } from '../chain/dev-accounts.ts'
import { identityRegistryAbi } from '../chain/generated/abis.ts'
import { bootstrapCustodyRoles, type BootstrapCustodyRolesReturnType } from '../cli/bootstrap.ts'
import { PLATFORM_FAILPOINTS } from './failpoints.ts'

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url))
type Investor = { id: string; status: string; walletAddress: Address | null; identityAddress: Address | null; vaultId: string | null }

/**
 * Kills the platform process (SIGKILL) at every step of an onboarding and
 * restarts it: the investor must end ACTIVE exactly once, with one vault, one
 * identity and one custody transaction per on-chain action.
 */
describe('platform onboarding survives being killed at any step', () => {
  let chain: TestChain
  let custody: TestCustody
  let roles: BootstrapCustodyRolesReturnType
  let home: string
  let port: number
  let admin: SignedFetch
  let compliance: SignedFetch
  let dropDb: (() => Promise<void>) | undefined
  const env: Record<string, string> = {}
  let proc: ServiceProcess | null = null
  const failpoints = PLATFORM_FAILPOINTS.filter((f) => f.startsWith('onboard:'))

  function start() {
    proc = startServiceProcess(MAIN, env)
    return proc
  }
  const healthyOrDead = (p: ServiceProcess) => healthyOrDeadAt(p, port)


  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    roles = await bootstrapCustodyRoles({ rpcUrl: chain.rpcUrl, deployerKey: ANVIL_DEV_KEYS[0]!, deployments: chain.deployments, custody: custody.as.admin })
    home = mkdtempSync(join(tmpdir(), 'custos-platform-crash-'))
    port = await freePort()
    const platformCreds = (['issuer-admin', 'compliance-officer'] as const).map((role) => ({ role, keyId: `pk_crash_${role}`, secret: `crash-test-secret-${role}-0123456789abcdef`, scopes: [...DEV_ROLES.platform[role]] }))
    writeFileSync(join(home, 'creds.json'), JSON.stringify({ custody: [], platform: platformCreds }), { mode: 0o600 })
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
      PLATFORM_MASTER_KEY: '12'.repeat(32),
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
    const [a, c] = platformCreds
    admin = createSignedFetch({ baseUrl: `http://127.0.0.1:${port}`, keyId: a!.keyId, secret: a!.secret })
    compliance = createSignedFetch({ baseUrl: `http://127.0.0.1:${port}`, keyId: c!.keyId, secret: c!.secret })
  }, 120_000)

  afterAll(async () => {
    await stopServiceProcess(proc)
    await dropDb?.()
    if (home) rmSync(home, { recursive: true, force: true })
    await custody?.close()
    await chain?.stop()
  })

  it('completes an onboarding exactly once after a crash at each step', async () => {
    let p = start()
    expect(await healthyOrDead(p)).toBe('healthy')
    const created = await admin.post<Investor>('/v1/investors', { name: 'Clara Crash', email: 'clara@example.org', country: 'NL', type: 'individual' })
    expect(created.status).toBe(201)
    const id = created.body.id
    const status = async () => (await admin.get<Investor>(`/v1/investors/${id}`).catch(() => null))?.body
    for (let i = 0; (await status())?.status !== 'IN_REVIEW'; i++) {
      expect(i).toBeLessThan(300)
      await new Promise((r) => setTimeout(r, 100))
    }
    expect((await compliance.post<Investor>(`/v1/investors/${id}/kyc-decision`, { decision: 'APPROVE', reason: 'ok' })).status).toBe(200)

    // Polls while the platform may die under it; resolves when the investor is ACTIVE.
    const active = (async () => {
      const deadline = Date.now() + 240_000
      while (Date.now() < deadline) {
        if ((await status())?.status === 'ACTIVE') return 'done' as const
        await new Promise((r) => setTimeout(r, 100))
      }
      throw new Error(`investor ${id} never became ACTIVE`)
    })()
    let crashes = 0
    for (;;) {
      const code = await Promise.race([p.exited, active])
      if (code === 'done') break
      expect(code).toBe(-9)
      crashes += 1
      expect(crashes).toBeLessThanOrEqual(failpoints.length)
      p = start()
      await healthyOrDead(p)
    }
    expect(crashes).toBe(failpoints.length)
    expect(readdirSync(join(home, 'platform', 'failpoints')).length).toBe(failpoints.length)

    const investor = (await status())!
    expect(investor.status).toBe('ACTIVE')
    expect(await chain.publicClient.readContract({ address: chain.deployments.identityRegistry.registry, abi: identityRegistryAbi, functionName: 'isVerified', args: [investor.walletAddress!] })).toBe(true)

    // Once each: one vault, createIdentity + registerIdentity from the identity agent, addClaim from the investor.
    const vaults = await custody.as.admin.get<{ items: { externalRef: string | null }[] }>('/v1/vaults?purpose=investor')
    expect(vaults.body.items.filter((v) => v.externalRef === id)).toHaveLength(1)
    const byAgent = await custody.as.admin.get<{ items: { externalTxId: string; status: string }[] }>(`/v1/transactions?sourceVaultId=${roles.vaults.identityAgent.id}&kind=USER`)
    expect(byAgent.body.items.map((t) => t.externalTxId).sort()).toEqual([`onb:${id}:create-identity`, `onb:${id}:register-identity`])
    expect(byAgent.body.items.every((t) => t.status === 'COMPLETED')).toBe(true)
    const byInvestor = await custody.as.admin.get<{ items: { externalTxId: string }[] }>(`/v1/transactions?sourceVaultId=${investor.vaultId}&kind=USER`)
    expect(byInvestor.body.items.map((t) => t.externalTxId)).toEqual([`onb:${id}:add-claim:1`])
    expect(await chain.publicClient.getTransactionCount({ address: roles.vaults.identityAgent.address })).toBe(2)

    const audit = await compliance.get<{ items: { after: { status: string } }[] }>(`/v1/audit/entries?targetId=${id}&action=investor.status_changed`)
    expect(audit.body.items.map((e) => e.after.status)).toEqual(['IN_REVIEW', 'APPROVED', 'ACTIVE'])
  }, 400_000)
})
