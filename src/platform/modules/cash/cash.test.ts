// @postgres-pass: the cash ledger’s reservations.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { erc20Abi, getAddress, type Address } from 'viem'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { startTestPlatform, type TestPlatform } from '../../../test/platform.ts'
import { deployToken, onboardInvestor, pollUntil, type InvestorView, type TokenView } from '../../../test/platform/tokens.ts'
import { cusd, DAY, fundStablecoin, stablecoinBalance, waitForSubscription, type SubscriptionView } from '../../../test/platform/offerings.ts'
import { startTestReceiver, type TestReceiver } from '../../../shared/webhooks/test-receiver.ts'
import { signWebhookPayload, WEBHOOK_HEADERS } from '../../../shared/webhooks/sign-webhook.ts'
import { createSignedFetch } from '../../../shared/auth/sign-request.ts'

type Balance = { asset: string; available: string; reserved: string; total: string }
type Entry = { kind: string; phase: string; availableDelta: string; reservedDelta: string; subject: { type: string; id: string } }
type Cash = { balances: Balance[]; entries: Entry[]; nextCursor: string | null }
type WithdrawalAddress = { id: string; address: string; status: string; beneficiaryName: string; custody: { changeRequestId: string | null } }
type Withdrawal = { id: string; status: string; statusCode: string | null; amount: string; to: string; txHash: string | null }
type Problem = { code: string; detail: string }
type Delivery = { id: string; eventType: string; resourceId: string; status: string; redeliveryOf: string | null }

/**
 * Money in and out through the platform API on anvil, with custody watching vaults: an
 * outsider sends 1,000 cUSD to Alice's deposit address; custody confirms it; the platform
 * credits her cash once (a redelivered webhook, and the same deposit under another event id,
 * credit nothing more) and pays her pending 300 cUSD subscription from it; she registers an
 * address, custody's admins whitelist it, and 250 cUSD leave her vault for it. A withdrawal
 * to an address not registered or not yet whitelisted, and one above her cash, are refused
 * with nothing changed.
 */
