import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { systemClock } from '../../shared/clock.ts'
import { startTestReceiver, type TestReceiver } from '../../shared/webhooks/test-receiver.ts'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../test/custody.ts'

type Tx = { id: string; status: string; subStatus: string | null; maxFeePerGas: string | null; nonce: string | null; txHash: string | null }
type Vault = { id: string; address: Address }
type Stuck = { id: string; status: string; waitingFor: string; since: string; stuckForSeconds: number }

/**
 * A transaction that cannot progress — its fee under the base fee and the fee ceiling
 * reached — raises one `transaction.stuck` alert (webhook and audit entry) naming what it
 * waits for, once it has made no progress for the configured time, and no second one
 * while the same stall goes on.
 */
describe('custody when a transaction cannot progress', () => {
  let chain: TestChain
  let custody: TestCustody
  let receiver: TestReceiver

  beforeAll(async () => {
    chain = await startTestChain()
    // Stuck after 1.5 s without progress; the chain watch looks every 100 ms.
    custody = await startTestCustody(chain, { pipeline: { stuckAfterMs: 300, stuckAlertAfterMs: 1_500, chainWatchMs: 100 } })
    receiver = await startTestReceiver(systemClock)
    const sub = await custody.as.platform.post<{ id: string; secret: string }>('/v1/webhooks', { url: receiver.url, events: ['transaction.*'] })
    receiver.secrets.push(sub.body.secret)
  })
  afterAll(async () => {
    await receiver?.close()
    await custody?.close()
    await chain?.stop()
  })

  async function stuckEvents(count: number, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const got = receiver.received.filter((r) => r.body.type === 'transaction.stuck')
      if (got.length >= count) return got
      if (Date.now() > deadline) throw new Error(`${got.length} of ${count} transaction.stuck events after ${timeoutMs} ms`)
      await new Promise((r) => setTimeout(r, 25))
    }
  }

  it('raises one transaction.stuck webhook and audit entry naming what it waits for, at the fee ceiling under the base fee', async () => {
    const vault = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'stuck-sender', tier: 'hot' })).body
    await chain.testClient.setBalance({ address: vault.address, value: 10n ** 20n })
    await chain.testClient.setAutomine(false)
    try {
      const created = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'stuck-at-ceiling', sourceVaultId: vault.id, to: vault.address, value: '1' })
      expect(created.status).toBe(201)
      const sent = await waitForTransaction<Tx>(custody.as.platform, created.body.id, (t) => t.status === 'CONFIRMING')
      const fee = BigInt(sent.maxFeePerGas!)
      // The ceiling is its own fee: no replacement may offer more, and the next base fee is ten times it.
      custody.service.ctx.pipeline.maxFeePerGasCeiling = fee
      await chain.testClient.request({ method: 'anvil_setNextBlockBaseFeePerGas' as never, params: [`0x${(fee * 10n).toString(16)}`] as never })
      await chain.testClient.mine({ blocks: 1 })

      const [event] = await stuckEvents(1)
      const data = event!.body.data as Stuck
      expect(data.id).toBe(created.body.id)
      expect(data.status).toBe('CONFIRMING')
      expect(data.waitingFor).toBe(`to be mined at nonce ${sent.nonce} (hash ${sent.txHash}, max fee ${fee})`)
      expect(data.stuckForSeconds).toBeGreaterThanOrEqual(1)

      // The same stall, several watch passes later: no second alert, and the transaction is
      // still waiting where it was (the nonce-drift check left it alone).
      for (let i = 0; i < 5; i++) await custody.service.chainWatch!.runOnce()
      const audit = await custody.service.ctx.db.selectFrom('audit_entries').select(['actor', 'target_id', 'after']).where('action', '=', 'transaction.stuck').execute()
      expect(audit).toHaveLength(1)
      expect(audit[0]!.target_id).toBe(created.body.id)
      expect(audit[0]!.actor).toBe('system:chain-watch')
      expect((audit[0]!.after as { waitingFor: string }).waitingFor).toBe(data.waitingFor)
      expect(receiver.received.filter((r) => r.body.type === 'transaction.stuck')).toHaveLength(1)
      const now = (await custody.as.platform.get<Tx>(`/v1/transactions/${created.body.id}`)).body
      expect(now.status).toBe('CONFIRMING')
      expect(BigInt(now.maxFeePerGas!)).toBe(fee)
    } finally {
      await chain.testClient.setAutomine(true)
    }
  }, 60_000)
})
