// @postgres-pass: the workflow engine killed at every failpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Address } from 'viem'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { CUSTODY_ENV_FOR_A_RESTARTING_PLATFORM, preparePlatformProcess, type PlatformProcessHarness } from '../../../test/platform-process.ts'
import type { SignedFetch } from '../../../shared/auth/sign-request.ts'
import { identityRegistryAbi } from '../../../chain/generated/abis.ts'
import type { BootstrapCustodyRolesReturnType } from '../../../cli/bootstrap.ts'
import { PLATFORM_FAILPOINTS } from '../../failpoints.ts'

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
  let h: PlatformProcessHarness<'issuer-admin' | 'compliance-officer'>
  let admin: SignedFetch
  let compliance: SignedFetch
  const failpoints = PLATFORM_FAILPOINTS.filter((f) => f.startsWith('onboard:'))

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { env: CUSTODY_ENV_FOR_A_RESTARTING_PLATFORM })
    h = await preparePlatformProcess(chain, custody, { roles: ['issuer-admin', 'compliance-officer'], failpoints })
    roles = h.roles
    admin = h.as['issuer-admin']
    compliance = h.as['compliance-officer']
  }, 120_000)

  afterAll(async () => {
    await h?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('completes an onboarding exactly once after a crash at each step', async () => {
    expect(await h.start()).toBe('healthy')
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
      const code = await Promise.race([h.proc!.exited, active])
      if (code === 'done') break
      expect(code).toBe(-9)
      crashes += 1
      expect(crashes).toBeLessThanOrEqual(failpoints.length)
      await h.start()
    }
    expect(crashes).toBe(failpoints.length)
    expect(readdirSync(join(h.home, 'platform', 'failpoints')).length).toBe(failpoints.length)

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