describe('cash: deposits credited once, subscriptions paid from them, withdrawals to whitelisted addresses', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let receiver: TestReceiver
  let alice: InvestorView
  let token: TokenView
  let subscription: SubscriptionView
  let stablecoin: Address
  let outside: WithdrawalAddress

  const cashOf = async (id: string) => (await platform.as.auditor.get<Cash>(`/v1/investors/${id}/cash`)).body
  const available = (c: Cash) => c.balances.find((b) => b.asset.toLowerCase() === stablecoin.toLowerCase())!
  /** Distinct events (by id) of a type that the platform sent. */
  const sent = (type: string, where: (data: Record<string, unknown>) => boolean = () => true) =>
    new Set(receiver.received.filter((r) => r.body.type === type && where(r.body.data as Record<string, unknown>)).map((r) => r.eventId)).size

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { env: { CUSTODY_DEPOSIT_WATCH: 'on', CUSTODY_DEPOSIT_WATCH_MS: '100', CUSTODY_DEPLOYMENTS_FILE: process.env.CUSTOS_TEST_DEPLOYMENTS! } })
    platform = await startTestPlatform(chain, custody, { custodyWebhooks: true, env: { PLATFORM_KYC_AUTO_APPROVE: 'true', PLATFORM_RECONCILE_INTERVAL_MS: '0' } })
    stablecoin = getAddress(chain.deployments.stablecoin)
    receiver = await startTestReceiver(platform.clock)
    const sub = await platform.as['issuer-admin'].post<{ secret: string }>('/v1/webhooks', { url: receiver.url, events: ['cash.*', 'withdrawal.*', 'withdrawal_address.*'] })
    expect(sub.status).toBe(201)
    receiver.secrets.push(sub.body.secret)
    ;[alice, token] = await Promise.all([onboardInvestor(platform, 'Alice Example', 'DE'), deployToken(platform, custody, { name: 'Cash Fund', symbol: 'CASHF', decimals: 0 })])
    const now = platform.clock.now().getTime()
    const offering = await platform.as['issuer-admin'].post<{ id: string }>('/v1/offerings', {
      tokenId: token.id, pricePerToken: cusd(100).toString(), minInvestment: cusd(100).toString(), maxInvestment: cusd(1_000).toString(), hardCap: cusd(10_000).toString(),
      opensAt: new Date(now - 60_000).toISOString(), closesAt: new Date(now + DAY).toISOString(), eligibleCountries: ['DE'], accreditationRequired: false, paymentMethods: ['stablecoin'],
    })
    expect(offering.status, JSON.stringify(offering.body)).toBe(201)
    const subscribed = await platform.as.operator.post<SubscriptionView>(`/v1/offerings/${offering.body.id}/subscriptions`, { investorId: alice.id, amount: cusd(300).toString(), idempotencyKey: 'alice-cash-1' })
    expect(subscribed.status, JSON.stringify(subscribed.body)).toBe(201)
    subscription = subscribed.body
  }, 300_000)
  afterAll(async () => {
    await receiver?.close()
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('gives the investor its custodial vault as deposit address, for the stablecoin', async () => {
    const res = await platform.as.auditor.get<{ address: string; vaultId: string; chainId: number; assets: { asset: string; symbol: string; decimals: number }[] }>(`/v1/investors/${alice.id}/deposit-address`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ address: alice.walletAddress, vaultId: alice.vaultId, chainId: chain.chainId, assets: [{ asset: stablecoin, symbol: 'cUSD', decimals: 6 }] })
    expect((await platform.as.auditor.get<Problem>('/v1/investors/nobody/deposit-address')).status).toBe(404)
  })

  it('credits a deposit from outside once custody confirms it, once however often it is reported, and pays the pending subscription from it', async () => {
    const [outsider] = chain.wallets
    await fundStablecoin(chain, outsider!.account.address, cusd(1_000))
    const hash = await outsider!.writeContract({ address: stablecoin, abi: erc20Abi, functionName: 'transfer', args: [alice.walletAddress!, cusd(1_000)] })
    await chain.publicClient.waitForTransactionReceipt({ hash })

    // Credited, then the subscription is paid from the vault by offerings' own payment, and the reservation becomes final.
    const paid = await waitForSubscription(platform, subscription.id, (s) => s.status === 'PAID', 'subscription paid from the deposit')
    expect(paid.payment).toMatchObject({ method: 'stablecoin', attempt: 1 })
    const cash = await pollUntil(() => cashOf(alice.id), (c) => c.entries.some((e) => e.kind === 'SUBSCRIPTION_PAYMENT' && e.phase === 'SETTLED'), 'payment settled in the ledger')
    expect(available(cash)).toMatchObject({ available: cusd(700).toString(), reserved: '0', total: cusd(700).toString(), vaultBalance: cusd(700).toString() })
    expect(cash.entries.map((e) => `${e.kind}/${e.phase}/${e.availableDelta}/${e.reservedDelta}`).reverse()).toEqual([
      `DEPOSIT/SETTLED/${cusd(1_000)}/0`,
      `SUBSCRIPTION_PAYMENT/RESERVED/-${cusd(300)}/${cusd(300)}`,
      `SUBSCRIPTION_PAYMENT/SETTLED/0/-${cusd(300)}`,
    ])
    expect(await stablecoinBalance(chain, alice.walletAddress!)).toBe(cusd(700))
    const depositId = cash.entries.find((e) => e.kind === 'DEPOSIT')!.subject.id
    await pollUntil(async () => sent('cash.subscription_paid'), (n) => n === 1, 'cash.subscription_paid sent')
    expect(sent('cash.deposit_credited', (d) => d.depositId === depositId)).toBe(1)

    // Custody sends the confirmation again (same event id): the platform acknowledges it as a duplicate.
    const subs = (await custody.as.admin.get<{ items: { id: string; url: string }[] }>('/v1/webhooks')).body.items
    const toPlatform = subs.find((s) => s.url.startsWith(platform.url))!
    let confirmed: Delivery | undefined
    for (let cursor: string | null = null; !confirmed; ) {
      const page: { items: Delivery[]; nextCursor: string | null } = (await custody.as.admin.get<{ items: Delivery[]; nextCursor: string | null }>(`/v1/webhooks/${toPlatform.id}/deliveries?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body
      confirmed = page.items.find((d) => d.eventType === 'deposit.confirmed' && d.resourceId === depositId)
      if (!page.nextCursor) break
      cursor = page.nextCursor
    }
    expect(confirmed, 'deposit.confirmed delivered to the platform').toBeDefined()
    const again = await custody.as.admin.post<Delivery>(`/v1/webhooks/deliveries/${confirmed!.id}/redeliver`)
    expect(again.status).toBe(202)
    await pollUntil(async () => (await custody.as.admin.get<{ items: Delivery[] }>(`/v1/webhooks/${toPlatform.id}/deliveries?limit=100`)).body.items.find((d) => d.redeliveryOf === confirmed!.id)?.status, (s) => s === 'DELIVERED', 'redelivery delivered')

    // The same deposit under another event id (as a replay would bring it) is processed, and credits nothing: the ledger keys on the deposit.
    const stored = await platform.database.db.selectFrom('inbound_events').select(['payload']).where('event_id', '=', (await platform.database.db.selectFrom('inbound_events').select('event_id').where('type', '=', 'deposit.confirmed').where('resource_id', '=', depositId).executeTakeFirstOrThrow()).event_id).executeTakeFirstOrThrow()
    const replay = JSON.stringify({ ...(stored.payload as Record<string, unknown>), id: `replay-${depositId}` })
    const secret = readFileSync(join(platform.service.ctx.config.CUSTOS_HOME, 'platform', 'custody-webhook-secret'), 'utf8').trim()
    const posted = await fetch(`${platform.url}/v1/inbound/custody`, { method: 'POST', headers: { 'content-type': 'application/json', [WEBHOOK_HEADERS.signature]: signWebhookPayload({ secrets: [secret], rawBody: replay, timestampSeconds: Math.floor(Date.now() / 1000) }) }, body: replay })
    expect(posted.status).toBe(202)
    await pollUntil(async () => (await platform.database.db.selectFrom('inbound_events').select('processed_at').where('event_id', '=', `replay-${depositId}`).executeTakeFirstOrThrow()).processed_at, (at) => at !== null, 'replayed event processed')
    const after = await cashOf(alice.id)
    expect(after.entries.filter((e) => e.kind === 'DEPOSIT')).toHaveLength(1)
    expect(available(after).available).toBe(cusd(700).toString())
    expect(sent('cash.deposit_credited')).toBe(1)
  })

  it('registers a withdrawal address as PENDING until custody whitelists it, and refuses withdrawals elsewhere or above the cash with nothing changed', async () => {
    const destination = chain.wallets[2]!.account.address
    const body = { address: destination, label: 'Alice at her bank', beneficiaryName: 'Alice Example', institutionName: 'Example Bank AG', institutionCountry: 'DE' }
    const res = await platform.as.operator.post<WithdrawalAddress>(`/v1/investors/${alice.id}/withdrawal-addresses`, body)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    outside = res.body
    expect(outside).toMatchObject({ address: destination, status: 'PENDING', beneficiaryName: 'Alice Example' })
    expect(outside.custody.changeRequestId).toEqual(expect.any(String))
    expect((await platform.as.operator.post<WithdrawalAddress>(`/v1/investors/${alice.id}/withdrawal-addresses`, body)).body.id).toBe(outside.id)
    const other = await platform.as.operator.post<Problem>(`/v1/investors/${alice.id}/withdrawal-addresses`, { ...body, beneficiaryName: 'Mallory' })
    expect([other.status, other.body.code]).toEqual([409, 'WITHDRAWAL_ADDRESS_ALREADY_REGISTERED'])
    const own = await platform.as.operator.post<Problem>(`/v1/investors/${alice.id}/withdrawal-addresses`, { ...body, address: alice.walletAddress })
    expect([own.status, own.body.code]).toEqual([422, 'WITHDRAWAL_ADDRESS_IS_OWN_VAULT'])

    const withdraw = (b: Record<string, unknown>) => platform.as.operator.post<Problem & Withdrawal>(`/v1/investors/${alice.id}/withdrawals`, b)
    const before = { cash: await cashOf(alice.id), vault: await stablecoinBalance(chain, alice.walletAddress!) }
    const pending = await withdraw({ amount: cusd(100).toString(), withdrawalAddressId: outside.id, idempotencyKey: 'w-pending' })
    expect([pending.status, pending.body.code]).toEqual([422, 'WITHDRAWAL_ADDRESS_NOT_WHITELISTED'])
    const unknown = await withdraw({ amount: cusd(100).toString(), withdrawalAddressId: 'not-registered', idempotencyKey: 'w-unknown' })
    expect([unknown.status, unknown.body.code]).toEqual([422, 'WITHDRAWAL_ADDRESS_NOT_REGISTERED'])

    // Custody's two admins approve the platform's change request; the whitelist webhook makes the address WHITELISTED.
    for (const admin of ['admin', 'admin-2'] as const) {
      const vote = await custody.as[admin].post(`/v1/change-requests/${outside.custody.changeRequestId}/approve`, { comment: 'travel-rule data checked' })
      expect(vote.status, JSON.stringify(vote.body)).toBe(200)
    }
    await pollUntil(async () => (await platform.database.db.selectFrom('withdrawal_addresses').select('status').where('id', '=', outside.id).executeTakeFirstOrThrow()).status, (s) => s === 'WHITELISTED', 'address whitelisted by the webhook')
    const listed = (await platform.as.auditor.get<{ items: WithdrawalAddress[] }>(`/v1/investors/${alice.id}/withdrawal-addresses`)).body.items
    expect(listed).toEqual([expect.objectContaining({ id: outside.id, status: 'WHITELISTED' })])

    // An address custody's admins reject ends REJECTED, and stays refused.
    const doubtful = await platform.as.operator.post<WithdrawalAddress>(`/v1/investors/${alice.id}/withdrawal-addresses`, { ...body, address: chain.wallets[3]!.account.address, label: 'unknown exchange', institutionName: 'Nowhere Ltd' })
    expect([doubtful.status, doubtful.body.status]).toEqual([201, 'PENDING'])
    expect((await custody.as.admin.post(`/v1/change-requests/${doubtful.body.custody.changeRequestId}/reject`, { comment: 'beneficiary not verified' })).status).toBe(200)
    await pollUntil(async () => (await platform.database.db.selectFrom('withdrawal_addresses').select('status').where('id', '=', doubtful.body.id).executeTakeFirstOrThrow()).status, (s) => s === 'REJECTED', 'address rejected by the webhook')
    const rejected = await withdraw({ amount: '1', withdrawalAddressId: doubtful.body.id, idempotencyKey: 'w-rejected' })
    expect([rejected.status, rejected.body.code]).toEqual([422, 'WITHDRAWAL_ADDRESS_NOT_WHITELISTED'])

    const tooMuch = await withdraw({ amount: (cusd(700) + 1n).toString(), withdrawalAddressId: outside.id, idempotencyKey: 'w-too-much' })
    expect([tooMuch.status, tooMuch.body.code]).toEqual([422, 'CASH_INSUFFICIENT_BALANCE'])
    const otherAsset = await withdraw({ asset: token.addresses.token, amount: '1', withdrawalAddressId: outside.id, idempotencyKey: 'w-asset' })
    expect([otherAsset.status, otherAsset.body.code]).toEqual([422, 'ASSET_NOT_ACCEPTED'])
    expect((await withdraw({ amount: '0', withdrawalAddressId: outside.id, idempotencyKey: 'w-zero' })).status).toBe(400)

    // Refused means nothing changed: the ledger, the vault, and no withdrawal events.
    expect(await cashOf(alice.id)).toEqual(before.cash)
    expect(await stablecoinBalance(chain, alice.walletAddress!)).toBe(before.vault)
    expect(sent('withdrawal.requested')).toBe(0)
    expect(sent('withdrawal_address.status_changed', (d) => d.to === 'WHITELISTED')).toBe(1)
  })

  it('withdraws to the whitelisted address through custody: the cash is reserved, then debited, and the coins arrive', async () => {
    const destination = outside.address as Address
    const start = await stablecoinBalance(chain, destination)
    const body = { amount: cusd(250).toString(), withdrawalAddressId: outside.id, idempotencyKey: 'w-1' }
    const res = await platform.as.operator.post<Withdrawal>(`/v1/investors/${alice.id}/withdrawals`, body)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body).toMatchObject({ status: 'PROCESSING', amount: cusd(250).toString(), to: destination })
    expect((await platform.as.operator.post<Withdrawal>(`/v1/investors/${alice.id}/withdrawals`, body)).body.id).toBe(res.body.id)
    const reused = await platform.as.operator.post<Problem>(`/v1/investors/${alice.id}/withdrawals`, { ...body, amount: '1' })
    expect([reused.status, reused.body.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED'])

    const done = await pollUntil(async () => (await platform.as.auditor.get<Withdrawal>(`/v1/withdrawals/${res.body.id}`)).body, (w) => w.status !== 'PROCESSING', 'withdrawal final', 90_000)
    expect(done).toMatchObject({ status: 'COMPLETED', txHash: expect.stringMatching(/^0x/) })
    expect(await stablecoinBalance(chain, destination)).toBe(start + cusd(250))
    expect(await stablecoinBalance(chain, alice.walletAddress!)).toBe(cusd(450))
    const cash = await cashOf(alice.id)
    expect(available(cash)).toMatchObject({ available: cusd(450).toString(), reserved: '0' })
    expect(cash.entries.slice(0, 2).map((e) => `${e.kind}/${e.phase}`)).toEqual(['WITHDRAWAL/SETTLED', 'WITHDRAWAL/RESERVED'])
    await pollUntil(async () => sent('withdrawal.completed', (d) => d.withdrawalId === res.body.id), (n) => n === 1, 'withdrawal.completed sent')
    expect(sent('withdrawal.requested', (d) => d.withdrawalId === res.body.id)).toBe(1)

    // Travel-rule data stays in the platform's records: no webhook carries the beneficiary's name.
    expect(receiver.received.some((r) => r.rawBody.includes('Alice Example'))).toBe(false)
    const audit = (await platform.as.auditor.get<{ items: { action: string }[] }>(`/v1/audit/entries?targetType=withdrawal&targetId=${res.body.id}`)).body.items.map((e) => e.action)
    expect(audit).toEqual(expect.arrayContaining(['withdrawal.requested', 'withdrawal.completed']))
  })

  it('releases the reserved cash when custody ends a withdrawal without effect (an approver rejects it under custody’s policy)', async () => {
    // Custody's own rules: hot vaults never pay unknown addresses, and a payment to a whitelisted one needs an approver.
    const draft = await custody.as.admin.post<{ draft: { version: number }; changeRequest: { id: string } }>('/v1/policy/drafts', { format: 'yaml', text: `
version: "withdrawals-reviewed"
rules:
  - id: hot-never-pays-unknown-addresses
    sourceTiers: [hot]
    operations: [TOKEN_TRANSFER]
    destination: { type: ONE_TIME }
    action: BLOCK
  - id: withdrawals-need-an-approver
    sourceTiers: [hot]
    operations: [TOKEN_TRANSFER]
    destination: { type: WHITELISTED }
    action: REQUIRE_APPROVAL
    approval: { group: approvers, quorum: 1 }
  - id: hot-vaults
    sourceTiers: [hot]
    action: ALLOW
  - id: warm-vaults
    sourceTiers: [warm]
    action: REQUIRE_APPROVAL
    approval: { group: approvers, quorum: 1 }
` })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    // Two admins besides the one who proposed it (the harness has one other; a third person joins).
    const third = await custody.service.apiKeys.createApiKey({ role: 'admin', scopes: ['read', 'admin'], groups: ['admins'], createdBy: 'test', principalName: 'admin-3', principalKind: 'person' })
    for (const admin of [custody.as['admin-2'], createSignedFetch({ baseUrl: custody.url, keyId: third.keyId, secret: third.secret })]) {
      expect((await admin.post(`/v1/change-requests/${draft.body.changeRequest.id}/approve`, { comment: 'withdrawals reviewed' })).status).toBe(200)
    }
    expect((await custody.as.auditor.get<{ version: number }>('/v1/policy')).body.version).toBe(draft.body.draft.version)
    const vault = await stablecoinBalance(chain, alice.walletAddress!)
    const res = await platform.as.operator.post<Withdrawal & { custody: { custodyTxId: string | null } }>(`/v1/investors/${alice.id}/withdrawals`, { amount: cusd(50).toString(), withdrawalAddressId: outside.id, idempotencyKey: 'w-rejected-at-custody' })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(available(await cashOf(alice.id))).toMatchObject({ available: cusd(400).toString(), reserved: cusd(50).toString() })
    const custodyTxId = res.body.custody.custodyTxId!
    await pollUntil(async () => (await custody.as.auditor.get<{ status: string }>(`/v1/transactions/${custodyTxId}`)).body.status, (st) => st === 'PENDING_AUTHORIZATION', 'withdrawal waiting for an approver')
    expect((await custody.as['approver-1'].post(`/v1/transactions/${custodyTxId}/reject`, { comment: 'beneficiary to be called back first' })).status).toBe(200)

    const failed = await pollUntil(async () => (await platform.as.auditor.get<Withdrawal>(`/v1/withdrawals/${res.body.id}`)).body, (w) => w.status !== 'PROCESSING', 'withdrawal final', 60_000)
    expect(failed).toMatchObject({ status: 'FAILED', statusCode: 'CUSTODY_TX_REJECTED', txHash: null })
    const cash = await cashOf(alice.id)
    expect(available(cash)).toMatchObject({ available: cusd(450).toString(), reserved: '0' })
    expect(cash.entries.slice(0, 2).map((e) => `${e.kind}/${e.phase}`)).toEqual(['WITHDRAWAL/RELEASED', 'WITHDRAWAL/RESERVED'])
    expect(await stablecoinBalance(chain, alice.walletAddress!)).toBe(vault)
    await pollUntil(async () => sent('withdrawal.failed', (d) => d.withdrawalId === res.body.id), (n) => n === 1, 'withdrawal.failed sent')
    const listed = (await platform.as.auditor.get<{ items: Withdrawal[] }>(`/v1/investors/${alice.id}/withdrawals`)).body.items
    expect(listed.map((w) => w.status)).toEqual(['FAILED', 'COMPLETED'])
  })

  it('asks custody again for an address its admins rejected when it is registered again, and it can then be whitelisted', async () => {
    type Full = WithdrawalAddress & { label: string; institutionName: string | null; institutionCountry: string | null }
    const rejected = (await platform.as.auditor.get<{ items: Full[] }>(`/v1/investors/${alice.id}/withdrawal-addresses`)).body.items.find((a) => a.status === 'REJECTED')!
    expect(rejected).toBeDefined()
    const again = await platform.as.operator.post<Full>(`/v1/investors/${alice.id}/withdrawal-addresses`, { address: rejected.address, label: rejected.label, beneficiaryName: rejected.beneficiaryName, institutionName: rejected.institutionName, institutionCountry: rejected.institutionCountry })
    expect(again.status, JSON.stringify(again.body)).toBe(200)
    expect(again.body).toMatchObject({ id: rejected.id, status: 'PENDING' })
    expect(again.body.custody.changeRequestId).toEqual(expect.any(String))
    expect(again.body.custody.changeRequestId).not.toBe(rejected.custody.changeRequestId)
    await pollUntil(async () => sent('withdrawal_address.status_changed', (d) => d.withdrawalAddressId === rejected.id && d.to === 'PENDING'), (n) => n === 1, 'status_changed to PENDING sent')
    const audit = (await platform.as.auditor.get<{ items: { action: string }[] }>(`/v1/audit/entries?targetType=withdrawal_address&targetId=${rejected.id}`)).body.items.map((e) => e.action)
    expect(audit).toContain('withdrawal_address.whitelisting_asked_again')

    for (const admin of ['admin', 'admin-2'] as const) {
      const vote = await custody.as[admin].post(`/v1/change-requests/${again.body.custody.changeRequestId}/approve`, { comment: 'beneficiary verified after all' })
      expect(vote.status, JSON.stringify(vote.body)).toBe(200)
    }
    await pollUntil(async () => (await platform.database.db.selectFrom('withdrawal_addresses').select('status').where('id', '=', rejected.id).executeTakeFirstOrThrow()).status, (st) => st === 'WHITELISTED', 'address whitelisted on the second request')
  })
})
