import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { startAnvil } from '../../chain/anvil.ts'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../test/custody.ts'
import { pollUntil } from '../../test/platform/tokens.ts'

type Tx = { id: string; status: string }

/** Custody starts while its node is down, answers, queues transactions, and completes them once the node is back. */
describe('custody started with its RPC down', () => {
  let chain: TestChain
  let custody: TestCustody

  beforeAll(async () => {
    chain = await startTestChain()
    await chain.stop()
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.anvil.stop()
  })

  it('serves /health as not ready, accepts a transaction, and completes it when the node returns', async () => {
    custody = await startTestCustody(chain, { chainDown: true, pipeline: { chainWatchMs: 200 } })
    const health = await fetch(`${custody.url}/health`)
    expect(health.status).toBe(503)
    expect(await health.json()).toMatchObject({ status: 'unavailable', checks: { database: true, chain: false } })

    const vault = await custody.as.admin.post<{ id: string; address: Address }>('/v1/vaults', { name: 'patient', tier: 'hot' })
    expect(vault.status).toBe(201)
    const tx = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'while-down', sourceVaultId: vault.body.id, to: '0x0000000000000000000000000000000000000abc', value: '3' })
    expect(tx.status).toBe(201)

    // The node comes back on the same address.
    const port = Number(new URL(chain.rpcUrl).port)
    chain.anvil = await startAnvil({ port, loadStatePath: process.env.CUSTOS_TEST_CHAIN_STATE })
    await chain.testClient.setBalance({ address: custody.gasStation, value: 10n ** 21n })
    const done = await waitForTransaction<Tx>(custody.as.platform, tx.body.id, undefined, 60_000)
    expect(done.status).toBe('COMPLETED')
    expect(await chain.publicClient.getBalance({ address: '0x0000000000000000000000000000000000000abc' })).toBe(3n)
    // Readiness caches the chain's answer for a few seconds: it turns ready within that window.
    await pollUntil(async () => (await fetch(`${custody.url}/health`)).status, (status) => status === 200, 'custody ready again', 15_000)
  }, 120_000)
})
