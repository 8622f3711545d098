import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address, Hex } from 'viem'
import { devStablecoinAbi, merkleDistributorAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { startTestPlatform, type TestPlatform } from '../../../test/platform.ts'
import { mintSettled, approveCustodyTx, deployToken, onboardInvestor, pollUntil, settleOperation, type InvestorView, type OperationView, type TokenView } from '../../../test/platform/tokens.ts'
import { DAY, fundStablecoin, stablecoinBalance } from '../../../test/platform/offerings.ts'
import { startTestReceiver, type TestReceiver } from '../../../shared/webhooks/test-receiver.ts'

type Entitlement = { holder: Address; investorId: string | null; balance: string; gross: string; withholdingSource: string; withheld: string; net: string; treatment: string; status: string; statusReason: string | null; txHash: string | null }
type Entitlements = { frozen: boolean; totals: Record<string, string | null>; items: Entitlement[] }
type Distribution = {
  id: string
  status: string
  mode: string
  paymentDate: string
  claimDeadline: string | null
  autoClaim: boolean | null
  totals: Record<string, string | null>
  vaults: { treasury: { vaultId: string; address: Address }; tax: Address; escrow: Address }
  claimRound: { roundId: Hex; root: Hex; total: string; claimed: string | null; reclaimed: string | null; reclaimTxHash: string | null } | null
  batchMintId: string | null
  workflow: { status: string; step: string; waitingFor: string | null; lastError: string | null } | null
}
type Claim = { claimIndex: number; kind: string; investorId: string | null; amount: string; status: string; txHash: string | null; externalTxId: string; attempts: number }
type Problem = { code: string; field?: string; detail?: string }

/**
 * A CLAIM dividend and a stock dividend through the platform API: Alice (DE,
 * treaty 15 %), Bob (AT, default 10 %) and Vera (AT, frozen and suspended by
 * a sanctions hit, escrowed by the default policy) hold the token. Two CLAIM
 * dividends open on the same payment date: one with the default `autoClaim`,
 * which the platform claims for Alice and Bob (custodial holders) through
 * custody as the round opens, each leaf once; and one declared
 * `autoClaim: false`, where nothing is claimed until asked: Alice claims
 * (twice asked, paid once), Bob does not, and after the deadline his net
 * returns to the treasury exactly once while Alice's withholding goes to the
 * tax vault. The stock dividend mints new tokens pro rata through batch mint on a
 * token whose supply limit is 0 (no limit).
 */
describe('CLAIM distributions and stock dividends', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let receiver: TestReceiver
  let token: TokenView
  let alice: InvestorView, bob: InvestorView, vera: InvestorView
  let recordBlock: bigint
  let dist: Distribution
  let auto: Distribution

  const getDist = async (id: string) => (await platform.as.auditor.get<Distribution>(`/v1/distributions/${id}`)).body
  const entitlements = async (id: string) => (await platform.as.auditor.get<Entitlements>(`/v1/distributions/${id}/entitlements`)).body
  const tokenBalance = (a: Address) => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [a] })
  const declare = (body: Record<string, unknown>) => platform.as['issuer-admin'].post<Distribution & Problem>(`/v1/tokens/${token.id}/distributions`, body)
  const approveBoth = async (id: string) => {
    expect((await platform.as['issuer-admin'].post(`/v1/distributions/${id}/approvals`)).status).toBe(200)
    expect((await platform.as['compliance-officer'].post<Distribution>(`/v1/distributions/${id}/approvals`)).body.status).toBe('APPROVED')
  }
  const setBlocked = async (a: Address, blocked: boolean) => {
    const hash = await chain.deployer.writeContract({ address: chain.deployments.stablecoin, abi: devStablecoinAbi, functionName: 'setBlocked', args: [a, blocked] })
    await chain.publicClient.waitForTransactionReceipt({ hash })
  }
  const events = (type: string, id: string) => receiver.received.map((r) => r.body as { type: string; data: Record<string, unknown> }).filter((e) => e.type === type && e.data.distributionId === id)
  const mint = (investor: InvestorView, quantity: string, key: string) => mintSettled(platform, custody, token.id, investor, quantity, key)

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    platform = await startTestPlatform(chain, custody, { custodyWebhooks: true, env: { PLATFORM_KYC_AUTO_APPROVE: 'true', PLATFORM_INDEXER_POLL_MS: '100', PLATFORM_INDEXER_CONFIRMATIONS: '0', PLATFORM_RECONCILE_INTERVAL_MS: '0' } })
    receiver = await startTestReceiver(platform.clock)
    const sub = await platform.as['issuer-admin'].post<{ secret: string }>('/v1/webhooks', { url: receiver.url, events: ['distribution.*', 'dividend.*'] })
    expect(sub.status).toBe(201)
    receiver.secrets.push(sub.body.secret)
    ;[alice, bob, vera, token] = await Promise.all([
      onboardInvestor(platform, 'Alice Example', 'DE'),
      onboardInvestor(platform, 'Bob Beispiel', 'AT'),
      onboardInvestor(platform, 'Vera Kessler', 'AT'),
      // A supply limit of 0 is no limit for CustosSupplyLimitModule: the stock dividend's mint must pass.
      deployToken(platform, custody, { name: 'Claim Fund', symbol: 'CLMF', decimals: 0, compliance: { supplyLimit: '0' } }),
    ])
    await mint(alice, '1000', 'claims-alice')
    await mint(bob, '500', 'claims-bob')
    await mint(vera, '500', 'claims-vera')
    // A sanctions hit suspends Vera and freezes her wallet (a custody approver signs the freeze off): the default policy escrows her.
    appendFileSync(join(platform.sanctionsDir, 'SDN.CSV'), '90411,"KESSLER, Vera","individual","SDGT","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","DOB 1980."\r\n')
    expect((await platform.as['compliance-officer'].post<{ suspended: string[] }>('/v1/kyc/sanctions-list/reload')).body.suspended).toEqual([vera.id])
    const freeze = await pollUntil(
      async () => (await platform.as.auditor.get<{ items: (OperationView & { investorId: string | null })[] }>(`/v1/tokens/${token.id}/operations`)).body.items.filter((o) => o.kind === 'FREEZE' && o.investorId === vera.id),
      (ops) => ops.length === 1 && ops[0]!.custodyTxId !== null,
      'freeze submitted',
    )
    await approveCustodyTx(custody, freeze[0]!.custodyTxId!)
    await pollUntil(() => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'isFrozen', args: [vera.walletAddress!] }), (f) => f, 'Vera frozen')
    recordBlock = await chain.publicClient.getBlockNumber()
    expect((await platform.as['compliance-officer'].put('/v1/withholding/default', { rateBps: 1_000 })).status).toBe(200)
    expect((await platform.as['compliance-officer'].put('/v1/withholding/countries/DE', { rateBps: 1_500, reason: 'DE treaty' })).status).toBe(200)
  }, 600_000)
  afterAll(async () => {
    await receiver?.close()
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('refuses terms it could not honour, explaining why, and records nothing', async () => {
    const now = platform.clock.now().getTime()
    const base = { kind: 'DIVIDEND', amountPerToken: '2000000', recordBlock: recordBlock.toString(), paymentDate: new Date(now + DAY).toISOString(), idempotencyKey: 'claims-bad' }
    const cases: [Record<string, unknown>, string, string][] = [
      [{ ...base, mode: 'CLAIM' }, 'DISTRIBUTION_CLAIM_DEADLINE_MISSING', 'claimDeadline'],
      [{ ...base, mode: 'CLAIM', claimDeadline: new Date(now + DAY).toISOString() }, 'DISTRIBUTION_CLAIM_DEADLINE_TOO_EARLY', 'claimDeadline'],
      [{ ...base, claimDeadline: new Date(now + 3 * DAY).toISOString() }, 'DISTRIBUTION_CLAIM_DEADLINE_NOT_ALLOWED', 'claimDeadline'],
      [{ ...base, autoClaim: false }, 'DISTRIBUTION_AUTO_CLAIM_NOT_ALLOWED', 'autoClaim'],
      [{ ...base, kind: 'STOCK_DIVIDEND', amountPerToken: '1', asset: chain.deployments.stablecoin }, 'DISTRIBUTION_STOCK_ASSET_NOT_TOKEN', 'asset'],
      [{ ...base, kind: 'STOCK_DIVIDEND', amountPerToken: '1', mode: 'CLAIM', claimDeadline: new Date(now + 3 * DAY).toISOString() }, 'DISTRIBUTION_STOCK_NOT_CLAIMABLE', 'mode'],
      [{ ...base, kind: 'STOCK_DIVIDEND', amountPerToken: '1', holdersPolicy: { frozen: 'ESCROW' } }, 'DISTRIBUTION_STOCK_POLICY_NOT_IN_KIND', 'holdersPolicy.frozen'],
      [{ ...base, kind: 'STOCK_DIVIDEND', amountPerToken: '1', holdersPolicy: { suspended: 'PAY' } }, 'DISTRIBUTION_STOCK_POLICY_NOT_IN_KIND', 'holdersPolicy.suspended'],
    ]
    for (const [body, code, field] of cases) {
      const res = await declare(body)
      expect([res.status, res.body.code, res.body.field], JSON.stringify(body)).toEqual([422, code, field])
    }
    expect((await declare({ ...base, mode: 'CLAIM', claimDeadline: new Date(now + 3 * DAY).toISOString(), autoClaim: 'yes' })).status).toBe(400)
    expect((await platform.as.auditor.get<{ items: unknown[] }>(`/v1/tokens/${token.id}/distributions`)).body.items).toEqual([])
  })

  it('opens a funded claim round on the payment date, keeping the withholding in the treasury', async () => {
    const now = platform.clock.now().getTime()
    const terms = { kind: 'DIVIDEND', amountPerToken: '2000000', recordBlock: recordBlock.toString(), paymentDate: new Date(now + DAY).toISOString(), mode: 'CLAIM', claimDeadline: new Date(now + 3 * DAY).toISOString() }
    const res = await declare({ ...terms, autoClaim: false, idempotencyKey: 'claims-div' })
    const resAuto = await declare({ ...terms, idempotencyKey: 'claims-div-auto' })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(resAuto.status, JSON.stringify(resAuto.body)).toBe(201)
    dist = res.body
    auto = resAuto.body
    expect([dist.autoClaim, auto.autoClaim]).toEqual([false, true])
    const frozen = await pollUntil(() => entitlements(dist.id), (e) => e.frozen === true, 'claim dividend snapshot')
    // Alice: 2,000 cUSD gross, 15 % withheld; Bob and Vera (escrowed): 1,000 gross each, 10 %.
    expect(frozen.totals).toMatchObject({ gross: '4000000000', withheld: '500000000', net: '2600000000', escrowed: '900000000', remainder: '0' })
    const early = await platform.as.operator.post<Problem>(`/v1/distributions/${dist.id}/claims`, { investorId: alice.id, idempotencyKey: 'alice-early' })
    expect([early.status, early.body.code]).toEqual([409, 'DISTRIBUTION_NOT_CLAIMABLE'])

    await approveBoth(dist.id)
    await pollUntil(() => entitlements(auto.id), (e) => e.frozen === true, 'auto-claim dividend snapshot')
    // Test setup, not a product path: the issuer funds its treasury vault with both dividends' nets and withholding.
    await fundStablecoin(chain, dist.vaults.treasury.address, 8_000_000_000n)
    const waiting = await pollUntil(() => getDist(dist.id), (d) => d.workflow?.step === 'await_payment_date', 'waiting for the payment date')
    expect(waiting.claimRound?.roundId ?? null).toBeNull()

    platform.clock.advance(DAY)
    const opened = (id: string) => pollUntil(() => getDist(id), (d) => d.status === 'CLAIMABLE' || d.workflow?.status === 'FAILED', 'claim round open', 120_000)
    const open = await opened(dist.id)
    expect(open.status, JSON.stringify(open.workflow)).toBe('CLAIMABLE')
    // The second round of the token is approved once the first is published (one payout at a time per treasury either way).
    // The stablecoin's issuer blocks Bob for a while: the first automatic claim of his net reverts.
    await setBlocked(bob.walletAddress!, true)
    await approveBoth(auto.id)
    const openAuto = await opened(auto.id)
    expect(openAuto.status, JSON.stringify(openAuto.workflow)).toBe('CLAIMABLE')
    const round = await chain.publicClient.readContract({ address: chain.deployments.distributions!.merkleDistributor, abi: merkleDistributorAbi, functionName: 'distributions', args: [open.claimRound!.roundId] })
    expect(round[2]).toBe(open.claimRound!.root)
    expect(round[3]).toBe(BigInt(Math.floor(Date.parse(open.claimDeadline!) / 1000)))
    expect(open.claimRound!.total).toBe('3500000000')
    // The withholding of both waits in the treasury: only what is claimed will have been paid.
    expect(await stablecoinBalance(chain, dist.vaults.treasury.address)).toBe(1_000_000_000n)
    expect(await stablecoinBalance(chain, dist.vaults.tax)).toBe(0n)
    // Vera's nets are claimed into the escrow vault by the platform at once, whatever autoClaim says.
    await pollUntil(() => stablecoinBalance(chain, dist.vaults.escrow), (b) => b === 1_800_000_000n, 'escrowed nets claimed to the escrow vault')
    const escrowed = await pollUntil(() => entitlements(dist.id), (e) => e.items.find((i) => i.investorId === vera.id)?.status === 'ESCROWED', 'Vera escrowed')
    expect(escrowed.items.find((i) => i.investorId === vera.id)!.txHash).toMatch(/^0x[0-9a-f]{64}$/)
    const nothing = await platform.as.operator.post<Problem>(`/v1/distributions/${dist.id}/claims`, { investorId: vera.id, idempotencyKey: 'vera-claim' })
    expect([nothing.status, nothing.body.code, nothing.body.detail]).toEqual([422, 'DISTRIBUTION_NOTHING_TO_CLAIM', expect.stringContaining('ESCROW')])
  })

  it('claims for the custodial holders when the round opens, each leaf once, unless declared autoClaim: false', async () => {
    // Bob's claim reverted (blocked on the stablecoin): reported, Alice's not held up, Bob's retried after a minute.
    const failed = await pollUntil(async () => events('distribution.payment.failed', auto.id), (es) => es.length >= 1, 'failed claim reported', 60_000)
    expect(failed.map((e) => e.data)).toEqual([expect.objectContaining({ investorId: bob.id, amount: '900000000', attempt: 1, next: 'RETRY' })])
    await pollUntil(() => entitlements(auto.id), (e) => e.items.find((i) => i.investorId === alice.id)?.status === 'CLAIMED', 'Alice claimed while Bob waits', 60_000)
    await setBlocked(bob.walletAddress!, false)
    platform.clock.advance(60_000)
    // Default autoClaim: custody claims Alice's and Bob's nets from their vaults without anyone asking.
    const claimed = await pollUntil(() => entitlements(auto.id), (e) => [alice.id, bob.id].every((id) => e.items.find((i) => i.investorId === id)?.status === 'CLAIMED'), 'custodial holders claimed', 60_000)
    expect(claimed.items.filter((i) => i.status === 'CLAIMED').map((i) => [i.investorId, i.net]).sort()).toEqual([[alice.id, '1700000000'], [bob.id, '900000000']].sort())
    expect(await stablecoinBalance(chain, alice.walletAddress!)).toBe(1_700_000_000n)
    expect(await stablecoinBalance(chain, bob.walletAddress!)).toBe(900_000_000n)
    const round = (await platform.as.auditor.get<{ items: Claim[] }>(`/v1/distributions/${auto.id}/claims`)).body.items
    expect(round.map((c) => [c.kind, c.status])).toEqual([['HOLDER', 'CLAIMED'], ['HOLDER', 'CLAIMED'], ['ESCROW', 'CLAIMED']])
    const bobs = round.find((c) => c.investorId === bob.id)!
    expect([bobs.attempts, bobs.externalTxId]).toEqual([2, `dist:${auto.id}:claim:${bobs.claimIndex}:attempt:2`])
    // Asked afterwards: the same claim, nothing paid again.
    const asked = await platform.as.operator.post<Claim>(`/v1/distributions/${auto.id}/claims`, { investorId: bob.id, idempotencyKey: 'bob-auto' })
    expect([asked.status, asked.body.status]).toEqual([200, 'CLAIMED'])
    const told = await pollUntil(async () => events('distribution.claimed', auto.id), (es) => es.length >= 2, 'distribution.claimed delivered for the automatic claims')
    expect(told.map((e) => e.data.investorId).sort()).toEqual([alice.id, bob.id].sort())
    // autoClaim: false: the holders' leaves wait for a request.
    const manual = (await platform.as.auditor.get<{ items: Claim[] }>(`/v1/distributions/${dist.id}/claims`)).body.items
    expect(manual.filter((c) => c.kind === 'HOLDER').map((c) => c.status)).toEqual(['OPEN', 'OPEN'])
  })

  it('claims a holder’s net through custody once, however often it is asked', async () => {
    const first = await platform.as.operator.post<Claim>(`/v1/distributions/${dist.id}/claims`, { investorId: alice.id, idempotencyKey: 'alice-claim-1' })
    expect(first.status, JSON.stringify(first.body)).toBe(202)
    expect(first.body).toMatchObject({ kind: 'HOLDER', investorId: alice.id, amount: '1700000000', status: 'REQUESTED' })
    const again = await platform.as['issuer-admin'].post<Claim>(`/v1/distributions/${dist.id}/claims`, { investorId: alice.id, idempotencyKey: 'alice-claim-2' })
    expect([again.status, again.body.claimIndex, again.body.externalTxId]).toEqual([200, first.body.claimIndex, first.body.externalTxId])
    const reused = await platform.as.operator.post<Problem>(`/v1/distributions/${dist.id}/claims`, { investorId: bob.id, idempotencyKey: 'alice-claim-1' })
    expect([reused.status, reused.body.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED'])

    const claimed = await pollUntil(() => entitlements(dist.id), (e) => e.items.find((i) => i.investorId === alice.id)?.status === 'CLAIMED', 'Alice claimed', 60_000)
    const mine = claimed.items.find((i) => i.investorId === alice.id)!
    expect(mine.txHash).toMatch(/^0x[0-9a-f]{64}$/)
    // 1,700 from the automatic claim of the other dividend, 1,700 from this one.
    expect(await stablecoinBalance(chain, alice.walletAddress!)).toBe(3_400_000_000n)
    // Asked once more after it was paid: the same claim, no second payment.
    const late = await platform.as.operator.post<Claim>(`/v1/distributions/${dist.id}/claims`, { investorId: alice.id, idempotencyKey: 'alice-claim-3' })
    expect([late.status, late.body.status, late.body.txHash]).toEqual([200, 'CLAIMED', mine.txHash])
    expect(await stablecoinBalance(chain, alice.walletAddress!)).toBe(3_400_000_000n)
    const told = await pollUntil(async () => events('distribution.claimed', dist.id), (es) => es.length >= 1, 'distribution.claimed delivered')
    expect(told.map((e) => e.data)).toEqual([expect.objectContaining({ investorId: alice.id, amount: '1700000000', txHash: mine.txHash })])
  })

  it('after the deadline returns what was not claimed to the treasury, exactly once, and reports it', async () => {
    platform.clock.advance(2 * DAY + 60_000)
    // The contract keeps the deadline in block time: the chain's clock passes it too.
    await chain.testClient.increaseTime({ seconds: 3 * 86_400 })
    await chain.testClient.mine({ blocks: 1 })
    const [closed, closedAuto] = (await Promise.all([dist.id, auto.id].map((id) => pollUntil(() => getDist(id), (d) => d.status === 'CLOSED' || d.workflow?.status === 'FAILED', 'claim round closed', 120_000)))) as [Distribution, Distribution]
    expect(closed.status, JSON.stringify(closed.workflow)).toBe('CLOSED')
    expect(closed.totals).toMatchObject({ claimed: '2600000000', reclaimed: '900000000' })
    // Everything of the automatic round was claimed: nothing came back, all its withholding was remitted.
    expect(closedAuto.status, JSON.stringify(closedAuto.workflow)).toBe('CLOSED')
    expect(closedAuto.totals).toMatchObject({ claimed: '3500000000', reclaimed: '0' })
    expect(closedAuto.claimRound).toMatchObject({ taxRemitted: '500000000' })
    const autoClaims = await chain.publicClient.getContractEvents({ address: chain.deployments.distributions!.merkleDistributor, abi: merkleDistributorAbi, eventName: 'Claimed', args: { id: closedAuto.claimRound!.roundId }, fromBlock: 0n })
    expect(autoClaims.map((l) => Number(l.args.index)).sort()).toEqual([0, 1, 2])
    // Bob's net of the manual round came back and his withholding stayed; Alice's and escrowed Vera's withholding went to the tax vault (plus the automatic round's 500).
    expect(await stablecoinBalance(chain, dist.vaults.treasury.address)).toBe(1_000_000_000n)
    expect(await stablecoinBalance(chain, dist.vaults.tax)).toBe(900_000_000n)
    expect(closed.claimRound).toMatchObject({ taxRemitted: '400000000', taxTxHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) })
    // Bob was paid by the automatic round only.
    expect(await stablecoinBalance(chain, bob.walletAddress!)).toBe(900_000_000n)
    const ents = await entitlements(dist.id)
    expect(ents.items.find((i) => i.investorId === bob.id)).toMatchObject({ status: 'UNCLAIMED', txHash: closed.claimRound!.reclaimTxHash })
    expect(ents.totals).toMatchObject({ claimed: '2600000000', reclaimed: '900000000' })

    const tooLate = await platform.as.operator.post<Problem>(`/v1/distributions/${dist.id}/claims`, { investorId: bob.id, idempotencyKey: 'bob-late' })
    expect([tooLate.status, tooLate.body.code]).toEqual([409, 'DISTRIBUTION_CLAIM_WINDOW_CLOSED'])
    const reclaims = await chain.publicClient.getContractEvents({ address: chain.deployments.distributions!.merkleDistributor, abi: merkleDistributorAbi, eventName: 'Reclaimed', args: { id: closed.claimRound!.roundId }, fromBlock: 0n })
    expect(reclaims.map((l) => l.args.amount)).toEqual([900_000_000n])
    const told = await pollUntil(async () => events('distribution.reclaimed', dist.id), (es) => es.length >= 1, 'distribution.reclaimed delivered')
    expect(told).toHaveLength(1)
    expect(told[0]!.data).toMatchObject({ reclaimedTotal: '900000000', claimedTotal: '2600000000', unclaimedHolders: [bob.walletAddress] })
    const audit = await platform.as.auditor.get<{ items: { action: string }[] }>(`/v1/audit/entries?targetId=${dist.id}&limit=100`)
    for (const a of ['distribution.claim_round_planned', 'distribution.claims_opened', 'distribution.claim_requested', 'distribution.claimed', 'distribution.reclaimed', 'distribution.closed']) expect(audit.body.items.map((e) => e.action), a).toContain(a)
    const autoAudit = await platform.as.auditor.get<{ items: { action: string; actor: string }[] }>(`/v1/audit/entries?targetId=${auto.id}&limit=100`)
    expect(autoAudit.body.items.filter((e) => e.action === 'distribution.claim_requested').map((e) => e.actor)).toEqual(['system:workflow:distribution', 'system:workflow:distribution'])
  })

  it('pays a stock dividend in new tokens through batch mint, floored, with the remainder reported', async () => {
    const at = await chain.publicClient.getBlockNumber()
    // 99 new tokens pro rata over 1,000 (Alice), 500 (Bob) and 500 (Vera, suspended: excluded): 49, 24 and 24, 2 left over.
    const res = await declare({ kind: 'STOCK_DIVIDEND', totalAmount: '99', recordBlock: at.toString(), paymentDate: platform.clock.now().toISOString(), idempotencyKey: 'claims-stock' })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const id = res.body.id
    const frozen = await pollUntil(() => entitlements(id), (e) => e.frozen === true, 'stock dividend snapshot')
    expect(frozen.totals).toMatchObject({ gross: '97', withheld: '0', net: '73', escrowed: '0', excluded: '24', remainder: '2' })
    expect(frozen.items.map((i) => [i.investorId, i.net, i.withholdingSource, i.treatment]).sort()).toEqual([[alice.id, '49', 'NONE', 'PAY'], [bob.id, '24', 'NONE', 'PAY'], [vera.id, '24', 'NONE', 'EXCLUDE']].sort())
    await approveBoth(id)

    const minting = await pollUntil(() => getDist(id), (d) => d.batchMintId !== null || d.workflow?.status === 'FAILED', 'stock dividend batch mint requested', 90_000)
    expect(minting.batchMintId, JSON.stringify(minting.workflow)).not.toBeNull()
    const batch = await pollUntil(async () => (await platform.as.auditor.get<{ chunks: { custodyTxId: string | null }[] }>(`/v1/assets/batch-mints/${minting.batchMintId}`)).body, (b) => b.chunks[0]?.custodyTxId != null, 'batch mint chunk submitted')
    await approveCustodyTx(custody, batch.chunks[0]!.custodyTxId!)
    const done = await pollUntil(() => getDist(id), (d) => d.status === 'DISBURSED' || d.workflow?.status === 'FAILED', 'stock dividend disbursed', 120_000)
    expect(done.status, JSON.stringify(done.workflow)).toBe('DISBURSED')
    expect(await tokenBalance(alice.walletAddress!)).toBe(1_049n)
    expect(await tokenBalance(bob.walletAddress!)).toBe(524n)
    expect(await tokenBalance(vera.walletAddress!)).toBe(500n)
    const ents = await entitlements(id)
    expect(ents.items.filter((i) => i.treatment === 'PAY').every((i) => i.status === 'PAID' && /^0x[0-9a-f]{64}$/.test(i.txHash ?? ''))).toBe(true)
    expect(ents.items.find((i) => i.investorId === vera.id)).toMatchObject({ status: 'EXCLUDED', txHash: null })
    const disbursed = await pollUntil(async () => events('dividend.disbursed', id), (es) => es.length === 1, 'dividend.disbursed delivered')
    // The statements: cash received and withheld, the stock dividend in token units, nothing for Bob's unclaimed dividend.
    type Statement = { totals: Record<string, string>; totalsByAsset: { asset: string; kind: string; gross: string; withheld: string; net: string }[]; items: { distributionId: string; status: string }[] }
    const statement = async (investor: InvestorView, paymentDate: string) => (await platform.as.auditor.get<Statement>(`/v1/investors/${investor.id}/statements?year=${new Date(paymentDate).getUTCFullYear()}`)).body
    const cashYear = (await getDist(dist.id)).paymentDate
    expect((await statement(alice, cashYear)).totals).toEqual({ gross: '4000000000', withheld: '600000000', net: '3400000000' })
    expect((await statement(alice, done.paymentDate)).totalsByAsset).toEqual(expect.arrayContaining([expect.objectContaining({ asset: token.addresses.token, kind: 'STOCK', net: '49', withheld: '0' })]))
    const ofBob = await statement(bob, cashYear)
    expect(ofBob.items).toEqual(expect.arrayContaining([expect.objectContaining({ distributionId: dist.id, status: 'UNCLAIMED' })]))
    expect(ofBob.totals).toEqual({ gross: '1000000000', withheld: '100000000', net: '900000000' })
    expect(disbursed[0]!.data).toMatchObject({ kind: 'STOCK_DIVIDEND', netTotal: '73', excludedTotal: '24', remainder: '2', batchMintId: minting.batchMintId })
  }, 240_000)
})
