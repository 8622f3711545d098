import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWalletClient, http, type Address } from 'viem'
import { custosLockupModuleAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import { waitForReceipt } from '../../../chain/wait-for-receipt.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { startTestPlatform, type TestPlatform } from '../../../test/platform.ts'
import { deployToken, onboardInvestor, settleOperation, type InvestorView, type OperationView, type TokenView } from '../../../test/platform/tokens.ts'
import { approveAllocationMints, cusd, DAY, fundStablecoin, getOffering, getSubscription, stablecoinBalance, waitForOffering, waitForSubscription, type OfferingView, type SubscriptionView } from '../../../test/platform/offerings.ts'
import { RESTRICTIONS } from '../tokens/public.ts'

type Check = { code: number; name: string; message: string }
type AuditEntry = { action: string; actor: string; targetId: string; after: { status?: string } | null; details: Record<string, unknown> | null }

/**
 * The primary sale end to end through the platform API: an offering of a
 * token with two decimals at 50 cUSD per token; Alice pays 1,000 cUSD in
 * stablecoin from her custodial vault, Bob 500 cUSD by bank transfer; the
 * close mints 20.00 and 10.00 tokens through custody, the treasury keeps the
 * stablecoin, and the 30-day lock-up holds the allocations in place.
 */
describe('offering → subscribe → pay → close → mint, with a lock-up', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let token: TokenView
  let alice: InvestorView, bob: InvestorView
  let offering: OfferingView
  let aliceSub: SubscriptionView, bobSub: SubscriptionView

  const passChainTime = async (seconds: number) => {
    await chain.testClient.increaseTime({ seconds })
    await chain.testClient.mine({ blocks: 1 })
  }
  const tokenBalance = (a: Address) => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [a] })
  const check = async (from: InvestorView, to: InvestorView, quantity: bigint): Promise<Check> => {
    const res = await platform.as.auditor.get<Check>(`/v1/transfers/check?tokenId=${token.id}&fromInvestorId=${from.id}&toInvestorId=${to.id}&quantity=${quantity}`)
    expect(res.status).toBe(200)
    return res.body
  }

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    platform = await startTestPlatform(chain, custody, { custodyWebhooks: true, env: { PLATFORM_KYC_AUTO_APPROVE: 'true' } })
    ;[alice, bob, token] = await Promise.all([
      onboardInvestor(platform, 'Alice Example', 'DE'),
      onboardInvestor(platform, 'Bob Beispiel', 'AT'),
      deployToken(platform, custody, { name: 'Acme Fund', symbol: 'ACMEF', decimals: 2 }),
    ])
    // Test setup, not a product path: Alice's custodial vault receives cUSD from the stablecoin's owner.
    await fundStablecoin(chain, alice.walletAddress!, cusd(1_000))
  }, 300_000)
  afterAll(async () => {
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('creates an offering with a custody treasury vault and validated terms', async () => {
    const now = platform.clock.now().getTime()
    const res = await platform.as['issuer-admin'].post<OfferingView>('/v1/offerings', {
      tokenId: token.id,
      pricePerToken: cusd(50).toString(),
      minInvestment: cusd(100).toString(),
      maxInvestment: cusd(2_000).toString(),
      hardCap: cusd(1_500).toString(),
      softCap: cusd(1_000).toString(),
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 7 * DAY).toISOString(),
      eligibleCountries: ['de', 'AT'],
      accreditationRequired: false,
      lockupDays: 30,
      paymentMethods: ['stablecoin', 'fiat'],
    })
    expect(res.status).toBe(201)
    offering = res.body
    expect(offering).toMatchObject({ status: 'OPEN', eligibleCountries: ['DE', 'AT'], lockupDays: 30, acceptingSubscriptions: true, totals: { subscribed: '0', paid: '0', subscriptions: 0 } })
    const vault = await custody.as.auditor.get<{ address: string; purpose: string; tier: string; externalRef: string }>(`/v1/vaults/${offering.treasury.vaultId}`)
    expect(vault.body).toMatchObject({ address: offering.treasury.address, purpose: 'offering-treasury', tier: 'hot', externalRef: offering.id })
    const listed = await platform.as.auditor.get<{ items: OfferingView[] }>(`/v1/offerings?tokenId=${token.id}`)
    expect(listed.body.items.map((o) => o.id)).toEqual([offering.id])
  })

  it('takes subscriptions idempotently: the same key and body once, another body under the key refused', async () => {
    const body = { investorId: alice.id, amount: cusd(1_000).toString(), idempotencyKey: 'alice-1' }
    const first = await platform.as.operator.post<SubscriptionView>(`/v1/offerings/${offering.id}/subscriptions`, body)
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ status: 'PENDING_PAYMENT', amount: '1000000000', allocation: '2000' })
    const again = await platform.as.operator.post<SubscriptionView>(`/v1/offerings/${offering.id}/subscriptions`, body)
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(first.body.id)
    const other = await platform.as.operator.post(`/v1/offerings/${offering.id}/subscriptions`, { ...body, amount: cusd(900).toString() })
    expect(other.status).toBe(409)
    expect(other.problem?.code).toBe('IDEMPOTENCY_KEY_REUSED')
    aliceSub = first.body

    const b = await platform.as.operator.post<SubscriptionView>(`/v1/offerings/${offering.id}/subscriptions`, { investorId: bob.id, amount: cusd(500).toString(), idempotencyKey: 'bob-1' })
    expect(b.status).toBe(201)
    bobSub = b.body
    expect((await getOffering(platform, offering.id)).totals).toMatchObject({ subscribed: cusd(1_500).toString(), paid: '0', subscriptions: 2 })
  })

  it('pays in stablecoin from the investor’s custodial vault into the treasury, once', async () => {
    const res = await platform.as.operator.post<SubscriptionView>(`/v1/subscriptions/${aliceSub.id}/pay`, { method: 'stablecoin' })
    expect(res.status).toBe(202)
    expect(res.body).toMatchObject({ status: 'PAYMENT_PROCESSING', payment: { method: 'stablecoin', attempt: 1, externalTxId: `sub:${aliceSub.id}:pay:1` } })
    const repeat = await platform.as.operator.post<SubscriptionView>(`/v1/subscriptions/${aliceSub.id}/pay`, { method: 'stablecoin' })
    expect(repeat.status).toBe(200)
    expect(repeat.body.payment.attempt).toBe(1)

    const paid = await waitForSubscription(platform, aliceSub.id, (s) => s.status === 'PAID')
    expect(paid.payment.paidAt).not.toBeNull()
    expect(await stablecoinBalance(chain, offering.treasury.address)).toBe(cusd(1_000))
    expect(await stablecoinBalance(chain, alice.walletAddress!)).toBe(0n)

    const afterPaid = await platform.as.operator.post<SubscriptionView>(`/v1/subscriptions/${aliceSub.id}/pay`, { method: 'stablecoin' })
    expect(afterPaid.status).toBe(200)
    expect(afterPaid.body).toMatchObject({ status: 'PAID', payment: { attempt: 1, custodyTxId: paid.payment.custodyTxId } })
    expect(await stablecoinBalance(chain, offering.treasury.address)).toBe(cusd(1_000))
    const txs = await custody.as.platform.get<{ items: unknown[] }>(`/v1/transactions?externalTxId=sub:${aliceSub.id}:pay:1`)
    expect(txs.body.items).toHaveLength(1)
  })

  it('refuses an early close while the hard cap is not paid', async () => {
    const res = await platform.as['issuer-admin'].post(`/v1/offerings/${offering.id}/close`)
    expect(res.status).toBe(409)
    expect(res.problem?.code).toBe('OFFERING_STILL_OPEN')
  })

  it('records a fiat payment by an operator, with the bank reference, once', async () => {
    const path = `/v1/subscriptions/${bobSub.id}/fiat-received`
    const wrong = await platform.as.operator.post(path, { reference: 'BANK-0001', amount: cusd(499).toString() })
    expect(wrong.status).toBe(422)
    expect(wrong.problem?.code).toBe('FIAT_AMOUNT_MISMATCH')
    const notOperator = await platform.as['issuer-admin'].post(path, { reference: 'BANK-0001', amount: cusd(500).toString() })
    expect(notOperator.status).toBe(403)

    const ok = await platform.as.operator.post<SubscriptionView>(path, { reference: 'BANK-0001', amount: cusd(500).toString() })
    expect(ok.status).toBe(201)
    expect(ok.body).toMatchObject({ status: 'PAID', payment: { method: 'fiat', fiatReference: 'BANK-0001' } })
    const again = await platform.as.operator.post<SubscriptionView>(path, { reference: 'BANK-0001', amount: cusd(500).toString() })
    expect(again.status).toBe(200)
    const other = await platform.as.operator.post(path, { reference: 'BANK-0002', amount: cusd(500).toString() })
    expect(other.status).toBe(409)
    expect(other.problem?.code).toBe('SUBSCRIPTION_ALREADY_PAID')
    const coin = await platform.as.operator.post(`/v1/subscriptions/${bobSub.id}/pay`, { method: 'stablecoin' })
    expect(coin.status).toBe(409)
    expect(coin.problem?.code).toBe('SUBSCRIPTION_ALREADY_PAID')

    const audit = await platform.as.auditor.get<{ items: AuditEntry[] }>(`/v1/audit/entries?targetId=${bobSub.id}&action=subscription.paid`)
    expect(audit.body.items).toHaveLength(1)
    expect(audit.body.items[0]).toMatchObject({ after: { status: 'PAID' }, details: { method: 'fiat', reference: 'BANK-0001' } })
    expect(audit.body.items[0]!.actor).toMatch(/^person:[^/]+\/apikey:/)
  })

  it('closes once the hard cap is paid: mints each allocation through custody, once, and keeps the stablecoin in the treasury', async () => {
    const close = await platform.as['issuer-admin'].post<OfferingView>(`/v1/offerings/${offering.id}/close`)
    expect(close.status).toBe(202)
    expect(close.body.status).toBe('CLOSING')
    const again = await platform.as['issuer-admin'].post<OfferingView>(`/v1/offerings/${offering.id}/close`)
    expect(again.status).toBe(200)
    const late = await platform.as.operator.post(`/v1/offerings/${offering.id}/subscriptions`, { investorId: bob.id, amount: cusd(100).toString(), idempotencyKey: 'bob-late' })
    expect(late.status).toBe(422)
    expect(late.problem?.code).toBe('SUBSCRIPTION_OFFERING_NOT_OPEN')

    await approveAllocationMints(platform, custody, [aliceSub.id, bobSub.id])
    const closed = await waitForOffering(platform, offering.id, (o) => o.status === 'CLOSED' || o.close?.workflow?.status === 'FAILED')
    expect(closed).toMatchObject({ status: 'CLOSED', totals: { paid: cusd(1_500).toString(), allocated: '3000', issued: '3000' } })
    expect(closed.closedAt).not.toBeNull()
    expect(closed.lockupEndsAt).toBe(new Date(new Date(closed.closedAt!).getTime() + 30 * DAY).toISOString())

    expect(await tokenBalance(alice.walletAddress!)).toBe(2000n)
    expect(await tokenBalance(bob.walletAddress!)).toBe(1000n)
    expect(await chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'totalSupply' })).toBe(3000n)
    expect(await stablecoinBalance(chain, offering.treasury.address)).toBe(cusd(1_000))

    const a = await getSubscription(platform, aliceSub.id)
    expect(a).toMatchObject({ status: 'ISSUED', mint: { status: 'COMPLETED' } })
    const op = await platform.as.auditor.get<OperationView & { idempotencyKey: string; agreementRef: string }>(`/v1/assets/issuances/${a.mint!.operationId}`)
    expect(op.body).toMatchObject({ idempotencyKey: `offering:${offering.id}:subscription:${aliceSub.id}`, quantity: '2000', agreementRef: `subscription:${aliceSub.id}` })

    // A repeated close changes nothing: no second mint at custody.
    const after = await platform.as['issuer-admin'].post<OfferingView>(`/v1/offerings/${offering.id}/close`)
    expect(after.status).toBe(200)
    expect(after.body.status).toBe('CLOSED')
    const mints = await custody.as.platform.get<{ items: unknown[] }>(`/v1/transactions?externalTxId=mint:offering:${offering.id}:subscription:${aliceSub.id}`)
    expect(mints.body.items).toHaveLength(1)
    expect(await tokenBalance(alice.walletAddress!)).toBe(2000n)

    const trail = await platform.as.auditor.get<{ items: AuditEntry[] }>(`/v1/audit/entries?targetId=${aliceSub.id}&limit=50`)
    expect(trail.body.items.map((e) => e.action)).toEqual(expect.arrayContaining(['subscription.created', 'subscription.payment_requested', 'subscription.paid', 'subscription.allocated', 'subscription.mint_requested', 'subscription.issued']))
    const offeringTrail = await platform.as.auditor.get<{ items: AuditEntry[] }>(`/v1/audit/entries?targetId=${offering.id}&limit=50`)
    expect(offeringTrail.body.items.map((e) => e.action)).toEqual(expect.arrayContaining(['offering.created', 'offering.close_requested', 'offering.allocated', 'offering.closed']))
  })

  it('locks the allocations up: code 12 until closedAt + lockupDays on the business clock, while unlocked tokens move', async () => {
    const unpause = await platform.as['issuer-admin'].post<OperationView>(`/v1/tokens/${token.id}/unpause`)
    expect((await settleOperation(platform, custody, `/v1/tokens/${token.id}/operations/${unpause.body.id}`, unpause.body)).status).toBe('COMPLETED')

    const locked = await check(alice, bob, 2000n)
    expect(locked).toMatchObject({ code: RESTRICTIONS.LOCKUP_NOT_OVER.code, name: 'LOCKUP_NOT_OVER' })
    expect((await check(alice, bob, 1n)).code).toBe(RESTRICTIONS.LOCKUP_NOT_OVER.code)
    const refused = await platform.as.operator.post('/v1/transfers', { tokenId: token.id, fromInvestorId: alice.id, toInvestorId: bob.id, quantity: '100', idempotencyKey: 'locked-1' })
    expect(refused.status).toBe(422)
    expect(refused.problem).toMatchObject({ code: 'TRANSFER_LOCKUP_NOT_OVER', restrictionCode: 12 })

    // Tokens issued outside the offering are not locked: Alice may move those, and only those.
    const extra = await platform.as['issuer-admin'].post<OperationView>('/v1/assets/mint', { tokenId: token.id, investorId: alice.id, quantity: '5', agreementRef: 'side-letter', idempotencyKey: 'alice-extra' })
    expect((await settleOperation(platform, custody, `/v1/assets/issuances/${extra.body.id}`, extra.body)).status).toBe('COMPLETED')
    expect((await check(alice, bob, 5n)).code).toBe(0)
    expect((await check(alice, bob, 6n)).code).toBe(RESTRICTIONS.LOCKUP_NOT_OVER.code)

    const { lockupEndsAt } = await getOffering(platform, offering.id)
    platform.clock.set(new Date(lockupEndsAt!).getTime() - 60_000)
    expect((await check(alice, bob, 6n)).code).toBe(RESTRICTIONS.LOCKUP_NOT_OVER.code)
    platform.clock.set(new Date(lockupEndsAt!).getTime() + 1_000)
    // The business clock says the lock-up is over; the chain's lot still holds until chain time reaches its release.
    expect((await check(alice, bob, 6n)).code).toBe(RESTRICTIONS.LOCKUP_NOT_OVER.code)
    await passChainTime(30 * 86_400 + 120)
    expect(await check(alice, bob, 2005n)).toMatchObject({ code: 0, name: 'SUCCESS' })
  })
})

