// @postgres-pass: a reorged custody transaction held and closed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address, Hash } from 'viem'
import { tokenAbi } from '../../../chain/generated/abis.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { startTestPlatform, type TestPlatform } from '../../../test/platform.ts'
import { deployToken, onboardInvestor, pollUntil, settleOperation, type InvestorView, type OperationView, type TokenView } from '../../../test/platform/tokens.ts'

type Alert = {
  id: string
  kind: string
  status: string
  tokenId: string | null
  operationId: string | null
  txHash: string | null
  blockNumber: string | null
  details: Record<string, unknown>
  resolvedBy: string | null
  resolution: string | null
}
type RunResult = { status: string; operations: { checked: number; matched: number; pending: number; drifted: number }; supply: { tokenId: string; status: string }[]; raised: Alert[]; openAlerts: number }
type Holders = { indexedHead: string; totals: { supply: string }; items: { investorId: string | null; balance: string }[] }
type CustodyTx = { id: string; status: string; subStatus: string | null; txHash: string | null; nonce: string | null; blockNumber: string | null }

describe('the platform when custody reports a final transaction gone from the chain', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let token: TokenView
  let alice: InvestorView
  let miner: NodeJS.Timeout | undefined

  /** Blocks keep coming (custody waits for 2 confirmations) until the test stops them. */
  let mining: Promise<unknown> = Promise.resolve()
  const keepMining = () => {
    miner = setInterval(() => void (mining = chain.testClient.mine({ blocks: 1 }).catch(() => {})), 150)
  }
  /** Stops the blocks, and waits for one already asked for: it must not land after the revert. */
  const stopMining = async () => {
    clearInterval(miner)
    await mining
  }
  const balanceOf = (a: Address) => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [a] })
  const totalSupply = () => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'totalSupply' })
  const holders = async () => (await platform.as.auditor.get<Holders>(`/v1/tokens/${token.id}/holders`)).body
  const indexedTo = (block: bigint) => pollUntil(holders, (h) => h.indexedHead !== undefined && BigInt(h.indexedHead) >= block, `cap table indexed to block ${block}`)
  const run = async () => {
    const res = await platform.as.operator.post<RunResult>('/v1/reconciliation/run')
    expect(res.status).toBe(200)
    return res.body
  }
  const reorgAlerts = async () => (await platform.as['compliance-officer'].get<{ items: Alert[] }>('/v1/reconciliation/alerts?kind=CUSTODY_TRANSACTION_REORGED')).body.items
  const issuance = async (id: string) => (await platform.as.auditor.get<OperationView & { statusReason: string | null }>(`/v1/assets/issuances/${id}`)).body

  beforeAll(async () => {
    chain = await startTestChain()
    // Final at 2 blocks deep; custody re-checks final receipts every 100 ms.
    // Nothing else transacts while the chain forgets: neither service anchors an audit checkpoint
    // (its transaction would be reorged too, and raise its own alert).
    custody = await startTestCustody(chain, { pipeline: { confirmations: 2, chainWatchMs: 100 }, env: { CUSTODY_AUDIT_CHECKPOINT_SECONDS: '0' } })
    keepMining()
    platform = await startTestPlatform(chain, custody, {
      custodyWebhooks: true,
      env: { PLATFORM_KYC_AUTO_APPROVE: 'true', PLATFORM_INDEXER_POLL_MS: '100', PLATFORM_INDEXER_CONFIRMATIONS: '0', PLATFORM_RECONCILE_INTERVAL_MS: '0', PLATFORM_AUDIT_CHECKPOINT_SECONDS: '0' },
    })
    ;[alice, token] = await Promise.all([onboardInvestor(platform, 'Alice Example', 'DE'), deployToken(platform, custody, { name: 'Reorg Equity', symbol: 'RORG', decimals: 0 })])
    const first = await platform.as['issuer-admin'].post<OperationView>('/v1/assets/mint', { tokenId: token.id, investorId: alice.id, quantity: '600', agreementRef: 'sa-1', idempotencyKey: 'reorg-first' })
    expect((await settleOperation(platform, custody, `/v1/assets/issuances/${first.body.id}`, first.body)).status).toBe('COMPLETED')
  }, 300_000)
  afterAll(async () => {
    await stopMining()
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('holds a reorged mint as awaiting re-inclusion with one audited alert, and closes both when custody includes the same transaction again: minted once', async () => {
    const supplyBefore = await totalSupply()
    expect(await balanceOf(alice.walletAddress!)).toBe(600n)
    const revert = await chain.snapshot()
    const res = await platform.as['issuer-admin'].post<OperationView>('/v1/assets/mint', { tokenId: token.id, investorId: alice.id, quantity: '250', agreementRef: 'sa-2', idempotencyKey: 'reorg-second' })
    expect(res.status).toBe(202)
    const done = await settleOperation(platform, custody, `/v1/assets/issuances/${res.body.id}`, res.body)
    expect(done.status).toBe('COMPLETED')
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: done.txHash as Hash })
    const final = (await custody.as.auditor.get<CustodyTx>(`/v1/transactions/${done.custodyTxId}`)).body
    expect(final).toMatchObject({ status: 'COMPLETED', txHash: done.txHash })
    await indexedTo(receipt.blockNumber)
    expect((await run()).operations.drifted).toBe(0)

    // The chain forgets everything since the snapshot: the mint's block and the blocks that made it final.
    await stopMining()
    await revert()
    expect(await balanceOf(alice.walletAddress!)).toBe(600n)

    // Custody says so; the platform no longer calls the mint done and reconciliation raises one alert.
    const [alert] = await pollUntil(reorgAlerts, (a) => a.length > 0, 'a CUSTODY_TRANSACTION_REORGED alert')
    expect(alert).toMatchObject({ status: 'OPEN', operationId: done.id, tokenId: token.id, txHash: done.txHash, blockNumber: String(receipt.blockNumber) })
    expect(alert!.details).toMatchObject({
      custodyTxId: done.custodyTxId,
      externalTxId: done.externalTxId,
      previousStatus: 'COMPLETED',
      leftBlock: { number: String(receipt.blockNumber), hash: receipt.blockHash.toLowerCase() },
      purpose: { operationKind: 'MINT', operationId: done.id, tokenId: token.id, quantity: '250', investorId: alice.id },
    })
    const waiting = await issuance(done.id)
    expect(waiting).toMatchObject({ status: 'AWAITING_REINCLUSION', statusCode: 'CUSTODY_TRANSACTION_REORGED', txHash: done.txHash })
    // Once the index has rolled back, reconciliation calls nothing else drift: the mint is not COMPLETED now.
    const during = await pollUntil(run, (r) => r.status === 'COMPLETED', 'a reconciliation run on a canonical index')
    expect(during.raised).toEqual([])
    expect(during.openAlerts).toBe(1)
    // The cap table follows the chain (custody's re-sent mint may be mined already, not yet final).
    const head = await holders()
    const onChainNow = await chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [alice.walletAddress!], blockNumber: BigInt(head.indexedHead) })
    expect(head.items.find((h) => h.investorId === alice.id)?.balance).toBe(onChainNow.toString())

    // Blocks come again: custody's same signed bytes are mined and final; the platform closes the alert by itself.
    const resolved = await pollUntil(
      async () => {
        await chain.testClient.mine({ blocks: 1 })
        return (await platform.as['compliance-officer'].get<Alert>(`/v1/reconciliation/alerts/${alert!.id}`)).body
      },
      (a) => a.status === 'RESOLVED',
      'the reorg alert resolved',
    )
    expect(resolved.resolvedBy).toBe('system:reconciliation')
    expect(resolved.resolution).toContain('COMPLETED again')
    const again = (await custody.as.auditor.get<CustodyTx>(`/v1/transactions/${done.custodyTxId}`)).body
    expect(again).toMatchObject({ status: 'COMPLETED', txHash: final.txHash, nonce: final.nonce })
    expect(await issuance(done.id)).toMatchObject({ status: 'COMPLETED', statusCode: null, txHash: done.txHash })

    // Minted exactly once: chain, cap table and reconciliation agree.
    expect(await balanceOf(alice.walletAddress!)).toBe(850n)
    expect(await totalSupply()).toBe(supplyBefore + 250n)
    const back = await chain.publicClient.getTransactionReceipt({ hash: done.txHash as Hash })
    const indexed = await indexedTo(back.blockNumber)
    expect(indexed.items.find((h) => h.investorId === alice.id)?.balance).toBe('850')
    const after = await run()
    expect(after).toMatchObject({ status: 'COMPLETED', raised: [], openAlerts: 0 })
    expect(after.operations.drifted).toBe(0)
    expect(after.supply).toEqual([expect.objectContaining({ tokenId: token.id, status: 'MATCH' })])
    expect(await reorgAlerts()).toHaveLength(1)

    // Audited, and told to the platform's webhook subscribers.
    const opAudit = await platform.as.auditor.get<{ items: { action: string; actor: string }[] }>(`/v1/audit/entries?targetId=${done.id}`)
    expect(opAudit.body.items.map((e) => e.action)).toEqual(expect.arrayContaining(['token.operation_reorged', 'token.operation_reincluded']))
    const alertAudit = await platform.as.auditor.get<{ items: { action: string }[] }>(`/v1/audit/entries?targetId=${alert!.id}`)
    expect(alertAudit.body.items.map((e) => e.action).sort()).toEqual(['reconciliation.alert_raised', 'reconciliation.alert_resolved'])
    const events = await platform.service.ctx.db.selectFrom('webhook_events').select(['type']).where('resource_id', '=', alert!.id).orderBy('sequence').execute()
    expect(events.map((e) => e.type)).toEqual(['reconciliation.alert_raised', 'reconciliation.alert_resolved'])
  }, 180_000)
})
