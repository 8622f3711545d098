// @postgres-pass: the cap table from the index.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWalletClient, http, type Address, type Hash } from 'viem'
import { tokenAbi } from '../../../chain/generated/abis.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { startTestPlatform, type TestPlatform } from '../../../test/platform.ts'
import { mintSettled, deployToken, onboardInvestor, pollUntil, settleOperation, type InvestorView, type OperationView, type TokenView } from '../../../test/platform/tokens.ts'
import { waitForReceipt } from '../../../chain/wait-for-receipt.ts'

type Holder = { address: Address; investorId: string | null; balance: string; frozen: boolean; frozenTokens: string; identity: string | null }
type Holders = { tokenId: string; block: { number: string; hash: string | null }; indexedHead: string; totals: { holders: number; supply: string }; items: Holder[]; nextCursor: string | null }
type Holdings = { investorId: string; walletAddress: Address | null; items: { tokenId: string; balance: string; frozen: boolean; frozenTokens: string; block: { number: string } }[] }
type Alert = { id: string; kind: string; status: string; tokenId: string | null; operationId: string | null; txHash: string | null; details: { moves?: { from: string; to: string; amount: string }[] } }
type RunResult = { status: string; operations: { checked: number; matched: number; pending: number; drifted: number }; transfers: { unexplained: number }; supply: { tokenId: string; status: string }[]; raised: Alert[]; openAlerts: number }