/**
 * The lock-up is the token's own rule, not only the platform's: the close
 * records each allocation's release on-chain before minting it, so the
 * investor's key sending a transfer around the platform reverts until chain
 * time reaches the release, then settles.
 */
describe('an offering lock-up recorded on-chain at mint', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let token: TokenView
  let alice: InvestorView, bob: InvestorView

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    platform = await startTestPlatform(chain, custody, { custodyWebhooks: true, env: { PLATFORM_KYC_AUTO_APPROVE: 'true' } })
    ;[alice, bob, token] = await Promise.all([
      onboardInvestor(platform, 'Alice Example', 'DE'),
      onboardInvestor(platform, 'Bob Beispiel', 'AT'),
      deployToken(platform, custody, { name: 'Lock Fund', symbol: 'LOCKF', decimals: 0 }),
    ])
  }, 300_000)
  afterAll(async () => {
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('a transfer sent by the investor’s own key reverts until the release, then settles', async () => {
    const now = platform.clock.now().getTime()
    const created = await platform.as['issuer-admin'].post<OfferingView>('/v1/offerings', {
      tokenId: token.id, pricePerToken: cusd(10).toString(), minInvestment: cusd(10).toString(), maxInvestment: cusd(100).toString(), hardCap: cusd(100).toString(), accreditationRequired: false,
      opensAt: new Date(now - 60_000).toISOString(), closesAt: new Date(now + DAY).toISOString(), eligibleCountries: ['DE', 'AT'], lockupDays: 40, paymentMethods: ['fiat'],
    })
    expect(created.status).toBe(201)
    const sub = await platform.as.operator.post<SubscriptionView>(`/v1/offerings/${created.body.id}/subscriptions`, { investorId: alice.id, amount: cusd(100).toString(), idempotencyKey: 'alice-lock' })
    expect(sub.status).toBe(201)
    expect((await platform.as.operator.post(`/v1/subscriptions/${sub.body.id}/fiat-received`, { reference: 'BANK-LOCK', amount: cusd(100).toString() })).status).toBe(201)
    expect((await platform.as['issuer-admin'].post(`/v1/offerings/${created.body.id}/close`)).status).toBe(202)
    await approveAllocationMints(platform, custody, [sub.body.id])
    const closed = await waitForOffering(platform, created.body.id, (o) => o.status === 'CLOSED' || o.close?.workflow?.status === 'FAILED')
    expect(closed.status).toBe('CLOSED')
    const issued = await getSubscription(platform, sub.body.id)
    expect(issued.lockup).toMatchObject({ status: 'COMPLETED', seconds: String(40 * 86_400) })

    const lockup = chain.deployments.modules!.lockup!
    const lots = await chain.publicClient.readContract({ address: lockup, abi: custosLockupModuleAbi, functionName: 'lotsOf', args: [token.addresses.compliance!, alice.walletAddress!] })
    expect(lots.map((l) => l.amount)).toEqual([10n])
    const mintBlock = await chain.publicClient.getBlock({ blockHash: (await chain.publicClient.getTransactionReceipt({ hash: issued.mint!.txHash as `0x${string}` })).blockHash })
    expect(lots[0]!.releaseTime).toBe(mintBlock.timestamp + 40n * 86_400n)

    const unpause = await platform.as['issuer-admin'].post<OperationView>(`/v1/tokens/${token.id}/unpause`)
    expect((await settleOperation(platform, custody, `/v1/tokens/${token.id}/operations/${unpause.body.id}`, unpause.body)).status).toBe('COMPLETED')

    // Alice's own key, around the platform: the token refuses while the lot is locked.
    const aliceKey = alice.walletAddress! as Address
    await chain.testClient.impersonateAccount({ address: aliceKey })
    await chain.testClient.setBalance({ address: aliceKey, value: 10n ** 20n })
    const w = createWalletClient({ account: aliceKey, chain: chain.publicClient.chain, transport: http(chain.rpcUrl) })
    const send = () => w.writeContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'transfer', args: [bob.walletAddress! as Address, 10n], gas: 500_000n })
    expect((await waitForReceipt(chain.publicClient, await send())).status).toBe('reverted')
    expect((await platform.as.auditor.get<Check>(`/v1/transfers/check?tokenId=${token.id}&fromInvestorId=${alice.id}&toInvestorId=${bob.id}&quantity=10`)).body.code).toBe(RESTRICTIONS.LOCKUP_NOT_OVER.code)

    await chain.testClient.setNextBlockTimestamp({ timestamp: lots[0]!.releaseTime })
    expect((await waitForReceipt(chain.publicClient, await send())).status).toBe('success')
    expect(await chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [bob.walletAddress! as Address] })).toBe(10n)
  }, 300_000)
})
