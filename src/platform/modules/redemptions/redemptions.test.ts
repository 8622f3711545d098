import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { tokenAbi } from '../../../chain/generated/abis.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { startTestPlatform, type TestPlatform } from '../../../test/platform.ts'
import { mintSettled, deployToken, onboardInvestor, pollUntil, settleOperation, type InvestorView, type OperationView, type TokenView } from '../../../test/platform/tokens.ts'
import { DAY, fundStablecoin, stablecoinBalance } from '../../../test/platform/offerings.ts'
import { startTestReceiver, type TestReceiver } from '../../../shared/webhooks/test-receiver.ts'

type Request = { id: string; investorId: string; quantity: string; allocated: string | null; amount: string | null; status: string; statusCode: string | null; statusReason: string | null; externalTxId: string; txHash: string | null }
type Offer = {
  id: string
  kind: string
  status: string
  payer: { vaultId: string; address: Address }
  totals: { tendered: string | null; allocated: string | null }
  custody: { addAgentExternalTxId: string; approveExternalTxId: string }
  requests: Request[]
  workflow: { status: string; step: string; waitingFor: string | null; lastError: string | null } | null
}
type CustodyTx = { id: string; status: string }
const FINAL = ['COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED', 'BLOCKED']

/**
 * Buybacks and redemptions through the platform API only, settled on anvil
 * through custody and the DvpSettlement contract: Alice holds 600, Bob 400,
 * Carol 100 of a token without decimals. A tender offer for 500 at 2 cUSD is
 * oversubscribed 2:1 and settles pro-rata (burned); a redemption window at a
 * NAV of 1.5 cUSD settles Carol; a window whose payer is short of stablecoin
 * leaves every balance as it was and marks the settlement FAILED with the reason.
 */
