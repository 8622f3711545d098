import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address, Hex } from 'viem'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../test/custody.ts'

type Tx = { id: string; status: string; subStatus: string | null; txHash: string | null; nonce: string | null; blockHash: string | null; maxFeePerGas: string | null }
type Vault = { id: string; address: Address }

describe('custody pipeline against chain trouble', () => {
  let chain: TestChain
  let custody: TestCustody
  let sender: Vault
  const receiver = '0x000000000000000000000000000000000000bEEF' as Address

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { pipeline: { stuckAfterMs: 300, replacementBumpPercent: 50 } })
    sender = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'sender', tier: 'hot' })).body
    await chain.testClient.setBalance({ address: sender.address, value: 10n ** 20n })
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
  })

  it('replaces a transaction stuck under its fee at the same nonce and completes it once', async () => {
    await chain.testClient.setAutomine(false)
    try {
      const res = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'stuck-1', sourceVaultId: sender.id, to: receiver, value: '1000' })
      const sent = await waitForTransaction<Tx>(custody.as.platform, res.body.id, (t) => t.status === 'CONFIRMING')
      // The next block's base fee is twice what custody offered: its transaction is left in the pool.
      await chain.testClient.request({ method: 'anvil_setNextBlockBaseFeePerGas' as never, params: [`0x${(BigInt(sent.maxFeePerGas!) * 2n).toString(16)}`] as never })
      await chain.testClient.mine({ blocks: 1 })
      expect(await chain.publicClient.getTransactionCount({ address: sender.address })).toBe(Number(sent.nonce))
      const replaced = await waitForTransaction<Tx>(custody.as.platform, res.body.id, (t) => t.subStatus === 'REPLACED')
      expect(replaced.txHash).not.toBe(sent.txHash)
      expect(BigInt(replaced.maxFeePerGas!)).toBeGreaterThan(BigInt(sent.maxFeePerGas!))
      for (let i = 0; i < 40; i++) {
        if ((await custody.as.platform.get<Tx>(`/v1/transactions/${res.body.id}`)).body.status === 'COMPLETED') break
        await chain.testClient.mine({ blocks: 1 })
        await new Promise((r) => setTimeout(r, 100))
      }
      const done = await waitForTransaction<Tx>(custody.as.platform, res.body.id)
      expect(done.status).toBe('COMPLETED')
      expect(done.nonce).toBe(sent.nonce)
      expect(await chain.publicClient.getTransactionCount({ address: sender.address })).toBe(Number(done.nonce) + 1)
      expect(await chain.publicClient.getBalance({ address: receiver })).toBe(1000n)
      const history = await custody.service.ctx.db.selectFrom('tx_broadcasts').select(['tx_hash', 'nonce']).where('transaction_id', '=', res.body.id).execute()
      expect(history.length).toBeGreaterThan(1)
      expect(new Set(history.map((h) => h.nonce)).size).toBe(1)
    } finally {
      await chain.testClient.setAutomine(true)
    }
  })

  it('sends a transaction back to broadcasting when its block is reorganised away, and completes it once', async () => {
    custody.service.ctx.pipeline.confirmations = 3
    try {
      const res = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'reorg-1', sourceVaultId: sender.id, to: receiver, value: '7' })
      const mined = await waitForTransaction<Tx>(custody.as.platform, res.body.id, (t) => t.subStatus === 'WAITING_FOR_CONFIRMATIONS')
      const balance = await chain.publicClient.getBalance({ address: receiver })
      // Replace the last block by an empty one: the receipt disappears.
      await chain.testClient.request({ method: 'anvil_reorg' as never, params: [1, []] as never })
      const reorged = await waitForTransaction<Tx>(custody.as.platform, res.body.id, (t) => t.subStatus === 'REORGED' || t.blockHash !== mined.blockHash)
      expect(['REORGED', 'WAITING_FOR_CONFIRMATIONS']).toContain(reorged.subStatus)
      // Mine until it is deep enough; custody must have broadcast the same bytes again.
      for (let i = 0; i < 20; i++) {
        const t = (await custody.as.platform.get<Tx>(`/v1/transactions/${res.body.id}`)).body
        if (t.status === 'COMPLETED') break
        await chain.testClient.mine({ blocks: 1 })
        await new Promise((r) => setTimeout(r, 50))
      }
      const done = await waitForTransaction<Tx>(custody.as.platform, res.body.id)
      expect(done.status).toBe('COMPLETED')
      expect(done.txHash).toBe(mined.txHash)
      expect(done.blockHash).not.toBe(mined.blockHash)
      expect(await chain.publicClient.getBalance({ address: receiver })).toBe(balance)
    } finally {
      custody.service.ctx.pipeline.confirmations = 1
    }
  })
})
