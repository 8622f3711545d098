import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../test/custody.ts'
import { startPipelineWorker } from './worker.ts'

type Tx = { id: string; status: string; subStatus: string | null; statusReason: string | null; txHash: string | null; nonce: string | null }
type Vault = { id: string; address: Address }

describe('a transaction whose value no transaction can carry', () => {
  let chain: TestChain
  let custody: TestCustody
  let a: Vault, b: Vault

  beforeAll(async () => {
    chain = await startTestChain()
    // No workers yet: the test stores the transaction as an earlier version could have, then runs the pipeline.
    custody = await startTestCustody(chain, { workers: 0 })
    a = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'treasury', tier: 'hot' })).body
    b = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'investor', tier: 'hot' })).body
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
  })

  it('is refused at the API with problem+json, storing nothing', async () => {
    const res = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'huge-api', sourceVaultId: a.id, to: b.address, value: (1n << 256n).toString() })
    expect(res.status).toBe(400)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect((await custody.as.platform.get<{ items: Tx[] }>('/v1/transactions?externalTxId=huge-api')).body.items).toEqual([])
  })

  it('ends FAILED with the reason at prepare, spending no nonce, instead of being retried for ever', async () => {
    const res = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'huge-stored', sourceVaultId: a.id, to: b.address, value: '1' })
    expect(res.status).toBe(201)
    // A value of 2^256 wei in the store (the column holds up to 78 digits), as an entry point that did not bound it left it.
    await custody.service.ctx.db.updateTable('transactions').set({ value: (1n << 256n).toString() }).where('id', '=', res.body.id).execute()
    const nonceBefore = await chain.publicClient.getTransactionCount({ address: a.address })
    const worker = startPipelineWorker(custody.service.ctx)
    try {
      const done = await waitForTransaction<Tx>(custody.as.platform, res.body.id)
      expect(done).toMatchObject({ status: 'FAILED', subStatus: 'VALUE_NOT_ENCODABLE', txHash: null, nonce: null })
      expect(done.statusReason).toMatch(/does not fit in 256 bits/)
    } finally {
      await worker.stop()
    }
    expect(await chain.publicClient.getTransactionCount({ address: a.address })).toBe(nonceBefore)
  })
})
