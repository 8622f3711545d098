import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { waitForReceipt } from './wait-for-receipt.ts'

describe('waiting for a receipt', () => {
  let chain: TestChain
  beforeAll(async () => {
    chain = await startTestChain()
  })
  afterAll(async () => {
    await chain?.stop()
  })

  it('returns the receipt of a transaction mined before the wait began, with no block after it', async () => {
    const hash = await chain.wallets[0]!.sendTransaction({ to: '0x000000000000000000000000000000000000dEaD', value: 1n })
    // Mined by automine; nothing else is sent, so no later block ever comes.
    for (;;) if (await chain.publicClient.getTransactionReceipt({ hash }).catch(() => null)) break
    const receipt = await waitForReceipt(chain.publicClient, hash, { timeoutMs: 5_000 })
    expect(receipt).toMatchObject({ transactionHash: hash, status: 'success' })
  })

  it('gives up with a retryable RECEIPT_TIMEOUT when the node never mines it', async () => {
    await chain.testClient.setAutomine(false)
    try {
      const hash = await chain.wallets[0]!.sendTransaction({ to: '0x000000000000000000000000000000000000dEaD', value: 1n })
      await expect(waitForReceipt(chain.publicClient, hash, { timeoutMs: 300 })).rejects.toMatchObject({ code: 'RECEIPT_TIMEOUT', retryable: true })
    } finally {
      await chain.testClient.setAutomine(true)
      await chain.testClient.mine({ blocks: 1 })
    }
  })
})
