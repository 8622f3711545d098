import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { tokenAbi } from '../../../chain/generated/abis.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { startTestPlatform, waitForInvestor, type TestPlatform } from '../../../test/platform.ts'
import { approveCustodyTx, deployToken, onboardInvestor, pollUntil, type InvestorView, type TokenView } from '../../../test/platform/tokens.ts'

type ChunkView = { index: number; firstItem: number; lastItem: number; holders: number; quantity: string; predictedGas: string; externalTxId: string; status: string; statusCode: string | null; custodyTxId: string | null; txHash: string | null }
type ItemView = { index: number; investorId: string; walletAddress: string; quantity: string; chunkIndex: number; status: string }
type BatchView = {
  id: string
  status: string
  statusCode: string | null
  statusReason: string | null
  itemCount: number
  totalQuantity: string
  chunkCount: number
  gasModel: { baseGas: string; perHolderGas: string; probe: string; chunkGasBudget: string; holdersPerChunk: number }
  chunks: ChunkView[]
  items: ItemView[]
}
type Problem = { code: string; itemIndex?: number; investorId?: string; reason?: string; restrictionCode?: number; problemCount?: number; problems?: { itemIndex: number; reason: string }[] }

/** Follows a batch to its end, approving (or rejecting) each chunk at custody as it waits for authorization. */
async function settleBatch(platform: TestPlatform, custody: TestCustody, id: string, decide: (c: ChunkView) => 'approve' | 'reject' = () => 'approve'): Promise<BatchView> {
  const acted = new Set<string>()
  return pollUntil(
    async () => {
      const b = (await platform.as.auditor.get<BatchView>(`/v1/assets/batch-mints/${id}`)).body
      for (const c of b.chunks) {
        if (!c.custodyTxId || c.status !== 'PENDING_AUTHORIZATION' || acted.has(c.custodyTxId)) continue
        acted.add(c.custodyTxId)
        if (decide(c) === 'approve') await approveCustodyTx(custody, c.custodyTxId)
        else expect((await custody.as['approver-1'].post(`/v1/transactions/${c.custodyTxId}/reject`, { comment: 'wrong list' })).status).toBe(200)
      }
      return b
    },
    (b) => b.status !== 'PROCESSING',
    `batch ${id}`,
    180_000,
  )
}

