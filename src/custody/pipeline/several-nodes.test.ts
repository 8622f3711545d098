// @postgres-pass: several custody nodes on one database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestClient, http, type Address, type Hex } from 'viem'
import { startAnvil, type AnvilProcess } from '../../chain/anvil.ts'
import { chainFor, publicClientFor } from '../../chain/clients.ts'
import { freePort } from '../../shared/net.ts'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../test/custody.ts'

type Tx = { id: string; status: string; txHash: string | null; nonce: string | null }
type Vault = { id: string; address: Address }

/** Two nodes of one chain, one lagging: custody decides on the leading one and fails over to the other. */
describe('custody with several RPC nodes', () => {
  let chain: TestChain
  let lagging: AnvilProcess
  let custody: TestCustody

  beforeAll(async () => {
    chain = await startTestChain()
    lagging = await startAnvil({ port: await freePort(), loadStatePath: process.env.CUSTOS_TEST_CHAIN_STATE })
    // The leading node is 8 blocks ahead of the other.
    await chain.testClient.mine({ blocks: 8 })
    // The lagging node is listed first: custody must not trust it for being first.
    custody = await startTestCustody(chain, { nodes: [lagging.rpcUrl, chain.rpcUrl], pipeline: { chainWatchMs: 100, confirmations: 2 } })
  })
  afterAll(async () => {
    await custody?.close()
    await lagging?.stop()
    await chain?.anvil.stop()
  })

  it('completes on the leading node, never on the lagging one, and fails over when the leader stops answering', async () => {
    await custody.service.chainWatch!.runOnce()
    expect(custody.service.ctx.chain.nodes!.current).toBe(chain.rpcUrl)
    const laggingClient = publicClientFor(lagging.rpcUrl, chain.chainId)
    const laggingTest = createTestClient({ mode: 'anvil', chain: chainFor(chain.chainId, lagging.rpcUrl), transport: http(lagging.rpcUrl) })

    const vault = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'two-nodes', tier: 'hot' })).body
    const to = '0x0000000000000000000000000000000000000b0b' as Address
    for (const t of [chain.testClient, laggingTest]) await t.setBalance({ address: vault.address, value: 10n ** 20n })
    const one = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'nodes-1', sourceVaultId: vault.id, to, value: '1' })
    await waitForTransaction<Tx>(custody.as.platform, one.body.id, (t) => t.status === 'CONFIRMING')
    await chain.testClient.mine({ blocks: 2 })
    const done = await waitForTransaction<Tx>(custody.as.platform, one.body.id)
    expect(done.status).toBe('COMPLETED')
    // Completed on the leader's word; the lagging node never saw it.
    expect((await chain.publicClient.getTransactionReceipt({ hash: done.txHash as Hex })).status).toBe('success')
    await expect(laggingClient.getTransactionReceipt({ hash: done.txHash as Hex })).rejects.toThrow()

    // The leader stops answering: custody moves to the other node, finds it never had the
    // first transfer, sends its stored bytes there, then the next one.
    await chain.anvil.stop()
    const two = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'nodes-2', sourceVaultId: vault.id, to, value: '2' })
    const deadline = Date.now() + 60_000
    for (;;) {
      const [a, b] = await Promise.all([one, two].map(async (t) => (await custody.as.platform.get<Tx>(`/v1/transactions/${t.body.id}`)).body))
      if (a!.status === 'COMPLETED' && b!.status === 'COMPLETED' && (await laggingClient.getBalance({ address: to })) === 3n) break
      if (Date.now() > deadline) throw new Error(`after failover: ${a!.status}, ${b!.status}`)
      await laggingTest.mine({ blocks: 1 })
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(custody.service.ctx.chain.nodes!.current).toBe(lagging.rpcUrl)
    expect(await laggingClient.getTransactionCount({ address: vault.address })).toBe(2)
  }, 120_000)
})