describe('the cap table follows the chain, and reconciliation compares it with the platform’s operations', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let token: TokenView
  let alice: InvestorView, bob: InvestorView
  let transferBlock: bigint

  const holders = (query = '') => platform.as.auditor.get<Holders>(`/v1/tokens/${token.id}/holders${query}`)
  const balanceOf = (a: Address, blockNumber?: bigint) => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [a], blockNumber })
  /** Waits until the indexer has read the token up to `block`. */
  const indexedTo = (block: bigint) =>
    pollUntil(
      async () => (await holders()).body,
      (h) => h.indexedHead !== undefined && BigInt(h.indexedHead) >= block,
      `cap table indexed to block ${block}`,
    )
  const blockOf = async (hash: string) => (await chain.publicClient.getTransactionReceipt({ hash: hash as Hash })).blockNumber
  const mint = (investor: InvestorView, quantity: string, key: string) => mintSettled(platform, custody, token.id, investor, quantity, key)
  /**
   * The issuer-agent's on-chain agent power, used directly (impersonated): the platform never asked for this.
   * Its transactions take nonces custody counts as its own, so the tests using it come last.
   */
  const asAgent = async (fn: 'forcedTransfer' | 'setAddressFrozen' | 'freezePartialTokens', args: readonly unknown[]) => {
    const agent = platform.roles.vaults.issuerAgent.address
    // Custody may still be sending one of the vault's own transactions again (the reorg test drops
    // its mint, which custody re-broadcasts at the same nonce): wait until the vault is idle, or
    // the impersonated send would race it for that nonce.
    await pollUntil(
      async () => {
        const inFlight = await custody.service.ctx.db
          .selectFrom('transactions')
          .select('id')
          .where('source_vault_id', '=', platform.roles.vaults.issuerAgent.id)
          .where('status', 'in', ['QUEUED', 'PENDING_SIGNATURE', 'BROADCASTING', 'CONFIRMING'])
          .execute()
        const [pending, latest] = await Promise.all([
          chain.publicClient.getTransactionCount({ address: agent, blockTag: 'pending' }),
          chain.publicClient.getTransactionCount({ address: agent, blockTag: 'latest' }),
        ])
        return { inFlight: inFlight.length, pending, latest }
      },
      (s) => s.inFlight === 0 && s.pending === s.latest,
      'the issuer-agent vault has nothing in flight',
    )
    await chain.testClient.impersonateAccount({ address: agent })
    await chain.testClient.setBalance({ address: agent, value: 10n ** 20n })
    const w = createWalletClient({ account: agent, chain: chain.publicClient.chain, transport: http(chain.rpcUrl) })
    const hash = await w.writeContract({ address: token.addresses.token!, abi: tokenAbi, functionName: fn, args: args as never })
    const receipt = await waitForReceipt(chain.publicClient, hash)
    expect(receipt.status).toBe('success')
    await chain.testClient.stopImpersonatingAccount({ address: agent })
    return receipt
  }
  const run = async () => {
    const res = await platform.as.operator.post<RunResult>('/v1/reconciliation/run')
    expect(res.status).toBe(200)
    return res.body
  }
  /**
   * The cap table equals the chain's balances at the block it was read at. Read at that
   * block, not the tip: custody may land a transaction (a re-sent reorged mint) meanwhile.
   */
  const expectChainBalances = async (h: Holders) => {
    const at = BigInt(h.block.number)
    for (const x of h.items) expect({ address: x.address, balance: x.balance }).toEqual({ address: x.address, balance: (await balanceOf(x.address, at)).toString() })
    for (const i of [alice, bob]) {
      const listed = h.items.find((x) => x.address === i.walletAddress)
      expect(listed?.balance ?? '0').toBe((await balanceOf(i.walletAddress!, at)).toString())
    }
  }

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    platform = await startTestPlatform(chain, custody, {
      custodyWebhooks: true,
      // Small ranges so the indexer reads the chain in several; reconciliation only when asked.
      env: { PLATFORM_KYC_AUTO_APPROVE: 'true', PLATFORM_INDEXER_POLL_MS: '100', PLATFORM_INDEXER_BLOCK_RANGE: '25', PLATFORM_INDEXER_CONFIRMATIONS: '0', PLATFORM_RECONCILE_INTERVAL_MS: '0' },
    })
    ;[alice, bob, token] = await Promise.all([
      onboardInvestor(platform, 'Alice Example', 'DE'),
      onboardInvestor(platform, 'Bob Beispiel', 'AT'),
      deployToken(platform, custody, { name: 'Acme Equity', symbol: 'ACME', decimals: 0 }),
    ])
    await mint(alice, '600', 'cap-alice')
    await mint(bob, '400', 'cap-bob')
    const unpause = await platform.as['issuer-admin'].post<OperationView>(`/v1/tokens/${token.id}/unpause`)
    expect((await settleOperation(platform, custody, `/v1/tokens/${token.id}/operations/${unpause.body.id}`, unpause.body)).status).toBe('COMPLETED')
    const xfer = await platform.as.operator.post<OperationView>('/v1/transfers', { tokenId: token.id, fromInvestorId: alice.id, toInvestorId: bob.id, quantity: '40', idempotencyKey: 'cap-xfer-1' })
    expect(xfer.status).toBe(202)
    const done = await settleOperation(platform, custody, `/v1/transfers/${xfer.body.id}`, xfer.body, false)
    expect(done.status).toBe('COMPLETED')
    transferBlock = await blockOf(done.txHash!)
  }, 300_000)
  afterAll(async () => {
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('shows both investors with their balances at the head, and the balances before the transfer at an earlier block', async () => {
    const now = await indexedTo(transferBlock)
    expect(now.totals).toEqual({ holders: 2, supply: '1000' })
    const byInvestor = Object.fromEntries(now.items.map((h) => [h.investorId, h]))
    expect(byInvestor[alice.id]).toMatchObject({ address: alice.walletAddress, balance: '560', frozen: false, frozenTokens: '0' })
    expect(byInvestor[bob.id]).toMatchObject({ address: bob.walletAddress, balance: '440', frozen: false })
    expect(byInvestor[alice.id]!.identity).toMatch(/^0x[0-9a-fA-F]{40}$/)
    expect(now.block.hash).toBe((await chain.publicClient.getBlock({ blockNumber: BigInt(now.block.number) })).hash)
    await expectChainBalances(now)

    const before = await holders(`?atBlock=${transferBlock - 1n}`)
    expect(before.status).toBe(200)
    expect(before.body.block).toMatchObject({ number: String(transferBlock - 1n), hash: (await chain.publicClient.getBlock({ blockNumber: transferBlock - 1n })).hash })
    expect(Object.fromEntries(before.body.items.map((h) => [h.investorId, h.balance]))).toEqual({ [alice.id]: '600', [bob.id]: '400' })

    const holdings = await platform.as.auditor.get<Holdings>(`/v1/investors/${alice.id}/holdings`)
    expect(holdings.status).toBe(200)
    expect(holdings.body.walletAddress).toBe(alice.walletAddress)
    expect(holdings.body.items).toEqual([expect.objectContaining({ tokenId: token.id, balance: '560', frozen: false, frozenTokens: '0' })])
    expect((await platform.as.auditor.get<Holdings>(`/v1/investors/${bob.id}/holdings`)).body.items.map((i) => i.balance)).toEqual(['440'])
  })

  it('pages holders, answers an empty table before the token existed, and refuses a block above the indexed head', async () => {
    const first = await holders('?limit=1')
    expect(first.body.items).toHaveLength(1)
    expect(first.body.totals.holders).toBe(2)
    const second = await holders(`?limit=1&cursor=${first.body.nextCursor}`)
    expect(second.body.items).toHaveLength(1)
    expect(second.body.nextCursor).toBeNull()
    expect(new Set([first.body.items[0]!.investorId, second.body.items[0]!.investorId])).toEqual(new Set([alice.id, bob.id]))

    const early = await holders('?atBlock=1')
    expect(early.status).toBe(200)
    expect(early.body).toMatchObject({ items: [], totals: { holders: 0, supply: '0' } })

    const asked = BigInt(first.body.indexedHead) + 1000n
    const ahead = await holders(`?atBlock=${asked}`)
    expect(ahead.status).toBe(409)
    expect(ahead.problem).toMatchObject({ code: 'BLOCK_NOT_INDEXED' })
    // The indexer may have followed a block or two since the first page (background sends mine blocks).
    const told = BigInt((ahead.problem as unknown as { indexedHead: string }).indexedHead)
    expect(told >= BigInt(first.body.indexedHead) && told < asked).toBe(true)
    expect((await holders('?atBlock=abc')).status).toBe(400)
    expect((await platform.as.auditor.get('/v1/tokens/no-such-token/holders')).status).toBe(404)
  })

  it('finds every platform operation on-chain as instructed and raises no alert', async () => {
    await indexedTo(transferBlock)
    const result = await run()
    expect(result.status).toBe('COMPLETED')
    expect(result.operations).toMatchObject({ matched: 3, pending: 0, drifted: 0 })
    expect(result.transfers.unexplained).toBe(0)
    expect(result.supply).toEqual([expect.objectContaining({ tokenId: token.id, status: 'MATCH' })])
    expect(result.raised).toEqual([])
    expect((await platform.as['compliance-officer'].get<{ items: Alert[] }>('/v1/reconciliation/alerts')).body.items).toEqual([])
    // Only operators and admins run it; only compliance and audit read alerts.
    expect((await platform.as.auditor.post('/v1/reconciliation/run')).status).toBe(403)
    expect((await platform.as.operator.get('/v1/reconciliation/alerts')).status).toBe(403)
  })

  it('follows a reorg after a mint: the rolled-back blocks are gone and the cap table equals the chain', async () => {
    const balanceBefore = BigInt((await holders()).body.items.find((h) => h.investorId === alice.id)!.balance)
    const done = await mint(alice, '100', 'cap-alice-2')
    const mintBlock = await chain.publicClient.getTransactionReceipt({ hash: done.txHash as Hash })
    await chain.testClient.mine({ blocks: 1 })
    const indexed = await indexedTo(mintBlock.blockNumber + 1n)
    expect(indexed.items.find((h) => h.investorId === alice.id)?.balance).toBe(String(balanceBefore + 100n))
    const stored = platform.service.ctx.db.selectFrom('indexer_blocks').select(['number', 'hash'])
    expect(await stored.where('hash', '=', mintBlock.blockHash.toLowerCase()).execute()).toHaveLength(1)

    // Replace the mint's block and every block after it by empty blocks (other activity may have mined some since).
    // A block mined between reading the tip and the reorg leaves the depth one short: reorg
    // again from the new tip until the mint's block is gone (at most a few times).
    let replaced = await chain.publicClient.getBlock({ blockNumber: mintBlock.blockNumber })
    for (let attempt = 0; attempt < 3 && replaced.hash === mintBlock.blockHash; attempt++) {
      const depth = Number((await chain.publicClient.getBlockNumber({ cacheTime: 0 })) - mintBlock.blockNumber) + 1
      await chain.testClient.request({ method: 'anvil_reorg' as never, params: [depth, []] as never })
      replaced = await chain.publicClient.getBlock({ blockNumber: mintBlock.blockNumber })
    }
    expect(replaced.hash).not.toBe(mintBlock.blockHash)

    // The indexer notices, rolls back to the common ancestor and reads the new blocks.
    const after = await pollUntil(
      async () => {
        const state = await platform.service.ctx.db.selectFrom('indexer_state').select(['head_number', 'head_hash']).executeTakeFirstOrThrow()
        const canonical = await chain.publicClient.getBlock({ blockNumber: state.head_number! })
        return { state, canonical: canonical.hash, rolledBack: await stored.where('hash', '=', mintBlock.blockHash.toLowerCase()).execute() }
      },
      (s) => s.rolledBack.length === 0 && s.state.head_hash === s.canonical && s.state.head_number! >= mintBlock.blockNumber + 1n,
      'index rolled back and caught up',
    )
    expect(after.rolledBack).toEqual([])
    const events = await platform.service.ctx.db.selectFrom('indexer_events').select('block_number').where('block_hash', '=', mintBlock.blockHash.toLowerCase()).execute()
    expect(events).toEqual([])
    const audit = await platform.as.auditor.get<{ items: unknown[] }>('/v1/audit/entries?action=indexer.reorg_rolled_back')
    expect(audit.body.items.length).toBeGreaterThanOrEqual(1)

    const now = await holders()
    await expectChainBalances(now.body)
    expect(now.body.totals.supply).toBe((await chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'totalSupply', blockNumber: BigInt(now.body.block.number) })).toString())

    // Custody notices its COMPLETED mint left the chain and sends the same signed bytes again:
    // the mint comes back under the same hash (and nothing else may take that nonce meanwhile).
    const onChain = await pollUntil(
      () =>
        chain.publicClient.getTransactionReceipt({ hash: done.txHash as Hash }).then(
          () => true,
          () => false,
        ),
      (back) => back,
      'the reorged mint sent again by custody',
    )
    if (onChain) await indexedTo(await blockOf(done.txHash!))
    const result = await run()
    const opAlerts = result.raised.filter((a) => a.operationId === done.id)
    expect(opAlerts.map((a) => a.kind)).toEqual(onChain ? [] : ['OPERATION_TX_MISSING'])
    expect(result.supply).toEqual([expect.objectContaining({ tokenId: token.id, status: 'MATCH' })])
  })
  it('raises exactly one audited alert for a forced transfer made outside the platform, and not again on the next run', async () => {
    const receipt = await asAgent('forcedTransfer', [alice.walletAddress!, bob.walletAddress!, 50n])
    const hash = receipt.transactionHash
    await expectChainBalances(await indexedTo(receipt.blockNumber))

    const first = await run()
    expect(first.raised).toHaveLength(1)
    expect(first.raised[0]).toMatchObject({ kind: 'UNEXPLAINED_TRANSFER', status: 'OPEN', tokenId: token.id, txHash: hash })
    expect(first.raised[0]!.details.moves).toEqual([{ from: alice.walletAddress!.toLowerCase(), to: bob.walletAddress!.toLowerCase(), amount: '50' }])
    const again = await run()
    expect(again.raised).toEqual([])
    expect(again.openAlerts).toBe(first.openAlerts)

    for (const reader of [platform.as['compliance-officer'], platform.as.auditor]) {
      const alerts = await reader.get<{ items: Alert[] }>('/v1/reconciliation/alerts?kind=UNEXPLAINED_TRANSFER')
      expect(alerts.status).toBe(200)
      expect(alerts.body.items.map((a) => [a.status, a.txHash])).toEqual([['OPEN', hash]])
    }
    const audit = await platform.as.auditor.get<{ items: { actor: string; action: string }[] }>(`/v1/audit/entries?targetId=${first.raised[0]!.id}`)
    expect(audit.body.items.map((e) => e.action)).toEqual(['reconciliation.alert_raised'])
    const events = await platform.service.ctx.db.selectFrom('webhook_events').select(['type']).where('resource_id', '=', first.raised[0]!.id).execute()
    expect(events).toEqual([{ type: 'reconciliation.alert_raised' }])

    // A compliance officer acknowledges it: resolved, and the same movement is not raised again.
    const resolved = await platform.as['compliance-officer'].post<Alert>(`/v1/reconciliation/alerts/${first.raised[0]!.id}/resolve`, { resolution: 'court-ordered transfer, see case 17' })
    expect(resolved.status).toBe(200)
    expect(resolved.body.status).toBe('RESOLVED')
    expect((await run()).raised).toEqual([])
    const twice = await platform.as['compliance-officer'].post(`/v1/reconciliation/alerts/${first.raised[0]!.id}/resolve`, { resolution: 'again' })
    expect(twice.status).toBe(409)
    expect(twice.problem?.code).toBe('RECONCILIATION_ALERT_NOT_OPEN')
  })

  it('shows the frozen state of each holder at each block', async () => {
    const before = BigInt((await holders()).body.indexedHead)
    await asAgent('setAddressFrozen', [bob.walletAddress!, true])
    const partial = await asAgent('freezePartialTokens', [alice.walletAddress!, 5n])
    const now = await indexedTo(partial.blockNumber)
    const byInvestor = Object.fromEntries(now.items.map((h) => [h.investorId, h]))
    expect(byInvestor[bob.id]).toMatchObject({ frozen: true, frozenTokens: '0' })
    expect(byInvestor[alice.id]).toMatchObject({ frozen: false, frozenTokens: '5' })
    const earlier = (await holders(`?atBlock=${before}`)).body.items
    expect(earlier.map((h) => [h.frozen, h.frozenTokens])).toEqual([
      [false, '0'],
      [false, '0'],
    ])
    expect((await platform.as.auditor.get<Holdings>(`/v1/investors/${bob.id}/holdings`)).body.items).toEqual([expect.objectContaining({ tokenId: token.id, frozen: true })])
    // Freezes move no tokens: nothing to explain.
    expect((await run()).raised).toEqual([])
  })
})