describe('batch mint through the platform API', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let token: TokenView
  let holders: InvestorView[]
  let american: InvestorView
  let rejected: InvestorView

  const post = (body: Record<string, unknown>) => platform.as['issuer-admin'].post<BatchView & Problem>('/v1/assets/batch-mint', body)
  const balanceOf = (a: Address) => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [a] })
  const totalSupply = () => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'totalSupply' })
  const batchTxs = async (batchId: string) => {
    const res = await custody.as.auditor.get<{ items: { externalTxId: string; status: string }[] }>(`/v1/transactions?sourceVaultId=${platform.roles.vaults.issuerAgent.id}&kind=USER&limit=200`)
    return res.body.items.filter((t) => t.externalTxId.startsWith(`batch-mint:${batchId}:`))
  }

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    platform = await startTestPlatform(chain, custody, { custodyWebhooks: true, env: { PLATFORM_KYC_AUTO_APPROVE: 'true' } })
    const people: [string, string][] = [
      ['Anna Berger', 'DE'],
      ['Bruno Keller', 'DE'],
      ['Chloe Martin', 'FR'],
      ['Dieter Vogel', 'DE'],
      ['Elise Moreau', 'FR'],
    ]
    const created = await platform.as['issuer-admin'].post<InvestorView>('/v1/investors', { name: 'Sara Tehrani', email: 'st@example.org', country: 'IR', type: 'individual' })
    ;[token, american, ...holders] = await Promise.all([
      deployToken(platform, custody, { name: 'Batch Equity', symbol: 'BTCH', decimals: 0, compliance: { allowedCountries: ['DE', 'FR'], maxBalance: '100000', supplyLimit: '1000000' } }),
      onboardInvestor(platform, 'Sam Walker', 'US'),
      ...people.map(([name, country]) => onboardInvestor(platform, name, country)),
    ])
    rejected = await waitForInvestor<InvestorView>(platform.as.auditor, created.body.id, (i) => i.status === 'REJECTED')
  }, 300_000)
  afterAll(async () => {
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('mints to every holder in chunks sized from gas, each through custody once approved', async () => {
    const items = holders.map((h, i) => ({ investorId: h.id, quantity: String((i + 1) * 100) }))
    // A small gas budget forces several chunks with five holders (the real budget fits ~70 first-time holders).
    const body = { tokenId: token.id, items, agreementRef: 'bonus-issue-2026', idempotencyKey: 'bm-first', maxChunkGas: 700_000 }
    const res = await post(body)
    expect(res.status).toBe(202)
    const b = res.body
    expect(b).toMatchObject({ status: 'PROCESSING', itemCount: 5, totalQuantity: '1500' })
    expect(b.gasModel.probe).toBe('first-time')
    expect(b.chunkCount).toBe(Math.ceil(5 / b.gasModel.holdersPerChunk))
    expect(b.chunkCount).toBeGreaterThanOrEqual(2)
    expect(b.chunks.map((c) => c.externalTxId)).toEqual(b.chunks.map((_, i) => `batch-mint:${b.id}:${i}`))
    expect(b.chunks.every((c) => BigInt(c.predictedGas) <= 700_000n)).toBe(true)
    expect(b.chunks.reduce((n, c) => n + c.holders, 0)).toBe(5)
    expect(b.items.map((i) => [i.investorId, i.quantity])).toEqual(items.map((i) => [i.investorId, i.quantity]))

    const done = await settleBatch(platform, custody, b.id)
    expect(done.status).toBe('COMPLETED')
    expect(done.chunks.every((c) => c.status === 'COMPLETED' && /^0x[0-9a-f]{64}$/.test(c.txHash ?? ''))).toBe(true)
    expect(done.items.every((i) => i.status === 'MINTED')).toBe(true)
    for (const [i, h] of holders.entries()) expect(await balanceOf(h.walletAddress!)).toBe(BigInt((i + 1) * 100))
    expect(await totalSupply()).toBe(1500n)

    // One custody transaction per chunk, and each chunk is an operation of the token.
    const txs = await batchTxs(b.id)
    expect(txs).toHaveLength(b.chunkCount)
    expect(txs.every((t) => t.status === 'COMPLETED')).toBe(true)
    const ops = await platform.as.auditor.get<{ items: { kind: string; externalTxId: string; status: string }[] }>(`/v1/tokens/${token.id}/operations`)
    expect(ops.body.items.filter((o) => o.kind === 'BATCH_MINT' && o.externalTxId.startsWith(`batch-mint:${b.id}:`))).toHaveLength(b.chunkCount)
    const audit = await platform.as.auditor.get<{ items: { action: string }[] }>(`/v1/audit/entries?targetId=${b.id}&limit=100`)
    const actions = audit.body.items.map((e) => e.action)
    expect(actions).toContain('batch_mint.requested')
    expect(actions.filter((a) => a === 'batch_mint.chunk_completed')).toHaveLength(b.chunkCount)
    expect(actions).toContain('batch_mint.completed')

    // The same key and body: the same batch, nothing minted twice. Another body under the key: 409.
    const again = await post(body)
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ id: b.id, status: 'COMPLETED' })
    const other = await post({ ...body, items: items.map((i) => ({ ...i, quantity: '1' })) })
    expect(other.status).toBe(409)
    expect(other.problem?.code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(await totalSupply()).toBe(1500n)
    expect(await batchTxs(b.id)).toHaveLength(b.chunkCount)
  }, 300_000)

  it('refuses the whole batch for one bad item, naming it, and records nothing', async () => {
    const batchesBefore = await platform.database.db.selectFrom('batch_mints').select('id').execute()
    const opsBefore = await platform.database.db.selectFrom('token_operations').select('id').execute()
    const supplyBefore = await totalSupply()
    const good = holders.slice(0, 3).map((h) => ({ investorId: h.id, quantity: '10' }))
    const refused = async (items: { investorId: string; quantity: string }[], key: string) => {
      const res = await post({ tokenId: token.id, items, agreementRef: 'x', idempotencyKey: key })
      expect(res.status).toBe(422)
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
      return res.problem as unknown as Problem
    }

    expect(await refused([...good.slice(0, 2), { investorId: rejected.id, quantity: '10' }], 'bad-inactive')).toMatchObject({ code: 'BATCH_MINT_ITEM_REFUSED', itemIndex: 2, investorId: rejected.id, reason: 'INVESTOR_NOT_ACTIVE' })
    expect(await refused([good[0]!, { investorId: holders[1]!.id, quantity: '0' }, { investorId: holders[2]!.id, quantity: '1.5' }], 'bad-qty')).toMatchObject({
      itemIndex: 1,
      reason: 'QUANTITY_INVALID',
      problemCount: 2,
      problems: [expect.objectContaining({ itemIndex: 1 }), expect.objectContaining({ itemIndex: 2, reason: 'QUANTITY_INVALID' })],
    })
    expect(await refused([...good, { investorId: holders[0]!.id, quantity: '5' }], 'bad-dup')).toMatchObject({ itemIndex: 3, reason: 'DUPLICATE_INVESTOR' })
    expect(await refused([...good, { investorId: 'no-such-investor', quantity: '5' }], 'bad-missing')).toMatchObject({ itemIndex: 3, reason: 'INVESTOR_NOT_FOUND' })
    // The token's own rules, read from the chain: the country module, the max-balance module.
    expect(await refused([good[0]!, { investorId: american.id, quantity: '10' }], 'bad-country')).toMatchObject({ itemIndex: 1, reason: 'COUNTRY_NOT_ALLOWED', problems: [expect.objectContaining({ restrictionCode: 9 })] })
    expect(await refused([...good.slice(0, 2), { investorId: holders[3]!.id, quantity: '100000' }], 'bad-max')).toMatchObject({ itemIndex: 2, reason: 'MAX_BALANCE_EXCEEDED' })
    // Each item alone fits the supply limit; together they do not (the total is checked before the items' chain checks).
    const supply = await post({ tokenId: token.id, items: holders.map((h) => ({ investorId: h.id, quantity: '250000' })), agreementRef: 'x', idempotencyKey: 'bad-supply' })
    expect(supply.status).toBe(422)
    expect(supply.problem).toMatchObject({ code: 'BATCH_MINT_SUPPLY_LIMIT_EXCEEDED', restrictionCode: 11 })
    // Schema limits and scopes.
    expect((await post({ tokenId: token.id, items: [], agreementRef: 'x', idempotencyKey: 'bad-empty' })).status).toBe(400)
    expect((await platform.as.auditor.post('/v1/assets/batch-mint', { tokenId: token.id, items: good, agreementRef: 'x', idempotencyKey: 'bad-aud' })).status).toBe(403)
    expect((await platform.as.auditor.get('/v1/assets/batch-mints/no-such-batch')).status).toBe(404)

    expect(await platform.database.db.selectFrom('batch_mints').select('id').execute()).toHaveLength(batchesBefore.length)
    expect(await platform.database.db.selectFrom('token_operations').select('id').execute()).toHaveLength(opsBefore.length)
    expect(await totalSupply()).toBe(supplyBefore)
  }, 120_000)

  it('ends the batch FAILED when a chunk’s custody transaction is rejected, and never sends the later chunks', async () => {
    const before = await Promise.all(holders.map((h) => balanceOf(h.walletAddress!)))
    const items = holders.slice(0, 3).map((h) => ({ investorId: h.id, quantity: '7' }))
    const res = await platform.as.operator.post<BatchView>('/v1/assets/batch-mint', { tokenId: token.id, items, agreementRef: 'top-up', idempotencyKey: 'bm-rejected', maxChunkGas: 700_000 })
    expect(res.status).toBe(202)
    // Every holder already holds the token: the probe measures existing holders and bounds a first-time one.
    expect(res.body.gasModel.probe).toBe('existing')
    expect(res.body.chunkCount).toBeGreaterThanOrEqual(2)

    const failed = await settleBatch(platform, custody, res.body.id, () => 'reject')
    expect(failed).toMatchObject({ status: 'FAILED', statusCode: 'CUSTODY_TX_REJECTED' })
    expect(failed.statusReason).toMatch(/^chunk 0 /)
    expect(failed.chunks[0]).toMatchObject({ status: 'FAILED', statusCode: 'CUSTODY_TX_REJECTED' })
    expect(failed.chunks.slice(1).every((c) => c.status === 'NOT_SENT' && c.custodyTxId === null)).toBe(true)
    expect(failed.items.map((i) => i.status)).toEqual(failed.items.map((i) => (i.chunkIndex === 0 ? 'FAILED' : 'NOT_SENT')))
    expect(await batchTxs(res.body.id)).toHaveLength(1)
    expect(await Promise.all(holders.map((h) => balanceOf(h.walletAddress!)))).toEqual(before)
  }, 180_000)
})
