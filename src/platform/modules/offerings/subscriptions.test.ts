import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tokenAbi } from '../../../chain/generated/abis.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { startTestPlatform, waitForInvestor, type TestPlatform } from '../../../test/platform.ts'
import { deployToken, onboardInvestor, pollUntil, type InvestorView, type TokenView } from '../../../test/platform/tokens.ts'
import { approveAllocationMints, cusd, DAY, fundStablecoin, getOffering, getSubscription, stablecoinBalance, waitForOffering, waitForSubscription, type OfferingView, type SubscriptionView } from '../../../test/platform/offerings.ts'

const HOUR = 3_600_000

/**
 * The terms of an offering as the platform enforces them: every refusal of a
 * subscription with its stable code and nothing recorded, terms that do not
 * hold together refused at creation, a close below the soft cap that refunds
 * the stablecoin to the investor's vault and mints nothing, and a cancellation.
 */
describe('offering terms, subscription refusals, soft-cap refunds', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let token: TokenView
  let dora: InvestorView, anton: InvestorView, fleur: InvestorView, sara: InvestorView
  const offerings: Record<'main' | 'accredited' | 'future' | 'ending', OfferingView> = {} as never

  const create = (terms: Record<string, unknown>) => platform.as['issuer-admin'].post<OfferingView>('/v1/offerings', terms)
  const at = (offsetMs: number) => new Date(platform.clock.now().getTime() + offsetMs).toISOString()
  const terms = (over: Record<string, unknown> = {}) => ({
    tokenId: token.id,
    pricePerToken: cusd(1).toString(),
    minInvestment: cusd(100).toString(),
    maxInvestment: cusd(1_000).toString(),
    hardCap: cusd(1_500).toString(),
    softCap: cusd(1_500).toString(),
    opensAt: at(-60_000),
    closesAt: at(3 * HOUR),
    eligibleCountries: ['DE', 'AT'],
    accreditationRequired: false,
    ...over,
  })
  const subscribe = (o: OfferingView, investor: InvestorView, dollars: number, key: string) =>
    platform.as.operator.post<SubscriptionView>(`/v1/offerings/${o.id}/subscriptions`, { investorId: investor.id, amount: cusd(dollars).toString(), idempotencyKey: key })

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    platform = await startTestPlatform(chain, custody, { custodyWebhooks: true, env: { PLATFORM_KYC_AUTO_APPROVE: 'true' } })
    const accreditation = { method: 'net_worth', evidenceRef: 'doc-77', expiresAt: new Date(platform.clock.now().getTime() + 700 * DAY).toISOString() }
    const rejected = await platform.as['issuer-admin'].post<InvestorView>('/v1/investors', { name: 'Sara Tehrani', email: 'sara@example.org', country: 'IR', type: 'individual' })
    const accredited = await platform.as['issuer-admin'].post<InvestorView>('/v1/investors', { name: 'Anton Gruber', email: 'anton@example.org', country: 'AT', type: 'individual', accreditation })
    ;[dora, fleur, anton, sara, token] = await Promise.all([
      onboardInvestor(platform, 'Dora Schmidt', 'DE'),
      onboardInvestor(platform, 'Fleur Dubois', 'FR'),
      waitForInvestor<InvestorView>(platform.as.auditor, accredited.body.id, (i) => i.status === 'ACTIVE', 90_000),
      waitForInvestor<InvestorView>(platform.as.auditor, rejected.body.id, (i) => i.status === 'REJECTED'),
      deployToken(platform, custody, { name: 'Beta Notes', symbol: 'BETA', decimals: 0 }),
    ])
    await fundStablecoin(chain, dora.walletAddress!, cusd(800))
  }, 300_000)
  afterAll(async () => {
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('refuses terms that do not hold together, each naming the field', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['soft cap above hard cap', { softCap: cusd(2_000).toString() }, 'softCap'],
      ['min above max', { minInvestment: cusd(2_000).toString(), maxInvestment: cusd(1_000).toString() }, 'minInvestment'],
      ['opens after it closes', { opensAt: at(2 * DAY), closesAt: at(DAY) }, 'opensAt'],
      ['closes in the past', { opensAt: at(-2 * DAY), closesAt: at(-DAY) }, 'closesAt'],
      ['not an ISO country', { eligibleCountries: ['DE', 'UK'] }, 'eligibleCountries'],
      ['zero price', { pricePerToken: '0' }, 'pricePerToken'],
    ]
    for (const [what, over, field] of cases) {
      const res = await create(terms(over))
      expect({ what, status: res.status, code: res.problem?.code, field: res.problem?.field }).toEqual({ what, status: 400, code: 'OFFERING_TERMS_INVALID', field })
    }
    const unknown = await create(terms({ tokenId: 'no-such-token' }))
    expect(unknown.status).toBe(404)
    const deploying = await platform.as['issuer-admin'].post<TokenView>('/v1/tokens', { name: 'Never Approved', symbol: 'NOPE', decimals: 0 })
    const notActive = await create(terms({ tokenId: deploying.body.id }))
    expect(notActive.status).toBe(409)
    expect(notActive.problem?.code).toBe('TOKEN_NOT_ACTIVE')
    const listed = await platform.as.auditor.get<{ items: unknown[] }>('/v1/offerings')
    expect(listed.body.items).toHaveLength(0)
  })

  it('creates an offering once per idempotency key: a repeat returns it, other terms under the key are refused', async () => {
    const body = terms({ idempotencyKey: 'offering-gamma-1' })
    const first = await create(body)
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    const again = await create(body)
    expect({ status: again.status, id: again.body.id, vault: again.body.treasury.vaultId }).toEqual({ status: 200, id: first.body.id, vault: first.body.treasury.vaultId })
    const other = await create({ ...body, hardCap: cusd(1_400).toString(), softCap: cusd(1_400).toString() })
    expect(other.status).toBe(409)
    expect(other.problem?.code).toBe('IDEMPOTENCY_KEY_REUSED')
    const listed = await platform.as.auditor.get<{ items: OfferingView[] }>(`/v1/offerings?tokenId=${token.id}`)
    expect(listed.body.items.map((o) => o.id)).toEqual([first.body.id])
    const vaults = await custody.as.auditor.get<{ items: { externalRef: string | null }[] }>('/v1/vaults?purpose=offering-treasury')
    expect(vaults.body.items.filter((v) => v.externalRef === first.body.id)).toHaveLength(1)
    // Out of the way of the next tests, which count on their own offerings only.
    expect((await platform.as['issuer-admin'].post(`/v1/offerings/${first.body.id}/cancel`, { reason: 'test done' })).status).toBeLessThan(300)
  })

  it('refuses each subscription that breaks a term, with its code, and records nothing', async () => {
    for (const [name, over] of [
      ['main', {}],
      ['accredited', { accreditationRequired: true, softCap: undefined }],
      ['future', { opensAt: at(30 * DAY), closesAt: at(60 * DAY) }],
      ['ending', { closesAt: at(HOUR) }],
    ] as const) {
      const res = await create(terms(over))
      expect(res.status).toBe(201)
      offerings[name] = res.body
    }
    // Past the end of the `ending` offering (the others run on).
    platform.clock.advance(2 * HOUR)

    // Standing subscriptions the caps count: Dora 800 of her max 1,000; Anton 600; 1,400 of the 1,500 hard cap.
    expect((await subscribe(offerings.main, dora, 800, 'dora-1')).status).toBe(201)
    expect((await subscribe(offerings.main, anton, 600, 'anton-1')).status).toBe(201)

    const table: [string, OfferingView, InvestorView, number, string][] = [
      ['before the offering opens', offerings.future, dora, 100, 'SUBSCRIPTION_OFFERING_NOT_OPEN_YET'],
      ['after the offering closed', offerings.ending, dora, 100, 'SUBSCRIPTION_OFFERING_ENDED'],
      ['investor not active', offerings.main, sara, 100, 'SUBSCRIPTION_INVESTOR_NOT_ACTIVE'],
      ['country not eligible', offerings.main, fleur, 100, 'SUBSCRIPTION_COUNTRY_NOT_ELIGIBLE'],
      ['no accreditation', offerings.accredited, dora, 100, 'SUBSCRIPTION_ACCREDITATION_REQUIRED'],
      ['below the minimum', offerings.main, anton, 50, 'SUBSCRIPTION_BELOW_MIN_INVESTMENT'],
      ['not a whole token', offerings.main, anton, 100.5, 'SUBSCRIPTION_AMOUNT_NOT_WHOLE_UNITS'],
      ['above the maximum with her other subscription', offerings.main, dora, 300, 'SUBSCRIPTION_ABOVE_MAX_INVESTMENT'],
      ['over the hard cap', offerings.main, anton, 200, 'SUBSCRIPTION_HARD_CAP_EXCEEDED'],
    ]
    for (const [what, offering, investor, dollars, code] of table) {
      const res = await subscribe(offering, investor, dollars, `refused-${code}`)
      expect({ what, status: res.status, code: res.problem?.code }).toEqual({ what, status: 422, code })
      expect(res.problem?.detail).toBeTruthy()
    }
    for (const o of Object.values(offerings)) {
      const subs = await platform.as.auditor.get<{ items: (SubscriptionView & { idempotencyKey: string })[] }>(`/v1/offerings/${o.id}/subscriptions`)
      expect(subs.body.items.filter((s) => s.idempotencyKey.startsWith('refused-'))).toEqual([])
    }
    expect((await getOffering(platform, offerings.main.id)).totals).toMatchObject({ subscribed: cusd(1_400).toString(), subscriptions: 2 })
    expect((await getOffering(platform, offerings.accredited.id)).totals.subscriptions).toBe(0)

    // The same terms accept what they should: an accredited investor, and exactly the rest of the hard cap.
    expect((await subscribe(offerings.accredited, anton, 100, 'anton-acc')).status).toBe(201)
    expect((await subscribe(offerings.main, anton, 100, 'anton-2')).status).toBe(201)
    expect((await getOffering(platform, offerings.main.id)).totals.subscribed).toBe(cusd(1_500).toString())
  })

  it('refunds every stablecoin payment and mints nothing when the paid total misses the soft cap', async () => {
    const main = offerings.main
    const subs = (await platform.as.auditor.get<{ items: SubscriptionView[] }>(`/v1/offerings/${main.id}/subscriptions`)).body.items
    const doraSub = subs.find((s) => s.amount === cusd(800).toString())!
    const antonFiat = subs.find((s) => s.amount === cusd(600).toString())!
    const antonUnpaid = subs.find((s) => s.amount === cusd(100).toString())!

    expect((await platform.as.operator.post(`/v1/subscriptions/${doraSub.id}/pay`, { method: 'stablecoin' })).status).toBe(202)
    await waitForSubscription(platform, doraSub.id, (s) => s.status === 'PAID')
    expect((await platform.as.operator.post(`/v1/subscriptions/${antonFiat.id}/fiat-received`, { reference: 'SEPA-42', amount: cusd(600).toString() })).status).toBe(201)
    expect(await stablecoinBalance(chain, dora.walletAddress!)).toBe(0n)
    expect(await stablecoinBalance(chain, main.treasury.address)).toBe(cusd(800))

    // 1,400 paid of a 1,500 soft cap; the window ends, then the close.
    platform.clock.advance(2 * HOUR)
    const close = await platform.as['issuer-admin'].post<OfferingView>(`/v1/offerings/${main.id}/close`)
    expect(close.status).toBe(202)
    const done = await waitForOffering(platform, main.id, (o) => o.status === 'REFUNDED' || o.close?.workflow?.status === 'FAILED')
    expect(done).toMatchObject({ status: 'REFUNDED', totals: { paid: cusd(600).toString(), refunded: cusd(800).toString(), allocated: '0', issued: '0' } })
    expect(done.statusReason).toContain('soft cap')

    expect(await stablecoinBalance(chain, dora.walletAddress!)).toBe(cusd(800))
    expect(await stablecoinBalance(chain, main.treasury.address)).toBe(0n)
    expect(await chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'totalSupply' })).toBe(0n)
    const after = new Map((await platform.as.auditor.get<{ items: SubscriptionView[] }>(`/v1/offerings/${main.id}/subscriptions`)).body.items.map((s) => [s.id, s]))
    expect(after.get(doraSub.id)).toMatchObject({ status: 'REFUNDED', refund: { attempt: 1 }, mint: null })
    expect(after.get(antonFiat.id)).toMatchObject({ status: 'REFUND_DUE', statusCode: 'FIAT_REFUND_DUE' })
    expect(after.get(antonUnpaid.id)).toMatchObject({ status: 'CANCELLED', statusCode: 'UNPAID_AT_CLOSE' })

    // The operator returns the bank transfer and records it, once.
    const refunded = await platform.as.operator.post<SubscriptionView>(`/v1/subscriptions/${antonFiat.id}/fiat-refunded`, { reference: 'SEPA-RET-42' })
    expect(refunded.status).toBe(201)
    expect(refunded.body).toMatchObject({ status: 'REFUNDED', refund: { reference: 'SEPA-RET-42' } })
    expect((await platform.as.operator.post(`/v1/subscriptions/${antonFiat.id}/fiat-refunded`, { reference: 'SEPA-RET-42' })).status).toBe(200)

    // Closing again changes nothing: one refund at custody.
    const again = await platform.as['issuer-admin'].post<OfferingView>(`/v1/offerings/${main.id}/close`)
    expect(again.status).toBe(200)
    const refunds = await custody.as.platform.get<{ items: unknown[] }>(`/v1/transactions?externalTxId=sub:${doraSub.id}:refund:1`)
    expect(refunds.body.items).toHaveLength(1)
    expect(await stablecoinBalance(chain, dora.walletAddress!)).toBe(cusd(800))
  })

  it('cancels an open offering: unpaid subscriptions cancelled, the offering CANCELLED', async () => {
    const o = offerings.accredited
    const res = await platform.as['issuer-admin'].post<OfferingView>(`/v1/offerings/${o.id}/cancel`, { reason: 'issuer withdrew the notes' })
    expect(res.status).toBe(202)
    const done = await waitForOffering(platform, o.id, (x) => x.status === 'CANCELLED' || x.close?.workflow?.status === 'FAILED')
    expect(done).toMatchObject({ status: 'CANCELLED', statusReason: 'cancelled: issuer withdrew the notes' })
    const subs = (await platform.as.auditor.get<{ items: SubscriptionView[] }>(`/v1/offerings/${o.id}/subscriptions`)).body.items
    expect(subs.map((s) => s.status)).toEqual(['CANCELLED'])
    const close = await platform.as['issuer-admin'].post(`/v1/offerings/${o.id}/close`)
    expect(close.status).toBe(409)
    expect(close.problem?.code).toBe('OFFERING_NOT_OPEN')
  })

  it('stops the close when custody rejects a mint; closing again mints under a new key, once', async () => {
    const o = (await create(terms({ hardCap: cusd(100).toString(), maxInvestment: cusd(100).toString(), softCap: undefined }))).body
    const sub = (await subscribe(o, anton, 100, 'anton-retry')).body
    expect((await platform.as.operator.post(`/v1/subscriptions/${sub.id}/fiat-received`, { reference: 'SEPA-77', amount: cusd(100).toString() })).status).toBe(201)
    expect((await platform.as['issuer-admin'].post(`/v1/offerings/${o.id}/close`)).status).toBe(202)

    const first = await waitForSubscription(platform, sub.id, (s) => s.mint?.custodyTxId != null)
    await pollUntil(async () => (await custody.as.auditor.get<{ status: string }>(`/v1/transactions/${first.mint!.custodyTxId}`)).body.status, (st) => st === 'PENDING_AUTHORIZATION', 'mint awaiting approval')
    expect((await custody.as['approver-1'].post(`/v1/transactions/${first.mint!.custodyTxId}/reject`, { comment: 'wrong allocation date' })).status).toBe(200)
    const stopped = await waitForOffering(platform, o.id, (x) => x.close?.workflow?.status === 'FAILED')
    expect(stopped).toMatchObject({ status: 'CLOSING', close: { workflow: { lastErrorCode: 'OFFERING_MINT_FAILED' } } })
    expect((await getSubscription(platform, sub.id)).statusCode).toBe('MINT_FAILED')

    expect((await platform.as['issuer-admin'].post(`/v1/offerings/${o.id}/close`)).status).toBe(202)
    await approveAllocationMints(platform, custody, [sub.id])
    expect((await waitForOffering(platform, o.id, (x) => x.status === 'CLOSED' || x.close?.workflow?.status === 'FAILED')).status).toBe('CLOSED')
    const issued = await getSubscription(platform, sub.id)
    expect(issued).toMatchObject({ status: 'ISSUED', statusCode: null, mint: { attempt: 2, status: 'COMPLETED' } })
    expect(issued.mint!.custodyTxId).not.toBe(first.mint!.custodyTxId)
    const key = `mint:offering:${o.id}:subscription:${sub.id}`
    const statuses = async (id: string) => (await custody.as.platform.get<{ items: { status: string }[] }>(`/v1/transactions?externalTxId=${id}`)).body.items.map((t) => t.status)
    expect(await statuses(key)).toEqual(['REJECTED'])
    expect(await statuses(`${key}:r2`)).toEqual(['COMPLETED'])
    expect(await chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [anton.walletAddress!] })).toBe(100n)
  })
})
