import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { erc20Abi, type Address, type Hash } from 'viem'
import { devStablecoinAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import { waitForReceipt } from '../../../chain/wait-for-receipt.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { startTestPlatform, type TestPlatform } from '../../../test/platform.ts'
import { mintSettled, approveCustodyTx, deployToken, onboardInvestor, pollUntil, settleOperation, type InvestorView, type OperationView, type TokenView } from '../../../test/platform/tokens.ts'
import { DAY, fundStablecoin, stablecoinBalance } from '../../../test/platform/offerings.ts'
import { startTestReceiver, type TestReceiver } from '../../../shared/webhooks/test-receiver.ts'

type Entitlement = { holder: Address; investorId: string | null; balance: string; gross: string; withholdingRateBps: number; withholdingSource: string; withheld: string; net: string; treatment: string; status: string; txHash: string | null }
type Entitlements = { frozen: boolean; recordBlock: string; totals: Record<string, string>; items: Entitlement[] }
type Distribution = {
  id: string
  status: string
  recordBlock: string | null
  totals: Record<string, string | null>
  approvals: { role: string; as: string }[]
  vaults: { treasury: { vaultId: string; address: Address }; tax: Address; escrow: Address }
  chunks: { index: number; status: string; externalTxId: string; txHash: string | null; reconciledAt: string | null }[]
  workflow: { status: string; step: string; waitingFor: string | null } | null
}
type Statement = { totals: { gross: string; withheld: string; net: string }; items: { distributionId: string; gross: string; withheld: string; withholdingRateBps: number; net: string; status: string; txHash: string | null; paymentDate: string }[] }

const PER_TOKEN = 2_000_000n // 2 cUSD per token (the token has no decimals)

/**
 * A dividend through the platform API only: Alice (DE, treaty rate 15 %) and
 * Tomas (AT, default 25 %) hold the token; Tomas is frozen by a sanctions hit
 * and the policy escrows frozen holders; Alice sells to Carol after the record
 * block, which must not change who is paid. Declared, previewed, approved by
 * the issuer-admin and the compliance officer, paid on the payment date (not
 * before): balances on-chain equal the entitlements, statements show the
 * withholding, and `dividend.disbursed` arrives.
 */
describe('a dividend at a record block, with withholding, escrow and two approvals', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let receiver: TestReceiver
  let token: TokenView
  let alice: InvestorView, tomas: InvestorView, carol: InvestorView
  let recordBlock: bigint
  let dist: Distribution

  const tokenBalance = (a: Address) => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [a] })
  const getDist = async (id: string) => (await platform.as.auditor.get<Distribution>(`/v1/distributions/${id}`)).body
  const mint = (investor: InvestorView, quantity: string, key: string) => mintSettled(platform, custody, token.id, investor, quantity, key)

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    platform = await startTestPlatform(chain, custody, { custodyWebhooks: true, env: { PLATFORM_KYC_AUTO_APPROVE: 'true', PLATFORM_INDEXER_POLL_MS: '100', PLATFORM_INDEXER_CONFIRMATIONS: '0', PLATFORM_RECONCILE_INTERVAL_MS: '0' } })
    receiver = await startTestReceiver(platform.clock)
    const sub = await platform.as['issuer-admin'].post<{ secret: string }>('/v1/webhooks', { url: receiver.url, events: ['distribution.*', 'dividend.*'] })
    expect(sub.status).toBe(201)
    receiver.secrets.push(sub.body.secret)
    ;[alice, tomas, carol, token] = await Promise.all([
      onboardInvestor(platform, 'Alice Example', 'DE'),
      onboardInvestor(platform, 'Tomas Holm', 'AT'),
      onboardInvestor(platform, 'Carol Exemple', 'DE'),
      deployToken(platform, custody, { name: 'Dividend Fund', symbol: 'DIVF', decimals: 0 }),
    ])
    await mint(alice, '1000', 'div-alice')
    await mint(tomas, '500', 'div-tomas')
    const unpause = await platform.as['issuer-admin'].post<OperationView>(`/v1/tokens/${token.id}/unpause`)
    expect((await settleOperation(platform, custody, `/v1/tokens/${token.id}/operations/${unpause.body.id}`, unpause.body)).status).toBe('COMPLETED')

    // A sanctions hit suspends Tomas and freezes his wallet (a custody approver signs the freeze off).
    appendFileSync(join(platform.sanctionsDir, 'SDN.CSV'), '90277,"HOLM, Tomas","individual","SDGT","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","DOB 1975."\r\n')
    const reload = await platform.as['compliance-officer'].post<{ suspended: string[] }>('/v1/kyc/sanctions-list/reload')
    expect(reload.body.suspended).toEqual([tomas.id])
    const freeze = await pollUntil(
      async () => (await platform.as.auditor.get<{ items: (OperationView & { investorId: string | null })[] }>(`/v1/tokens/${token.id}/operations`)).body.items.filter((o) => o.kind === 'FREEZE' && o.investorId === tomas.id),
      (ops) => ops.length === 1 && ops[0]!.custodyTxId !== null,
      'freeze submitted',
    )
    await approveCustodyTx(custody, freeze[0]!.custodyTxId!)
    await pollUntil(() => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'isFrozen', args: [tomas.walletAddress!] }), (f) => f, 'Tomas frozen')
    recordBlock = await chain.publicClient.getBlockNumber()

    // After the record block Alice sells 100 to Carol: the dividend still goes to Alice.
    const xfer = await platform.as.operator.post<OperationView>('/v1/transfers', { tokenId: token.id, fromInvestorId: alice.id, toInvestorId: carol.id, quantity: '100', idempotencyKey: 'div-xfer' })
    expect(xfer.status).toBe(202)
    const done = await settleOperation(platform, custody, `/v1/transfers/${xfer.body.id}`, xfer.body, false)
    expect(done.status).toBe('COMPLETED')
    expect((await chain.publicClient.getTransactionReceipt({ hash: done.txHash as Hash })).blockNumber).toBeGreaterThan(recordBlock)
    expect(await tokenBalance(carol.walletAddress!)).toBe(100n)
  }, 600_000)
  afterAll(async () => {
    await receiver?.close()
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('keeps a default rate, a treaty rate per country and an investor override on file, audited', async () => {
    expect((await platform.as['compliance-officer'].put('/v1/withholding/default', { rateBps: 2_500 })).status).toBe(200)
    expect((await platform.as['compliance-officer'].put('/v1/withholding/countries/de', { rateBps: 1_500, reason: 'DE treaty' })).status).toBe(200)
    // Carol's exemption expired before the payment date: it does not apply (she is not paid anyway).
    const override = await platform.as['compliance-officer'].put(`/v1/investors/${carol.id}/withholding`, { rateBps: 0, expiresAt: new Date(platform.clock.now().getTime() + 1_000).toISOString(), reason: 'W-8BEN on file' })
    expect(override.status).toBe(200)
    expect((await platform.as['issuer-admin'].put('/v1/withholding/default', { rateBps: 0 })).status).toBe(403)
    const rates = await platform.as.auditor.get<{ items: { scope: string; subject: string; rateBps: number }[] }>('/v1/withholding/rates')
    expect(rates.body.items.map((r) => [r.scope, r.subject, r.rateBps])).toEqual([['COUNTRY', 'DE', 1_500], ['DEFAULT', '*', 2_500], ['INVESTOR', carol.id, 0]])
  })

  it('refuses a declaration it could not pay, explaining why, and records nothing', async () => {
    const base = { kind: 'DIVIDEND', amountPerToken: PER_TOKEN.toString(), recordBlock: recordBlock.toString(), paymentDate: new Date(platform.clock.now().getTime() + DAY).toISOString(), idempotencyKey: 'div-bad' }
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...base, totalAmount: '5' }, 422, 'DISTRIBUTION_AMOUNT_MISSING'],
      [{ ...base, amountPerToken: '0' }, 422, 'DISTRIBUTION_AMOUNT_NOT_POSITIVE'],
      [{ ...base, recordDate: new Date().toISOString() }, 422, 'DISTRIBUTION_RECORD_POINT_MISSING'],
      [{ ...base, paymentDate: new Date(platform.clock.now().getTime() - DAY).toISOString() }, 422, 'DISTRIBUTION_PAYMENT_DATE_PAST'],
      [{ ...base, asset: token.addresses.token }, 422, 'DISTRIBUTION_ASSET_IS_TOKEN'],
      [{ ...base, kind: 'STOCK_DIVIDEND', mode: 'CLAIM' }, 422, 'DISTRIBUTION_STOCK_NOT_CLAIMABLE'],
      [{ ...base, holdersPolicy: { frozen: 'MAYBE' } }, 400, 'VALIDATION_FAILED'],
    ]
    for (const [body, status, code] of cases) {
      const res = await platform.as['issuer-admin'].post<{ code: string; field?: string }>(`/v1/tokens/${token.id}/distributions`, body)
      expect([res.status, res.body.code], JSON.stringify(body)).toEqual([status, code])
    }
    expect((await platform.as.operator.post(`/v1/tokens/${token.id}/distributions`, base)).status).toBe(403)
    expect((await platform.as.auditor.get<{ items: unknown[] }>(`/v1/tokens/${token.id}/distributions`)).body.items).toEqual([])
  })

  it('declares a dividend idempotently and previews the entitlements at the record block', async () => {
    const body = { kind: 'DIVIDEND', amountPerToken: PER_TOKEN.toString(), recordBlock: recordBlock.toString(), paymentDate: new Date(platform.clock.now().getTime() + DAY).toISOString(), holdersPolicy: { frozen: 'ESCROW' }, mode: 'PUSH', idempotencyKey: 'div-2026-q4' }
    const res = await platform.as['issuer-admin'].post<Distribution>(`/v1/tokens/${token.id}/distributions`, body)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    dist = res.body
    expect((await platform.as['issuer-admin'].post<Distribution>(`/v1/tokens/${token.id}/distributions`, body)).body.id).toBe(dist.id)
    expect((await platform.as['issuer-admin'].post<{ code: string }>(`/v1/tokens/${token.id}/distributions`, { ...body, amountPerToken: '3' })).body.code).toBe('IDEMPOTENCY_KEY_REUSED')

    const snapshot = await pollUntil(async () => (await platform.as.auditor.get<Entitlements>(`/v1/distributions/${dist.id}/entitlements`)), (r) => r.status === 200 && r.body.frozen, 'entitlements frozen at the record block')
    const byHolder = new Map(snapshot.body.items.map((e) => [e.investorId, e]))
    expect(snapshot.body.recordBlock).toBe(recordBlock.toString())
    expect(byHolder.has(carol.id)).toBe(false)
    expect(byHolder.get(alice.id)).toMatchObject({ balance: '1000', gross: '2000000000', withholdingRateBps: 1_500, withholdingSource: 'COUNTRY:DE', withheld: '300000000', net: '1700000000', treatment: 'PAY', status: 'PENDING' })
    expect(byHolder.get(tomas.id)).toMatchObject({ balance: '500', gross: '1000000000', withholdingRateBps: 2_500, withholdingSource: 'DEFAULT', withheld: '250000000', net: '750000000', treatment: 'ESCROW' })
    expect(snapshot.body.totals).toEqual({ gross: '3000000000', withheld: '550000000', net: '1700000000', escrowed: '750000000', excluded: '0', remainder: '0' })
  })

  it('needs the issuer-admin and the compliance officer, two distinct principals, to approve', async () => {
    const first = await platform.as['issuer-admin'].post<Distribution>(`/v1/distributions/${dist.id}/approvals`)
    expect(first.status).toBe(200)
    expect(first.body.status).toBe('SNAPSHOTTED')
    // The same principal again counts once.
    expect((await platform.as['issuer-admin'].post<Distribution>(`/v1/distributions/${dist.id}/approvals`)).body.approvals).toHaveLength(1)
    expect((await platform.as.operator.post(`/v1/distributions/${dist.id}/approvals`)).status).toBe(403)
    const second = await platform.as['compliance-officer'].post<Distribution>(`/v1/distributions/${dist.id}/approvals`)
    expect(second.body).toMatchObject({ status: 'APPROVED', approvals: [{ role: 'issuer-admin', as: 'issuer' }, { role: 'compliance-officer', as: 'compliance' }] })
  })

  it('pays nothing before the payment date, then pays every holder once on it', async () => {
    const treasury = dist.vaults.treasury.address
    // Test setup, not a product path: the issuer funds its treasury vault with cUSD.
    await fundStablecoin(chain, treasury, 3_000_000_000n)
    const waiting = await pollUntil(() => getDist(dist.id), (d) => d.workflow?.step === 'await_payment_date', 'waiting for the payment date')
    expect(waiting.status).toBe('APPROVED')
    expect(await stablecoinBalance(chain, alice.walletAddress!)).toBe(0n)

    platform.clock.advance(DAY)
    const paid = await pollUntil(() => getDist(dist.id), (d) => d.status === 'DISBURSED' || d.workflow?.status === 'FAILED', 'distribution disbursed', 120_000)
    expect(paid.status, JSON.stringify(paid.workflow)).toBe('DISBURSED')
    expect(paid.chunks).toHaveLength(1)
    expect(paid.chunks[0]).toMatchObject({ status: 'COMPLETED', externalTxId: `dist:${dist.id}:chunk:0` })
    expect(paid.chunks[0]!.reconciledAt).not.toBeNull()

    // On-chain balances equal the entitlements: Alice her net, Carol (bought after the record block) nothing,
    // Tomas nothing (frozen: his net is in escrow), the tax vault everything withheld.
    expect(await stablecoinBalance(chain, alice.walletAddress!)).toBe(1_700_000_000n)
    expect(await stablecoinBalance(chain, carol.walletAddress!)).toBe(0n)
    expect(await stablecoinBalance(chain, tomas.walletAddress!)).toBe(0n)
    expect(await stablecoinBalance(chain, dist.vaults.escrow)).toBe(750_000_000n)
    expect(await stablecoinBalance(chain, dist.vaults.tax)).toBe(550_000_000n)
    expect(await stablecoinBalance(chain, treasury)).toBe(0n)
    const allowance = await chain.publicClient.readContract({ address: chain.deployments.stablecoin, abi: erc20Abi, functionName: 'allowance', args: [treasury, chain.deployments.distributions!.payoutBatch] })
    expect(allowance).toBe(0n)

    const ents = (await platform.as.auditor.get<Entitlements>(`/v1/distributions/${dist.id}/entitlements`)).body.items
    expect(ents.map((e) => [e.investorId, e.status, e.txHash])).toEqual(expect.arrayContaining([[alice.id, 'PAID', paid.chunks[0]!.txHash], [tomas.id, 'ESCROWED', paid.chunks[0]!.txHash]]))
  })

  it('shows the withholding on the investor statements (JSON and CSV)', async () => {
    const year = platform.clock.now().getUTCFullYear()
    const json = await platform.as.auditor.get<Statement>(`/v1/investors/${alice.id}/statements?year=${year}`)
    expect(json.status).toBe(200)
    expect(json.body.totals).toEqual({ gross: '2000000000', withheld: '300000000', net: '1700000000' })
    expect(json.body.items).toEqual([expect.objectContaining({ distributionId: dist.id, withholdingRateBps: 1_500, status: 'PAID', txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) })])
    const csv = await platform.as.auditor.get<string>(`/v1/investors/${alice.id}/statements?year=${year}&format=csv`)
    expect(csv.status).toBe(200)
    const lines = String(csv.body).trim().split('\r\n')
    expect(lines[0]).toContain('gross,withholdingRateBps,withholdingSource,withheld,net')
    expect(lines[1]).toContain(',2000000000,1500,COUNTRY:DE,300000000,1700000000,PAID,')
    expect((await platform.as.auditor.get<Statement>(`/v1/investors/${alice.id}/statements?year=${year - 1}`)).body.items).toEqual([])
  })

  it('tells subscribers: created, approved, and dividend.disbursed once every holder is settled; every step is audited', async () => {
    await receiver.waitFor(3, 30_000)
    const types = receiver.received.map((r) => (r.body as { type: string }).type)
    expect(types).toEqual(expect.arrayContaining(['distribution.created', 'distribution.approved', 'dividend.disbursed']))
    const disbursed = receiver.received.map((r) => r.body as { type: string; data: Record<string, unknown> }).find((e) => e.type === 'dividend.disbursed')!
    expect(disbursed.data).toMatchObject({ distributionId: dist.id, netTotal: '1700000000', withheldTotal: '550000000', escrowedTotal: '750000000', holders: { PAID: 1, ESCROWED: 1 } })
    // The distribution's own changes, and the steps of its workflow.
    const actions: string[] = []
    for (const target of [dist.id, `distribution:${dist.id}`]) {
      const audit = await platform.as.auditor.get<{ items: { action: string }[] }>(`/v1/audit/entries?targetId=${encodeURIComponent(target)}&limit=100`)
      actions.push(...audit.body.items.map((e) => e.action))
    }
    for (const a of ['distribution.created', 'distribution.snapshotted', 'distribution.approval_recorded', 'distribution.approved', 'distribution.payment_started', 'distribution.funded', 'distribution.chunk_paid', 'distribution.disbursed']) expect(actions, a).toContain(a)
  })

  it('pays two distributions of one token that fall due together one after the other, each in full, from the one treasury', async () => {
    const at = await chain.publicClient.getBlockNumber()
    const before = { alice: await stablecoinBalance(chain, alice.walletAddress!), carol: await stablecoinBalance(chain, carol.walletAddress!) }
    const due = platform.clock.now().toISOString()
    const ids: string[] = []
    let treasury: Address | undefined
    for (const key of ['twin-coupon-a', 'twin-coupon-b']) {
      const res = await platform.as['issuer-admin'].post<Distribution>(`/v1/tokens/${token.id}/distributions`, { kind: 'COUPON', totalAmount: '1000000', recordBlock: at.toString(), paymentDate: due, holdersPolicy: { frozen: 'EXCLUDE', suspended: 'EXCLUDE' }, idempotencyKey: key })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      ids.push(res.body.id)
      treasury = res.body.vaults.treasury.address
    }
    for (const id of ids) await pollUntil(async () => (await platform.as.auditor.get<Entitlements>(`/v1/distributions/${id}/entitlements`)).body, (e) => e.frozen === true, 'twin snapshot')
    // Enough for both (net 566,667 + withheld 99,999 each): each approval alone would replace the other's allowance.
    await fundStablecoin(chain, treasury!, 2n * (566_667n + 99_999n))
    for (const id of ids) {
      await platform.as['issuer-admin'].post(`/v1/distributions/${id}/approvals`)
      await platform.as['compliance-officer'].post(`/v1/distributions/${id}/approvals`)
    }
    const done = await Promise.all(ids.map((id) => pollUntil(() => getDist(id), (d) => d.status === 'DISBURSED' || d.workflow?.status === 'FAILED', 'twin coupon disbursed', 120_000)))
    expect(done.map((d) => [d.status, d.workflow?.status])).toEqual([
      ['DISBURSED', 'DONE'],
      ['DISBURSED', 'DONE'],
    ])
    expect(await stablecoinBalance(chain, alice.walletAddress!)).toBe(before.alice + 2n * 510_000n)
    expect(await stablecoinBalance(chain, carol.walletAddress!)).toBe(before.carol + 2n * 56_667n)
  })

  it('reports a holder whose payment reverts, pays the others, and keeps the failed money in escrow', async () => {
    // The stablecoin's issuer blocks Carol's address: a transfer to it reverts.
    const hash = await chain.deployer.writeContract({ address: chain.deployments.stablecoin, abi: devStablecoinAbi, functionName: 'setBlocked', args: [carol.walletAddress!, true] })
    expect((await waitForReceipt(chain.publicClient, hash)).status).toBe('success')
    const at = await chain.publicClient.getBlockNumber()
    const before = { alice: await stablecoinBalance(chain, alice.walletAddress!), carol: await stablecoinBalance(chain, carol.walletAddress!), escrow: await stablecoinBalance(chain, dist.vaults.escrow), tax: await stablecoinBalance(chain, dist.vaults.tax) }
    // 1 cUSD pro rata over 900 (Alice), 100 (Carol) and 500 (Tomas, frozen: excluded this time).
    const res = await platform.as['issuer-admin'].post<Distribution>(`/v1/tokens/${token.id}/distributions`, {
      kind: 'COUPON',
      totalAmount: '1000000',
      recordBlock: at.toString(),
      paymentDate: platform.clock.now().toISOString(),
      holdersPolicy: { frozen: 'EXCLUDE', suspended: 'EXCLUDE' },
      idempotencyKey: 'coupon-blocked',
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const id = res.body.id
    const frozen = await pollUntil(async () => (await platform.as.auditor.get<Entitlements>(`/v1/distributions/${id}/entitlements`)).body, (e) => e.frozen === true, 'coupon snapshot')
    expect(frozen.totals).toEqual({ gross: '999999', withheld: '99999', net: '566667', escrowed: '0', excluded: '333333', remainder: '1' })
    await fundStablecoin(chain, res.body.vaults.treasury.address, 566_667n + 99_999n)
    await platform.as['issuer-admin'].post(`/v1/distributions/${id}/approvals`)
    await platform.as['compliance-officer'].post(`/v1/distributions/${id}/approvals`)

    const done = await pollUntil(() => getDist(id), (d) => d.status === 'DISBURSED' || d.workflow?.status === 'FAILED', 'coupon disbursed', 120_000)
    expect(done.status, JSON.stringify(done.workflow)).toBe('DISBURSED')
    // The first chunk paid Alice and the tax vault and reported Carol; a second chunk moved Carol's net to escrow.
    expect(done.chunks.map((c) => [c.index, c.status, c.reconciledAt !== null])).toEqual([[0, 'COMPLETED', true], [1, 'COMPLETED', true]])
    expect((done.chunks[0] as unknown as { failed: { to: string; amount: string }[] }).failed).toEqual([{ to: carol.walletAddress, amount: '56667' }])
    expect(await stablecoinBalance(chain, alice.walletAddress!)).toBe(before.alice + 510_000n)
    expect(await stablecoinBalance(chain, carol.walletAddress!)).toBe(before.carol)
    expect(await stablecoinBalance(chain, dist.vaults.escrow)).toBe(before.escrow + 56_667n)
    expect(await stablecoinBalance(chain, dist.vaults.tax)).toBe(before.tax + 99_999n)
    const ents = (await platform.as.auditor.get<Entitlements & { items: (Entitlement & { statusReason: string | null })[] }>(`/v1/distributions/${id}/entitlements`)).body.items
    expect(ents.find((e) => e.investorId === carol.id)).toMatchObject({ status: 'ESCROWED', statusReason: 'payment failed; kept in the escrow vault' })
    expect(ents.find((e) => e.investorId === tomas.id)).toMatchObject({ treatment: 'EXCLUDE', status: 'EXCLUDED' })

    const failed = await pollUntil(
      async () => receiver.received.map((r) => r.body as { type: string; data: { distributionId?: string; holder?: string } }).filter((e) => e.type === 'distribution.payment.failed' && e.data.distributionId === id),
      (es) => es.length === 1,
      'distribution.payment.failed delivered',
    )
    expect(failed[0]!.data).toMatchObject({ holder: carol.walletAddress, amount: '56667', next: 'ESCROW' })
  })
})
