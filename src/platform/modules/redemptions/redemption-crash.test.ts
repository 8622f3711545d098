import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { readdirSync } from 'node:fs'
import type { Address } from 'viem'
import { dvpSettlementAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { CUSTODY_PIPELINE_FAILPOINTS, prepareCustodyProcess, type CustodyProcessHarness } from '../../../test/custody-process.ts'
import { CUSTODY_ENV_FOR_A_RESTARTING_PLATFORM, preparePlatformProcess, type PlatformProcessHarness } from '../../../test/platform-process.ts'
import { startTestPlatform, type TestPlatform } from '../../../test/platform.ts'
import { restartAtFailpoints, type RestartAtFailpoints } from '../../../test/service-process.ts'
import { DAY, fundStablecoin, stablecoinBalance } from '../../../test/platform/offerings.ts'
import { deployToken, onboardInvestor, pollUntil, settleOperation, type InvestorView, type OperationView, type TokenView } from '../../../test/platform/tokens.ts'
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
  let p: RestartAtFailpoints
  const failpoints = PLATFORM_FAILPOINTS.filter((f) => f.startsWith('redemption:'))
  const vaultTxs = async (vaultId: string) => (await custody.as.auditor.get<{ items: CustodyTx[] }>(`/v1/transactions?sourceVaultId=${vaultId}&kind=USER&limit=200`)).body.items
  async function approvePending(): Promise<void> {
    for (const t of await vaultTxs(h.roles.vaults.issuerAgent.id)) {
      if (t.status === 'PENDING_AUTHORIZATION') await custody.as['approver-1'].post(`/v1/transactions/${t.id}/approve`, { comment: 'checked' })
    }
  }

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { env: CUSTODY_ENV_FOR_A_RESTARTING_PLATFORM })
    h = await preparePlatformProcess(chain, custody, { roles: ['issuer-admin', 'operator', 'auditor'], failpoints, env: { PLATFORM_KYC_AUTO_APPROVE: 'true', PLATFORM_INDEXER_POLL_MS: '100', PLATFORM_RECONCILE_INTERVAL_MS: '0' } })
    p = restartAtFailpoints(h)
  }, 120_000)
  afterAll(async () => {
    await h?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('settles every allocation exactly once, one custody transaction each', async () => {
    expect(await p.start()).toBe('healthy')
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

    const done = await p.until('offer settled or failed', async () => (await h.as.auditor.get<Offer>(`/v1/tender-offers/${id}`)).body, (o) => o.status === 'SETTLED' || o.status === 'FAILED', { meanwhile: approvePending })

    expect(p.crashes).toBe(failpoints.length)
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

/**
 * Kills custody (SIGKILL) at every stage of a redemption's DvP settlement transaction, the
 * platform running on: custody runs as its own process, restarted on the same database each
 * time, and its pipeline failpoints are armed only once the settlement waits for its custody
 * approval (a graceful restart), so set-up never trips them. The settlement is applied once on
 * chain (one `Settled` event, tokens burned once, the stablecoin paid once) and the platform
 * records the window SETTLED once.
 */
describe('a redemption survives custody being killed mid-settlement', () => {
  type Request = { id: string; allocated: string | null; amount: string | null; status: string; externalTxId: string; txHash: string | null }
  type Window = { id: string; status: string; payer: { vaultId: string; address: Address }; requests: Request[]; workflow: { status: string; step: string; lastError: string | null } | null }
  const PIPELINE_FAILPOINTS = CUSTODY_PIPELINE_FAILPOINTS
  let chain: TestChain
  let custody: CustodyProcessHarness
  let platform: TestPlatform
  let p: RestartAtFailpoints
  const approved = new Set<string>()

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await prepareCustodyProcess(chain)
    p = restartAtFailpoints(custody)
    expect(await p.start()).toBe('healthy')
    // The platform polls custody (no webhooks), so it simply waits while custody is down, and
    // tries a step that failed meanwhile again within 2 s of custody's return.
    platform = await startTestPlatform(chain, custody as unknown as TestCustody, { env: { PLATFORM_WORKFLOW_RETRY_MAX_SECONDS: '2', PLATFORM_KYC_AUTO_APPROVE: 'true', PLATFORM_INDEXER_POLL_MS: '100', PLATFORM_INDEXER_CONFIRMATIONS: '0', PLATFORM_RECONCILE_INTERVAL_MS: '0' } })
  }, 300_000)
  afterAll(async () => {
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('applies the settlement once on chain and records it SETTLED once', async () => {
    const as = platform.as
    const asCustody = custody as unknown as TestCustody
    const [carol, token] = await Promise.all([onboardInvestor(platform, 'Carol Custodycrash', 'FR'), deployToken(platform, asCustody, { name: 'Custody Crash Fund', symbol: 'CCF', decimals: 0 })])
    const minted = await as['issuer-admin'].post<OperationView>('/v1/assets/mint', { tokenId: token.id, investorId: carol.id, quantity: '100', agreementRef: 'crash', idempotencyKey: 'custody-crash-mint' })
    expect(minted.status).toBe(202)
    expect((await settleOperation(platform, asCustody, `/v1/assets/issuances/${minted.body.id}`, minted.body)).status).toBe('COMPLETED')
    const unpause = await as['issuer-admin'].post<OperationView>(`/v1/tokens/${token.id}/unpause`)
    expect((await settleOperation(platform, asCustody, `/v1/tokens/${token.id}/operations/${unpause.body.id}`, unpause.body)).status).toBe('COMPLETED')

    const now = platform.clock.now().getTime()
    const window = await as['issuer-admin'].post<Window>(`/v1/tokens/${token.id}/redemption-windows`, { pricing: 'NAV', pricePerToken: '1500000', opensAt: new Date(now).toISOString(), closesAt: new Date(now + DAY).toISOString(), settlement: 'BURN', idempotencyKey: 'custody-crash-q1' })
    expect(window.status, JSON.stringify(window.body)).toBe(201)
    const id = window.body.id
    expect((await as.operator.post(`/v1/redemption-windows/${id}/requests`, { investorId: carol.id, quantity: '100' })).status).toBe(201)
    await fundStablecoin(chain, window.body.payer.address, 150_000_000n)
    const supply = () => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'totalSupply' })
    const supplyBefore = await supply()
    platform.clock.advance(DAY + 1_000)

    let armed: 'healthy' | 'dead' | null = null
    async function approveArmingFirst(): Promise<void> {
      const waiting = (await custody.as.auditor.get<{ items: { id: string; externalTxId: string }[] }>('/v1/transactions?status=PENDING_AUTHORIZATION&limit=200')).body.items
      for (const t of waiting) {
        if (approved.has(t.id)) continue
        if (t.externalTxId.startsWith(`dvp:${id}:settle:`) && !armed) {
          // The settlement waits for its approval: from here on custody dies at each stage of its pipeline, once.
          armed = await p.restartWith({ CUSTODY_FAILPOINTS: PIPELINE_FAILPOINTS.join(',') })
        }
        if ((await custody.as['approver-1'].post(`/v1/transactions/${t.id}/approve`, { comment: 'checked' })).status === 200) approved.add(t.id)
      }
    }
    const done = await p.until('window settled or failed', async () => (await as.auditor.get<Window>(`/v1/redemption-windows/${id}`)).body, (w) => w.status === 'SETTLED' || w.status === 'FAILED', { timeoutMs: 400_000, meanwhile: approveArmingFirst })

    expect(armed).toBe('healthy')
    expect(p.crashes).toBe(PIPELINE_FAILPOINTS.length)
    expect(readdirSync(join(custody.home, 'custody', 'failpoints')).sort()).toEqual([...PIPELINE_FAILPOINTS].sort())
    expect(done.status, JSON.stringify(done.workflow)).toBe('SETTLED')
    const [request] = done.requests
    expect(request).toMatchObject({ allocated: '100', amount: '150000000', status: 'SETTLED' })
    // Applied once: one custody transaction, one Settled event, the tokens burned and the stablecoin paid once.
    const txs = (await custody.as.platform.get<{ items: { status: string; txHash: string | null }[] }>(`/v1/transactions?externalTxId=${encodeURIComponent(request!.externalTxId)}`)).body.items
    expect(txs.map((t) => t.status)).toEqual(['COMPLETED'])
    expect(txs[0]!.txHash).toBe(request!.txHash)
    const settled = await chain.publicClient.getContractEvents({ address: chain.deployments.settlement!.dvp, abi: dvpSettlementAbi, eventName: 'Settled', fromBlock: 0n })
    expect(settled.filter((e) => e.args.investor?.toLowerCase() === carol.walletAddress!.toLowerCase())).toHaveLength(1)
    expect(await chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [carol.walletAddress!] })).toBe(0n)
    expect(await supply()).toBe(supplyBefore - 100n)
    expect(await stablecoinBalance(chain, carol.walletAddress!)).toBe(150_000_000n)
    expect(await stablecoinBalance(chain, done.payer.address)).toBe(0n)
    // The platform recorded the settlement and the window's end once.
    const actions = (await as.auditor.get<{ items: { action: string }[] }>(`/v1/audit/entries?targetId=${id}&limit=100`)).body.items.map((e) => e.action)
    expect(actions.filter((a) => a.endsWith('.request_settled'))).toHaveLength(1)
    expect(actions.filter((a) => a.endsWith('.completed'))).toHaveLength(1)
  }, 900_000)
})
