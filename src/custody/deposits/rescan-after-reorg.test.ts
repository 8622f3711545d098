import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address, Hex } from 'viem'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../test/custody.ts'
import { runDepositPass } from './watch-deposits.ts'

type Vault = { id: string; address: Address }

/**
 * Passes of the deposit watch run one at a time by the test (the timer is off), so the
 * reorg lands exactly between two of them: the transfer is mined again in a block at the
 * same height before the watch looks, and the pass that finds the fork must retract the
 * old deposit and detect the new one in one go.
 */
describe('deposit watch: a transfer moved to another block by a reorg', () => {
  let chain: TestChain
  let custody: TestCustody

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { pipeline: { confirmations: 2 } })
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
  })

  it('retracts the deposit of the forgotten block and detects the same transfer in its new block, each once', async () => {
    const ctx = custody.service.ctx
    const pass = () => runDepositPass(ctx, 'test-watch')
    const vault = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'moved', tier: 'hot' })).body
    await pass() // first start: the cursor begins at the head

    const sender = chain.wallets[3]!
    const raw = await sender.signTransaction((await sender.prepareTransactionRequest({ to: vault.address, value: 31337n })) as never)
    const revert = await chain.snapshot()
    await chain.testClient.mine({ blocks: 1 })
    const hash = await chain.publicClient.sendRawTransaction({ serializedTransaction: raw as Hex })
    const first = await chain.publicClient.waitForTransactionReceipt({ hash })
    const seen = await pass()
    expect(seen.detected).toHaveLength(1)
    expect(seen.detected[0]).toMatchObject({ status: 'DETECTED', tx_hash: hash, block_hash: first.blockHash.toLowerCase() })

    // The chain forgets that block and mines the same transfer at the same height in another.
    await revert()
    await chain.testClient.mine({ blocks: 1 })
    await chain.publicClient.sendRawTransaction({ serializedTransaction: raw as Hex })
    const second = await chain.publicClient.waitForTransactionReceipt({ hash })
    expect(second.blockNumber).toBe(first.blockNumber)
    expect(second.blockHash).not.toBe(first.blockHash)

    const moved = await pass()
    expect(moved.detected).toHaveLength(1)
    expect(moved.detected[0]).toMatchObject({ status: 'DETECTED', tx_hash: hash, block_hash: second.blockHash.toLowerCase() })
    expect(moved.moved).toEqual([expect.objectContaining({ id: seen.detected[0]!.id, status: 'RETRACTED' })])

    await chain.testClient.mine({ blocks: 1 })
    const settled = await pass()
    expect(settled.moved).toEqual([expect.objectContaining({ id: moved.detected[0]!.id, status: 'CONFIRMED' })])
    expect((await pass()).moved).toEqual([])

    // One outbox event per deposit and status.
    const events = await ctx.db.selectFrom('webhook_events').select(['type', 'resource_id']).where('resource_type', '=', 'deposit').execute()
    const count = (id: string, type: string) => events.filter((e) => e.resource_id === id && e.type === type).length
    expect([count(seen.detected[0]!.id, 'deposit.detected'), count(seen.detected[0]!.id, 'deposit.retracted'), count(seen.detected[0]!.id, 'deposit.confirmed')]).toEqual([1, 1, 0])
    expect([count(moved.detected[0]!.id, 'deposit.detected'), count(moved.detected[0]!.id, 'deposit.confirmed')]).toEqual([1, 1])
  })
})