describe('tender offers and redemptions settled delivery-versus-payment', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let receiver: TestReceiver
  let token: TokenView
  let alice: InvestorView, bob: InvestorView, carol: InvestorView
  let tender: Offer

  const tokens = (a: Address) => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [a] })
  const supply = () => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'totalSupply' })
  const mint = (investor: InvestorView, quantity: string, key: string) => mintSettled(platform, custody, token.id, investor, quantity, key)
  const getOffer = async (path: string, id: string) => (await platform.as.auditor.get<Offer>(`/v1/${path}/${id}`)).body

  /** A custody approver signs off each of the offer's custody transactions (the issuer-agent vault is warm) until it settles. */
  async function approveUntilSettled(path: string, id: string): Promise<Offer> {
    const approved = new Set<string>()
    return pollUntil(
      async () => {
        const o = await getOffer(path, id)
        const ids = [o.custody.addAgentExternalTxId, o.custody.approveExternalTxId, ...o.requests.map((r) => r.externalTxId)]
        for (const ext of ids) {
          const found = (await custody.as.platform.get<{ items: CustodyTx[] }>(`/v1/transactions?externalTxId=${encodeURIComponent(ext)}&limit=1`)).body.items[0]
          if (found && found.status === 'PENDING_AUTHORIZATION' && !approved.has(found.id)) {
            const res = await custody.as['approver-1'].post(`/v1/transactions/${found.id}/approve`, { comment: 'checked' })
            expect(res.status).toBe(200)
            approved.add(found.id)
          }
        }
        return o
      },
      (o) => o.status === 'SETTLED' || o.status === 'FAILED',
      `${path} ${id} settled`,
      150_000,
    )
  }

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    platform = await startTestPlatform(chain, custody, { custodyWebhooks: true, env: { PLATFORM_KYC_AUTO_APPROVE: 'true', PLATFORM_INDEXER_POLL_MS: '100', PLATFORM_INDEXER_CONFIRMATIONS: '0', PLATFORM_RECONCILE_INTERVAL_MS: '0' } })
    receiver = await startTestReceiver(platform.clock)
    const sub = await platform.as['issuer-admin'].post<{ secret: string }>('/v1/webhooks', { url: receiver.url, events: ['tender_offer.*', 'redemption.*'] })
    expect(sub.status).toBe(201)
    receiver.secrets.push(sub.body.secret)
    ;[alice, bob, carol, token] = await Promise.all([
      onboardInvestor(platform, 'Alice Example', 'DE'),
      onboardInvestor(platform, 'Bob Beispiel', 'DE'),
      onboardInvestor(platform, 'Carol Exemple', 'FR'),
      deployToken(platform, custody, { name: 'Buyback Fund', symbol: 'BUYF', decimals: 0 }),
    ])
    await mint(alice, '600', 'dvp-alice')
    await mint(bob, '400', 'dvp-bob')
    await mint(carol, '100', 'dvp-carol')
    const unpause = await platform.as['issuer-admin'].post<OperationView>(`/v1/tokens/${token.id}/unpause`)
    expect((await settleOperation(platform, custody, `/v1/tokens/${token.id}/operations/${unpause.body.id}`, unpause.body)).status).toBe('COMPLETED')
  }, 600_000)
  afterAll(async () => {
    await receiver?.close()
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('opens a tender offer idempotently and refuses what it could not settle', async () => {
    const now = platform.clock.now().getTime()
    const body = { pricePerToken: '2000000', maxQuantity: '500', opensAt: new Date(now - 1_000).toISOString(), closesAt: new Date(now + DAY).toISOString(), settlement: 'BURN', idempotencyKey: 'buyback-2026' }
    const bad: [Record<string, unknown>, number, string][] = [
      [{ ...body, closesAt: new Date(now - 2_000).toISOString() }, 422, 'TENDER_OFFER_WINDOW_INVALID'],
      [{ ...body, opensAt: new Date(now - 3 * DAY).toISOString(), closesAt: new Date(now - DAY).toISOString() }, 422, 'TENDER_OFFER_CLOSES_IN_PAST'],
      [{ ...body, settlement: 'TREASURY' }, 422, 'TENDER_OFFER_TREASURY_NOT_VERIFIED'],
      [{ ...body, pricePerToken: '0' }, 400, 'VALIDATION_FAILED'],
      [{ ...body, maxQuantity: undefined }, 400, 'VALIDATION_FAILED'],
    ]
    for (const [b, status, code] of bad) {
      const res = await platform.as['issuer-admin'].post<{ code: string }>(`/v1/tokens/${token.id}/tender-offers`, b)
      expect([res.status, res.body.code], JSON.stringify(b)).toEqual([status, code])
    }
    expect((await platform.as.operator.post(`/v1/tokens/${token.id}/tender-offers`, body)).status).toBe(403)
    const res = await platform.as['issuer-admin'].post<Offer>(`/v1/tokens/${token.id}/tender-offers`, body)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    tender = res.body
    expect(tender).toMatchObject({ kind: 'TENDER', status: 'OPEN' })
    expect((await platform.as['issuer-admin'].post<Offer>(`/v1/tokens/${token.id}/tender-offers`, body)).body.id).toBe(tender.id)
    expect((await platform.as['issuer-admin'].post<{ code: string }>(`/v1/tokens/${token.id}/tender-offers`, { ...body, maxQuantity: '501' })).body.code).toBe('IDEMPOTENCY_KEY_REUSED')
  })

  it('takes tenders within the free balance only', async () => {
    const tenderOf = (investor: InvestorView, quantity: string) => platform.as.operator.post<Request & { code?: string }>(`/v1/tender-offers/${tender.id}/tenders`, { investorId: investor.id, quantity })
    expect((await tenderOf(carol, '101')).body.code).toBe('TENDER_EXCEEDS_FREE_BALANCE')
    expect((await tenderOf(alice, '600')).status).toBe(201)
    const bobs = await tenderOf(bob, '400')
    expect(bobs.status).toBe(201)
    expect((await tenderOf(bob, '400')).body.id).toBe(bobs.body.id)
    const other = await tenderOf(bob, '300')
    expect([other.status, other.body.code]).toEqual([409, 'TENDER_ALREADY_SUBMITTED'])
    const none = await getOffer('tender-offers', tender.id)
    expect(none.requests.map((r) => [r.investorId, r.quantity, r.status])).toEqual(expect.arrayContaining([[alice.id, '600', 'PENDING'], [bob.id, '400', 'PENDING']]))
  })

  it('closes oversubscribed 2:1, allocates pro-rata and settles each allocation atomically, tokens burned', async () => {
    // Test setup, not a product path: the issuer funds the paying vault with exactly the buyback plus the redemption.
    await fundStablecoin(chain, tender.payer.address, 1_000_000_000n + 150_000_000n)
    const supplyBefore = await supply()
    platform.clock.advance(DAY + 1_000)
    const done = await approveUntilSettled('tender-offers', tender.id)
    expect(done.status, JSON.stringify(done.workflow)).toBe('SETTLED')
    expect(done.totals).toEqual({ tendered: '1000', allocated: '500' })
    const byInvestor = new Map(done.requests.map((r) => [r.investorId, r]))
    expect(byInvestor.get(alice.id)).toMatchObject({ quantity: '600', allocated: '300', amount: '600000000', status: 'SETTLED' })
    expect(byInvestor.get(bob.id)).toMatchObject({ quantity: '400', allocated: '200', amount: '400000000', status: 'SETTLED' })
    expect(byInvestor.get(alice.id)!.txHash).not.toBe(byInvestor.get(bob.id)!.txHash)

    expect(await tokens(alice.walletAddress!)).toBe(300n)
    expect(await tokens(bob.walletAddress!)).toBe(200n)
    expect(await stablecoinBalance(chain, alice.walletAddress!)).toBe(600_000_000n)
    expect(await stablecoinBalance(chain, bob.walletAddress!)).toBe(400_000_000n)
    expect(await supply()).toBe(supplyBefore - 500n)
    expect(await stablecoinBalance(chain, tender.payer.address)).toBe(150_000_000n)
  }, 200_000)

  it('settles a redemption at the window’s NAV: tokens and stablecoin move in one transaction', async () => {
    const now = platform.clock.now().getTime()
    const res = await platform.as['issuer-admin'].post<Offer>(`/v1/tokens/${token.id}/redemption-windows`, { pricing: 'NAV', pricePerToken: '1500000', opensAt: new Date(now).toISOString(), closesAt: new Date(now + DAY).toISOString(), settlement: 'BURN', idempotencyKey: 'redeem-q1' })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const req = await platform.as.operator.post<Request>(`/v1/redemption-windows/${res.body.id}/requests`, { investorId: carol.id, quantity: '100' })
    expect(req.status, JSON.stringify(req.body)).toBe(201)
    platform.clock.advance(DAY + 1_000)
    const done = await approveUntilSettled('redemption-windows', res.body.id)
    expect(done.status, JSON.stringify(done.workflow)).toBe('SETTLED')
    const settled = done.requests[0]!
    expect(settled).toMatchObject({ investorId: carol.id, allocated: '100', amount: '150000000', status: 'SETTLED' })
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: settled.txHash as `0x${string}` })
    expect(receipt.status).toBe('success')
    expect(await tokens(carol.walletAddress!)).toBe(0n)
    expect(await stablecoinBalance(chain, carol.walletAddress!)).toBe(150_000_000n)
    expect(await stablecoinBalance(chain, done.payer.address)).toBe(0n)
  }, 200_000)

  it('leaves both balances unchanged when the payment leg fails, and marks the settlement FAILED with the reason', async () => {
    const now = platform.clock.now().getTime()
    const res = await platform.as['issuer-admin'].post<Offer>(`/v1/tokens/${token.id}/redemption-windows`, { pricing: 'FIXED', pricePerToken: '1000000', opensAt: new Date(now).toISOString(), closesAt: new Date(now + DAY).toISOString(), settlement: 'BURN', idempotencyKey: 'redeem-short' })
    expect(res.status).toBe(201)
    expect((await platform.as.operator.post(`/v1/redemption-windows/${res.body.id}/requests`, { investorId: alice.id, quantity: '100' })).status).toBe(201)
    const before = { tokens: await tokens(alice.walletAddress!), cash: await stablecoinBalance(chain, alice.walletAddress!), supply: await supply() }
    platform.clock.advance(DAY + 1_000)
    // The paying vault holds nothing now: the stablecoin leg cannot be paid.
    const done = await approveUntilSettled('redemption-windows', res.body.id)
    expect(done.status).toBe('SETTLED')
    const failed = done.requests[0]!
    expect(failed.status).toBe('FAILED')
    // Custody's pre-flight simulation reverted with the contract's own error: the stablecoin leg could not be paid.
    expect(failed.statusCode).toBe('CUSTODY_TX_FAILED')
    expect(failed.statusReason).toContain('PaymentFailed(')
    expect(await tokens(alice.walletAddress!)).toBe(before.tokens)
    expect(await stablecoinBalance(chain, alice.walletAddress!)).toBe(before.cash)
    expect(await supply()).toBe(before.supply)

    const events = await pollUntil(
      async () => receiver.received.map((r) => r.body as { type: string; data: Record<string, unknown> }),
      (es) => es.some((e) => e.type === 'redemption.settlement_failed'),
      'redemption.settlement_failed delivered',
    )
    expect(events.find((e) => e.type === 'redemption.settlement_failed')!.data).toMatchObject({ investorId: alice.id, quantity: '100', amount: '100000000', code: failed.statusCode })
  }, 200_000)

  it('lets reconciliation explain every settlement: no movement is called unexplained', async () => {
    type Holders = { indexedHead?: string }
    const head = await chain.publicClient.getBlockNumber()
    await pollUntil(async () => (await platform.as.auditor.get<Holders>(`/v1/tokens/${token.id}/holders`)).body, (h) => h.indexedHead !== undefined && BigInt(h.indexedHead) >= head, 'cap table indexed')
    const run = await platform.as.operator.post<{ status: string; transfers: { unexplained: number }; raised: unknown[] }>('/v1/reconciliation/run')
    expect(run.status).toBe(200)
    expect(run.body).toMatchObject({ status: 'COMPLETED', transfers: { unexplained: 0 }, raised: [] })
  })

  it('tells subscribers and audits every step', async () => {
    const types = await pollUntil(async () => receiver.received.map((r) => (r.body as { type: string }).type), (ts) => ts.filter((t) => t === 'tender_offer.settled').length === 2 && ts.includes('redemption.completed'), 'webhooks delivered')
    expect(types).toEqual(expect.arrayContaining(['tender_offer.created', 'tender_offer.tendered', 'tender_offer.allocated', 'tender_offer.settled', 'tender_offer.completed', 'redemption.window_opened', 'redemption.requested', 'redemption.allocated', 'redemption.settled']))
    const actions: string[] = []
    for (const target of [tender.id, `redemption-offer:${tender.id}`]) {
      const audit = await platform.as.auditor.get<{ items: { action: string }[] }>(`/v1/audit/entries?targetId=${encodeURIComponent(target)}&limit=100`)
      actions.push(...audit.body.items.map((e) => e.action))
    }
    for (const a of ['tender_offer.created', 'tender.submitted', 'tender_offer.allocated', 'tender_offer.settlement_authorized', 'tender_offer.funded', 'tender_offer.settling', 'tender_offer.request_settled', 'tender_offer.completed']) expect(actions, a).toContain(a)
  }, 200_000)
})
