import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { erc20Abi, getAddress, type Address } from 'viem'
import { identityRegistryAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import { systemClock } from '../../../shared/clock.ts'
import { startTestReceiver, type TestReceiver } from '../../../shared/webhooks/test-receiver.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import type { TestPlatform } from '../../../test/platform.ts'
import { CUSTODY_ENV_FOR_A_RESTARTING_PLATFORM, preparePlatformProcess, type PlatformProcessHarness } from '../../../test/platform-process.ts'
import { restartAtFailpoints, type RestartAtFailpoints } from '../../../test/service-process.ts'
import { cusd, DAY, fundStablecoin, stablecoinBalance, type SubscriptionView } from '../../../test/platform/offerings.ts'
import { deployToken, onboardInvestor, settleOperation, type InvestorView, type OperationView, type TokenView } from '../../../test/platform/tokens.ts'

type Role = 'issuer-admin' | 'compliance-officer' | 'operator' | 'auditor'
type Entry = { kind: string; phase: string; availableDelta: string; reservedDelta: string; subject: { type: string; id: string } }
type Cash = { balances: { asset: string; available: string; reserved: string; total: string; vaultBalance: string }[]; entries: Entry[] }
type CustodyTx = { id: string; externalTxId: string; status: string }
type Delivery = { id: string; eventType: string; resourceId: string; status: string; attempts: number }
type Action = OperationView & { kind: string }
type Recovery = { id: string; status: string; newWallet: Address | null; newVaultId: string | null; actions: Action[]; workflow: { status: string; step: string; lastError: string | null } | null }

/** The platform is killed where custody confirmed a deposit and it was stored but not acknowledged, mid-credit, and at each step of the subscription's automatic payment. */
const DEPOSIT_FAILPOINTS = ['inbound:after-deposit-stored', 'cash:after-deposit-credited', 'cash:after-payment-reserved', 'offering:after-payment-submitted', 'cash:after-payment-settled']
/** …and once custody has an agent's forced transfer, and during a wallet recovery. */
const AGENT_FAILPOINTS = ['agent-action:after-submitted', 'wallet-recovery:after-vault-created', 'wallet-recovery:after-identity-submitted']

/**
 * The platform process SIGKILLed while money comes in and while the agent acts, restarted
 * on the same database each time: custody confirms 1,000 cUSD sent to Alice's deposit
 * address and delivers it again until acknowledged; the deposit is credited once and pays her
 * 300 cUSD subscription once (one custody transaction, one on-chain payment), with one audit
 * entry and one webhook per ledger entry. Then a forced transfer and a wallet recovery, each
 * killed mid-way, happen once on-chain. Failpoints are armed per phase (a restart with
 * `PLATFORM_FAILPOINTS` set), so set-up never trips them.
 */
describe('money in and the agent’s powers survive the platform being killed', () => {
  let chain: TestChain
  let custody: TestCustody
  let h: PlatformProcessHarness<Role>
  let receiver: TestReceiver
  let platform: TestPlatform
  let alice: InvestorView, bob: InvestorView
  let token: TokenView
  let offering: { id: string; treasury: { address: Address } }
  let subscription: SubscriptionView
  let p: RestartAtFailpoints
  const approved = new Set<string>()

  /** Restarts the platform gracefully with these failpoints armed (each fires once). */
  async function arm(failpoints: readonly string[]) {
    expect(await p.restartWith({ PLATFORM_FAILPOINTS: failpoints.join(',') })).toBe('healthy')
  }
  /** A custody approver signs off whatever waits for it (the issuer-agent vault is warm). */
  async function approvePending() {
    const waiting = (await custody.as.auditor.get<{ items: CustodyTx[] }>('/v1/transactions?status=PENDING_AUTHORIZATION&limit=200')).body.items
    for (const t of waiting) {
      if (approved.has(t.id)) continue
      if ((await custody.as['approver-1'].post(`/v1/transactions/${t.id}/approve`, { comment: 'checked' })).status === 200) approved.add(t.id)
    }
  }
  /** Polls until `done`, starting the platform again whenever a failpoint killed it, and approving at custody meanwhile. */
  const until = <T>(what: string, read: () => Promise<T>, done: (v: T) => boolean) => p.until(what, read, done, { meanwhile: approvePending })
  const fired = () => readdirSync(join(h.home, 'platform', 'failpoints')).sort()
  const marker = (name: string) => name.replace(/[^a-z0-9-]/gi, '_')
  const custodyTxs = async (externalTxId: string) => (await custody.as.platform.get<{ items: CustodyTx[] }>(`/v1/transactions?externalTxId=${encodeURIComponent(externalTxId)}`)).body.items.map((t) => t.status)
  /** Distinct events (by id) of a type the platform sent. */
  const sent = (type: string, where: (data: Record<string, unknown>) => boolean = () => true) =>
    new Set(receiver.received.filter((r) => r.body.type === type && where(r.body.data as Record<string, unknown>)).map((r) => r.eventId)).size
  const audited = async (action: string, targetId: string) => (await h.as.auditor.get<{ items: unknown[] }>(`/v1/audit/entries?action=${action}&targetId=${targetId}&limit=100`)).body.items.length
  const tokens = (who: Address) => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [who] })

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { env: { ...CUSTODY_ENV_FOR_A_RESTARTING_PLATFORM, CUSTODY_DEPOSIT_WATCH: 'on', CUSTODY_DEPOSIT_WATCH_MS: '100', CUSTODY_DEPLOYMENTS_FILE: process.env.CUSTOS_TEST_DEPLOYMENTS! } })
    h = await preparePlatformProcess(chain, custody, {
      roles: ['issuer-admin', 'compliance-officer', 'operator', 'auditor'],
      failpoints: [],
      custodyWebhooks: true,
      env: { PLATFORM_KYC_AUTO_APPROVE: 'true', PLATFORM_INDEXER_POLL_MS: '100', PLATFORM_INDEXER_CONFIRMATIONS: '0', PLATFORM_RECONCILE_INTERVAL_MS: '0' },
    })
    p = restartAtFailpoints(h)
    expect(await p.start()).toBe('healthy')
    // The shared helpers only use the role clients.
    platform = { as: h.as } as unknown as TestPlatform
    receiver = await startTestReceiver(systemClock)
    const sub = await h.as['issuer-admin'].post<{ secret: string }>('/v1/webhooks', { url: receiver.url, events: ['cash.*', 'agent_action.*', 'wallet_recovery.*'] })
    expect(sub.status).toBe(201)
    receiver.secrets.push(sub.body.secret)
    ;[alice, bob, token] = await Promise.all([
      onboardInvestor(platform, 'Alice Crash', 'DE'),
      onboardInvestor(platform, 'Bob Crash', 'DE'),
      deployToken(platform, custody, { name: 'Crash Money Fund', symbol: 'CMNY', decimals: 0 }),
    ])
    for (const [investor, quantity] of [[alice, '100'], [bob, '50']] as const) {
      const res = await h.as['issuer-admin'].post<OperationView>('/v1/assets/mint', { tokenId: token.id, investorId: investor.id, quantity, agreementRef: 'crash', idempotencyKey: `money-crash-mint-${investor.id}` })
      expect(res.status).toBe(202)
      expect((await settleOperation(platform, custody, `/v1/assets/issuances/${res.body.id}`, res.body)).status).toBe('COMPLETED')
    }
    const opened = await h.as['issuer-admin'].post<typeof offering>('/v1/offerings', {
      tokenId: token.id, pricePerToken: cusd(100).toString(), minInvestment: cusd(100).toString(), maxInvestment: cusd(1_000).toString(), hardCap: cusd(10_000).toString(),
      opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + DAY).toISOString(), eligibleCountries: ['DE'], accreditationRequired: false, paymentMethods: ['stablecoin'],
    })
    expect(opened.status, JSON.stringify(opened.body)).toBe(201)
    offering = opened.body
    const subscribed = await h.as.operator.post<SubscriptionView>(`/v1/offerings/${offering.id}/subscriptions`, { investorId: alice.id, amount: cusd(300).toString(), idempotencyKey: 'alice-money-crash' })
    expect(subscribed.status, JSON.stringify(subscribed.body)).toBe(201)
    subscription = subscribed.body
  }, 600_000)

  afterAll(async () => {
    await receiver?.close()
    await h?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('credits a confirmed deposit once and pays the subscription from it once, killed at every step', async () => {
    await arm(DEPOSIT_FAILPOINTS)
    const stablecoin = getAddress(chain.deployments.stablecoin)
    const [outsider] = chain.wallets
    await fundStablecoin(chain, outsider!.account.address, cusd(1_000))
    const hash = await outsider!.writeContract({ address: stablecoin, abi: erc20Abi, functionName: 'transfer', args: [alice.walletAddress!, cusd(1_000)] })
    await chain.publicClient.waitForTransactionReceipt({ hash })

    const cashOf = async () => (await h.as.auditor.get<Cash>(`/v1/investors/${alice.id}/cash`)).body
    const cash = await until('payment settled in the ledger', cashOf, (c) => c.entries.some((e) => e.kind === 'SUBSCRIPTION_PAYMENT' && e.phase === 'SETTLED'))
    // The last failpoint sits after the settlement entry: wait for the workflow to come back and finish.
    await until('every failpoint reached', async () => fired(), (f) => f.length === DEPOSIT_FAILPOINTS.length)
    await until('webhooks sent', async () => ['cash.deposit_credited', 'cash.subscription_payment_started', 'cash.subscription_paid'].map((t) => sent(t)), (n) => n.every((x) => x >= 1))

    expect(p.crashes).toBe(DEPOSIT_FAILPOINTS.length)
    expect(fired()).toEqual(DEPOSIT_FAILPOINTS.map(marker).sort())
    // Credited once, reserved once, paid once.
    expect(cash.entries.map((e) => `${e.kind}/${e.phase}/${e.availableDelta}/${e.reservedDelta}`).reverse()).toEqual([
      `DEPOSIT/SETTLED/${cusd(1_000)}/0`,
      `SUBSCRIPTION_PAYMENT/RESERVED/-${cusd(300)}/${cusd(300)}`,
      `SUBSCRIPTION_PAYMENT/SETTLED/0/-${cusd(300)}`,
    ])
    expect(cash.balances.find((b) => b.asset.toLowerCase() === stablecoin.toLowerCase())).toMatchObject({ available: cusd(700).toString(), reserved: '0', vaultBalance: cusd(700).toString() })
    const paid = (await h.as.auditor.get<SubscriptionView>(`/v1/subscriptions/${subscription.id}`)).body
    expect(paid).toMatchObject({ status: 'PAID', payment: { method: 'stablecoin', attempt: 1 } })
    // One custody transaction, one on-chain payment.
    expect(await custodyTxs(`sub:${subscription.id}:pay:1`)).toEqual(['COMPLETED'])
    expect(await custodyTxs(`sub:${subscription.id}:pay:2`)).toEqual([])
    expect(await stablecoinBalance(chain, alice.walletAddress!)).toBe(cusd(700))
    expect(await stablecoinBalance(chain, offering.treasury.address)).toBe(cusd(300))
    // Custody delivered the confirmation again after the unacknowledged attempt; the platform took it once.
    const depositId = cash.entries.find((e) => e.kind === 'DEPOSIT')!.subject.id
    const toPlatform = (await custody.as.admin.get<{ items: { id: string; url: string }[] }>('/v1/webhooks')).body.items.find((s) => s.url === `http://127.0.0.1:${h.port}/v1/inbound/custody`)!
    const deliveriesOfConfirmation = async () => {
      const out: Delivery[] = []
      for (let cursor: string | null = null, first = true; first || cursor; first = false) {
        const page: { items: Delivery[]; nextCursor: string | null } = (await custody.as.admin.get<{ items: Delivery[]; nextCursor: string | null }>(`/v1/webhooks/${toPlatform.id}/deliveries?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body
        out.push(...page.items.filter((d) => d.eventType === 'deposit.confirmed' && d.resourceId === depositId))
        cursor = page.nextCursor
      }
      return out
    }
    // Its retries back off (1 s, 2 s, 4 s…), so the one that finds the platform up may come a while after the platform went on.
    const confirmed = await until('deposit.confirmed delivered again', deliveriesOfConfirmation, (ds) => ds.length > 0 && ds.every((d) => d.status === 'DELIVERED'))
    expect(confirmed).toHaveLength(1)
    expect(confirmed[0]!.attempts).toBeGreaterThan(1)
    // One audit entry and one webhook per ledger entry.
    expect(await audited('cash.deposit_credited', alice.id)).toBe(1)
    expect(await audited('cash.subscription_payment_reserved', alice.id)).toBe(1)
    expect(await audited('cash.subscription_paid', alice.id)).toBe(1)
    expect(await audited('subscription.paid', subscription.id)).toBe(1)
    expect(sent('cash.deposit_credited')).toBe(1)
    expect(sent('cash.subscription_payment_started')).toBe(1)
    expect(sent('cash.subscription_paid')).toBe(1)
    expect(sent('cash.subscription_payment_failed')).toBe(0)
  }, 600_000)

  it('forces a transfer and recovers a lost wallet once, killed after custody has each step', async () => {
    p.crashes = 0
    await arm(AGENT_FAILPOINTS)
    const body = { from: alice.id, to: bob.id, amount: '10', reason: 'court order 2026/31', idempotencyKey: 'crash-ft-alice-bob' }
    const ask = await until('forced transfer accepted', () => h.as['compliance-officer'].post<Action>(`/v1/tokens/${token.id}/forced-transfers`, body), (r) => r.status === 202 || r.status === 200)
    const moved = await until('forced transfer final', async () => (await h.as.auditor.get<Action>(`/v1/tokens/${token.id}/forced-transfers/${ask.body.id}`)).body, (a) => a.status === 'COMPLETED' || a.status === 'FAILED')
    expect(moved.status, JSON.stringify(moved)).toBe('COMPLETED')
    expect([await tokens(alice.walletAddress!), await tokens(bob.walletAddress!)]).toEqual([90n, 60n])
    expect(await custodyTxs(moved.externalTxId)).toEqual(['COMPLETED'])

    const old = getAddress(alice.walletAddress!)
    const recoveryBody = { reason: 'lost device, ticket 9001', idempotencyKey: 'crash-recover-alice' }
    const started = await until('recovery accepted', () => h.as['compliance-officer'].post<Recovery>(`/v1/investors/${alice.id}/wallet-recoveries`, recoveryBody), (r) => r.status === 202 || r.status === 200)
    const done = await until('wallet recovery final', async () => (await h.as.auditor.get<Recovery>(`/v1/wallet-recoveries/${started.body.id}`)).body, (r) => r.status !== 'PENDING')
    expect(done.status, JSON.stringify(done.workflow)).toBe('COMPLETED')
    await until('webhooks sent', async () => [sent('agent_action.completed', (d) => d.id === moved.id || d.actionId === moved.id), sent('wallet_recovery.completed')], (n) => n.every((x) => x >= 1))

    expect(p.crashes).toBe(AGENT_FAILPOINTS.length)
    expect(fired()).toEqual([...DEPOSIT_FAILPOINTS, ...AGENT_FAILPOINTS].map(marker).sort())
    const next = getAddress(done.newWallet!)
    expect([await tokens(next), await tokens(old), await tokens(bob.walletAddress!)]).toEqual([90n, 0n, 60n])
    expect(await chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'isFrozen', args: [old] })).toBe(true)
    const registered = (who: Address) => chain.publicClient.readContract({ address: chain.deployments.identityRegistry.registry, abi: identityRegistryAbi, functionName: 'contains', args: [who] })
    expect([await registered(old), await registered(next)]).toEqual([false, true])
    // One new vault, and each of the recovery's custody transactions once.
    const vaults = (await custody.as.auditor.get<{ items: { id: string; name: string }[] }>('/v1/vaults?limit=200')).body.items.filter((v) => v.name.startsWith(`investor-${alice.id}-recovery-`))
    expect(vaults.map((v) => v.id)).toEqual([done.newVaultId])
    expect(done.actions.map((a) => a.kind).sort()).toEqual(['FORCED_TRANSFER', 'FREEZE'])
    for (const a of done.actions) expect(await custodyTxs(a.externalTxId), a.externalTxId).toEqual(['COMPLETED'])
    const investor = (await h.as.auditor.get<InvestorView>(`/v1/investors/${alice.id}`)).body
    expect([investor.walletAddress && getAddress(investor.walletAddress), investor.vaultId]).toEqual([next, done.newVaultId])
    expect(sent('wallet_recovery.completed')).toBe(1)
    expect(sent('wallet_recovery.failed')).toBe(0)
    expect(sent('agent_action.completed', (d) => d.id === moved.id || d.actionId === moved.id)).toBe(1)
  }, 600_000)
})
