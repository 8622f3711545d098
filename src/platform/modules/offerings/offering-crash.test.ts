import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { tokenAbi } from '../../../chain/generated/abis.ts'
import type { SignedFetch } from '../../../shared/auth/sign-request.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { CUSTODY_ENV_FOR_A_RESTARTING_PLATFORM, preparePlatformProcess, type PlatformProcessHarness } from '../../../test/platform-process.ts'
import { waitForInvestor, type TestPlatform } from '../../../test/platform.ts'
import { deployToken, type InvestorView, type TokenView } from '../../../test/platform/tokens.ts'
import { approveAllocationMints, cusd, DAY, fundStablecoin, stablecoinBalance, waitForOffering, waitForSubscription, type OfferingView, type SubscriptionView } from '../../../test/platform/offerings.ts'

const FAILPOINTS = ['offering:after-payment-submitted', 'offering:after-mint-requested', 'offering:after-refund-submitted']

/**
 * Kills the platform process (SIGKILL) right after custody accepted a
 * subscription's payment, an allocation's mint and a refund, before the
 * platform recorded it, and restarts it: each effect happens exactly once.
 */
describe('offerings survive the platform being killed between asking custody and recording it', () => {
  let chain: TestChain
  let custody: TestCustody
  let h: PlatformProcessHarness<'issuer-admin' | 'operator' | 'auditor'>
  let as: Record<'issuer-admin' | 'operator' | 'auditor', SignedFetch>
  let platform: TestPlatform
  let crashes = 0

  const start = () => h.start()
  /** Waits for the failpoint to kill the platform, then starts it again. */
  const crashAndRestart = async (what: string) => {
    const code = await Promise.race([h.proc!.exited, new Promise((r) => setTimeout(() => r('timeout'), 90_000))])
    expect({ what, code }).toEqual({ what, code: -9 })
    crashes += 1
    expect(await start()).toBe('healthy')
  }
  /** A request the platform may die under (it is killed at a failpoint mid-request). */
  const tolerant = <T>(p: Promise<T>) => p.catch(() => null)

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { env: CUSTODY_ENV_FOR_A_RESTARTING_PLATFORM })
    h = await preparePlatformProcess(chain, custody, { roles: ['issuer-admin', 'operator', 'auditor'], failpoints: FAILPOINTS, env: { PLATFORM_KYC_AUTO_APPROVE: 'true' } })
    as = h.as
    // The shared test helpers only use the role clients.
    platform = { as } as unknown as TestPlatform
  }, 120_000)

  afterAll(async () => {
    await h?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('pays, mints and refunds exactly once across crashes', async () => {
    expect(await start()).toBe('healthy')
    const created = await as['issuer-admin'].post<InvestorView>('/v1/investors', { name: 'Petra Neumann', email: 'petra@example.org', country: 'DE', type: 'individual' })
    expect(created.status).toBe(201)
    const petra = await waitForInvestor<InvestorView>(as.auditor, created.body.id, (i) => i.status === 'ACTIVE', 120_000)
    const token: TokenView = await deployToken(platform, custody, { name: 'Crash Shares', symbol: 'CRSH', decimals: 0 })
    await fundStablecoin(chain, petra.walletAddress!, cusd(1_100))

    const offer = async (key: string) => {
      const res = await as['issuer-admin'].post<OfferingView>('/v1/offerings', {
        tokenId: token.id,
        pricePerToken: cusd(1).toString(),
        minInvestment: cusd(100).toString(),
        maxInvestment: cusd(1_000).toString(),
        hardCap: cusd(key === 'a' ? 1_000 : 500).toString(),
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + DAY).toISOString(),
        eligibleCountries: ['DE'],
        accreditationRequired: false,
      })
      expect(res.status).toBe(201)
      return res.body
    }
    const a = await offer('a')
    const subA = (await as.operator.post<SubscriptionView>(`/v1/offerings/${a.id}/subscriptions`, { investorId: petra.id, amount: cusd(1_000).toString(), idempotencyKey: 'petra-a' })).body

    // Killed once custody has the payment, before the platform records it.
    await tolerant(as.operator.post(`/v1/subscriptions/${subA.id}/pay`, { method: 'stablecoin' }))
    await crashAndRestart('payment')
    await waitForSubscription(platform, subA.id, (s) => s.status === 'PAID')
    expect((await as.operator.post<SubscriptionView>(`/v1/subscriptions/${subA.id}/pay`, { method: 'stablecoin' })).status).toBe(200)

    // Killed once custody has the mint, before the close workflow records it.
    expect((await as['issuer-admin'].post(`/v1/offerings/${a.id}/close`)).status).toBe(202)
    await crashAndRestart('mint')
    await approveAllocationMints(platform, custody, [subA.id])
    expect((await waitForOffering(platform, a.id, (o) => o.status === 'CLOSED' || o.close?.workflow?.status === 'FAILED')).status).toBe('CLOSED')

    // Killed once custody has the refund, before the platform records it.
    const b = await offer('b')
    const subB = (await as.operator.post<SubscriptionView>(`/v1/offerings/${b.id}/subscriptions`, { investorId: petra.id, amount: cusd(100).toString(), idempotencyKey: 'petra-b' })).body
    expect((await as.operator.post(`/v1/subscriptions/${subB.id}/pay`, { method: 'stablecoin' })).status).toBe(202)
    await waitForSubscription(platform, subB.id, (s) => s.status === 'PAID')
    expect((await as['issuer-admin'].post(`/v1/offerings/${b.id}/cancel`, { reason: 'withdrawn' })).status).toBe(202)
    await crashAndRestart('refund')
    expect((await waitForOffering(platform, b.id, (o) => o.status === 'CANCELLED' || o.close?.workflow?.status === 'FAILED')).status).toBe('CANCELLED')

    expect(crashes).toBe(FAILPOINTS.length)
    expect(readdirSync(join(h.home, 'platform', 'failpoints'))).toHaveLength(FAILPOINTS.length)
    const once = async (externalTxId: string) => (await custody.as.platform.get<{ items: { status: string }[] }>(`/v1/transactions?externalTxId=${externalTxId}`)).body.items.map((t) => t.status)
    expect(await once(`sub:${subA.id}:pay:1`)).toEqual(['COMPLETED'])
    expect(await once(`mint:offering:${a.id}:subscription:${subA.id}`)).toEqual(['COMPLETED'])
    expect(await once(`sub:${subB.id}:refund:1`)).toEqual(['COMPLETED'])
    const agentTxs = await custody.as.admin.get<{ items: { externalTxId: string }[] }>(`/v1/transactions?sourceVaultId=${h.roles.vaults.issuerAgent.id}&kind=USER`)
    expect(agentTxs.body.items.filter((t) => t.externalTxId.startsWith('mint:'))).toHaveLength(1)

    expect(await chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [petra.walletAddress!] })).toBe(1_000n)
    expect(await stablecoinBalance(chain, a.treasury.address)).toBe(cusd(1_000))
    expect(await stablecoinBalance(chain, b.treasury.address)).toBe(0n)
    expect(await stablecoinBalance(chain, petra.walletAddress!)).toBe(cusd(100))
  }, 480_000)
})
