import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { readdirSync } from 'node:fs'
import type { Address } from 'viem'
import { tokenAbi } from '../../../chain/generated/abis.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { preparePlatformProcess, type PlatformProcessHarness } from '../../../test/platform-process.ts'
import { fundStablecoin, stablecoinBalance } from '../../../test/platform/offerings.ts'
import { pollUntil, type InvestorView, type TokenView } from '../../../test/platform/tokens.ts'
import { PLATFORM_FAILPOINTS } from '../../failpoints.ts'

type Offer = { id: string; status: string; payer: { vaultId: string; address: Address }; requests: { investorId: string; allocated: string | null; status: string; externalTxId: string }[]; workflow: { status: string } | null }
type CustodyTx = { id: string; externalTxId: string; status: string }

/**
 * Kills the platform process (SIGKILL) after custody accepted a settlement of
 * a tender offer but before the platform recorded it, and restarts it: every
 * allocation settles exactly once, with one custody transaction per settlement.
 */
describe('a tender offer survives the platform being killed mid-settlement', () => {
  let chain: TestChain
  let custody: TestCustody
  let h: PlatformProcessHarness<'issuer-admin' | 'operator' | 'auditor'>
  let exitCode: number | null | undefined
  const failpoints = PLATFORM_FAILPOINTS.filter((f) => f.startsWith('redemption:'))

  async function start(): Promise<'healthy' | 'dead'> {
    exitCode = undefined
    const health = h.start(120_000)
    const p = h.proc!
    void p.exited.then((code) => {
      if (h.proc === p) exitCode = code
    })
    return health
  }
  const vaultTxs = async (vaultId: string) => (await custody.as.auditor.get<{ items: CustodyTx[] }>(`/v1/transactions?sourceVaultId=${vaultId}&kind=USER&limit=200`)).body.items
  async function approvePending(): Promise<void> {
    for (const t of await vaultTxs(h.roles.vaults.issuerAgent.id)) {
      if (t.status === 'PENDING_AUTHORIZATION') await custody.as['approver-1'].post(`/v1/transactions/${t.id}/approve`, { comment: 'checked' })
    }
  }

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    h = await preparePlatformProcess(chain, custody, { roles: ['issuer-admin', 'operator', 'auditor'], failpoints, env: { PLATFORM_KYC_AUTO_APPROVE: 'true', PLATFORM_INDEXER_POLL_MS: '100', PLATFORM_RECONCILE_INTERVAL_MS: '0' } })
  }, 120_000)
  afterAll(async () => {
    await h?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('settles every allocation exactly once, one custody transaction each', async () => {
    expect(await start()).toBe('healthy')
    const admin = h.as['issuer-admin']
    const ids: string[] = []
    for (const [i, name] of ['Mia Crash', 'Noa Crash'].entries()) {
      const res = await admin.post<InvestorView>('/v1/investors', { name, email: `dvp-crash${i}@example.org`, country: 'DE', type: 'individual' })
      expect(res.status).toBe(201)
      ids.push(res.body.id)
    }
    const investors = await Promise.all(ids.map((id) => pollUntil(async () => (await admin.get<InvestorView>(`/v1/investors/${id}`)).body, (v) => v.status === 'ACTIVE', `investor ${id}`, 180_000)))
    const created = await admin.post<TokenView>('/v1/tokens', { name: 'Crash Buyback', symbol: 'CBUY', decimals: 0 })
    expect(created.status).toBe(201)
    const token = await pollUntil(async () => { await approvePending(); return (await admin.get<TokenView>(`/v1/tokens/${created.body.id}`)).body }, (t) => t.status !== 'DEPLOYING', 'token deployed', 120_000)
    expect(token.status).toBe('ACTIVE')
    for (const [i, v] of investors.entries()) {
      const res = await admin.post<{ id: string; status: string }>('/v1/assets/mint', { tokenId: token.id, investorId: v.id, quantity: String(100 * (i + 1)), agreementRef: 'crash', idempotencyKey: `dvp-crash-mint-${i}` })
      expect(res.status).toBe(202)
      await pollUntil(async () => { await approvePending(); return (await admin.get<{ status: string }>(`/v1/assets/issuances/${res.body.id}`)).body }, (o) => o.status === 'COMPLETED', `mint ${i}`, 120_000)
    }
    const unpause = await admin.post<{ id: string }>(`/v1/tokens/${token.id}/unpause`)
    expect(unpause.status).toBe(202)
    await pollUntil(async () => { await approvePending(); return (await admin.get<{ status: string }>(`/v1/tokens/${token.id}/operations/${unpause.body.id}`)).body }, (o) => o.status === 'COMPLETED', 'unpause', 120_000)

    // 300 tendered for 150: half each, at 1 cUSD per token, burned. The window closes in a few seconds (the process's own clock).
    const now = Date.now()
    const offer = await admin.post<Offer>(`/v1/tokens/${token.id}/tender-offers`, { pricePerToken: '1000000', maxQuantity: '150', opensAt: new Date(now - 1_000).toISOString(), closesAt: new Date(now + 10_000).toISOString(), settlement: 'BURN', idempotencyKey: 'dvp-crash-1' })
    expect(offer.status, JSON.stringify(offer.body)).toBe(201)
    const id = offer.body.id
    for (const [i, v] of investors.entries()) {
      const res = await h.as.operator.post(`/v1/tender-offers/${id}/tenders`, { investorId: v.id, quantity: String(100 * (i + 1)) })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
    }
    await fundStablecoin(chain, offer.body.payer.address, 150_000_000n)

    let crashes = 0
    let done: Offer | null = null
    const deadline = Date.now() + 300_000
    while (!done) {
      expect(Date.now()).toBeLessThan(deadline)
      if (exitCode !== undefined) {
        expect(exitCode).toBe(-9)
        crashes += 1
        expect(crashes).toBeLessThanOrEqual(failpoints.length)
        await start()
        continue
      }
      await approvePending().catch(() => undefined)
      const o = (await h.as.auditor.get<Offer>(`/v1/tender-offers/${id}`).catch(() => null))?.body
      if (o && (o.status === 'SETTLED' || o.status === 'FAILED')) done = o
      await new Promise((r) => setTimeout(r, 100))
    }

    expect(crashes).toBe(failpoints.length)
    expect(readdirSync(join(h.home, 'platform', 'failpoints'))).toHaveLength(failpoints.length)
    expect(done.status).toBe('SETTLED')
    expect(done.requests.map((r) => [r.allocated, r.status])).toEqual([['50', 'SETTLED'], ['100', 'SETTLED']])
    const balance = (a: Address) => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [a] })
    expect(await balance(investors[0]!.walletAddress!)).toBe(50n)
    expect(await balance(investors[1]!.walletAddress!)).toBe(100n)
    expect(await stablecoinBalance(chain, investors[0]!.walletAddress!)).toBe(50_000_000n)
    expect(await stablecoinBalance(chain, investors[1]!.walletAddress!)).toBe(100_000_000n)
    expect(await stablecoinBalance(chain, done.payer.address)).toBe(0n)
    // At custody: the token authorization, the offer's approval and one settlement per allocation, each once.
    const dvpTxs = (await vaultTxs(done.payer.vaultId)).filter((t) => t.externalTxId.startsWith('dvp:'))
    expect(dvpTxs.map((t) => t.externalTxId).sort()).toEqual([`dvp:token:${token.id}:add-agent`, `dvp:${id}:approve`, ...done.requests.map((r) => r.externalTxId)].sort())
    expect(dvpTxs.every((t) => t.status === 'COMPLETED')).toBe(true)
  }, 600_000)
})
