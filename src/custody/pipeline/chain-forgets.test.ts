// @postgres-pass: the pipeline’s ledger rewound when the chain forgets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { systemClock } from '../../shared/clock.ts'
import { startTestReceiver, type TestReceiver } from '../../shared/webhooks/test-receiver.ts'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, waitForTransactions, type TestCustody } from '../../test/custody.ts'

type Tx = { id: string; status: string; subStatus: string | null; txHash: string | null; nonce: string | null; blockHash: string | null }
type Vault = { id: string; address: Address }

describe('custody when the chain forgets', () => {
  let chain: TestChain
  let custody: TestCustody
  let receiver: TestReceiver

  beforeAll(async () => {
    chain = await startTestChain()
    // Final at 2 blocks deep; the chain watch looks every 100 ms.
    custody = await startTestCustody(chain, { pipeline: { confirmations: 2, chainWatchMs: 100 } })
    receiver = await startTestReceiver(systemClock)
    const sub = await custody.as.platform.post<{ id: string; secret: string }>('/v1/webhooks', { url: receiver.url, events: ['transaction.*', 'vault.*'] })
    receiver.secrets.push(sub.body.secret)
  })
  afterAll(async () => {
    await receiver?.close()
    await custody?.close()
    await chain?.stop()
  })

  /** Mines a block at a time until every transaction satisfies `done` (or the deadline passes). */
  function mineUntil(ids: string[], done: (t: Tx) => boolean, timeoutMs = 25_000): Promise<Tx[]> {
    return waitForTransactions<Tx>(custody.as.platform, ids, done, { timeoutMs, between: () => chain.testClient.mine({ blocks: 1 }) })
  }

  async function eventsOf(type: string, count: number, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const got = receiver.received.filter((r) => r.body.type === type)
      if (got.length >= count) return got
      if (Date.now() > deadline) throw new Error(`${got.length} of ${count} ${type} events after ${timeoutMs} ms`)
      await new Promise((r) => setTimeout(r, 25))
    }
  }

  it('puts 20 COMPLETED transfers back on-chain exactly once after a reorg deeper than finality, and says so', async () => {
    const sender = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'reorg-sender', tier: 'hot' })).body
    await chain.testClient.setBalance({ address: sender.address, value: 10n ** 20n })
    const to = '0x000000000000000000000000000000000000d00d' as Address
    const revert = await chain.snapshot()
    const ids: string[] = []
    for (let i = 0; i < 20; i++) {
      const res = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: `deep-reorg-${i}`, sourceVaultId: sender.id, to, value: String(i + 1) })
      ids.push(res.body.id)
    }
    const first = await mineUntil(ids, (t) => t.status === 'COMPLETED')
    const paid = 210n // 1 + 2 + … + 20
    expect(await chain.publicClient.getBalance({ address: to })).toBe(paid)
    // Not final until 2 blocks deep: each was announced as mined-not-final first.
    const notFinal = await eventsOf('transaction.mined_not_final', 1)
    expect((notFinal[0]!.body.data as { final: boolean }).final).toBe(false)

    // The chain forgets every block since the snapshot: far deeper than 2 confirmations.
    await revert()
    expect(await chain.publicClient.getBalance({ address: to })).toBe(0n)

    const reorged = await eventsOf('transaction.reorged', 20)
    expect(new Set(reorged.map((r) => r.body.resourceId))).toEqual(new Set(ids))
    const again = await mineUntil(ids, (t) => t.status === 'COMPLETED')
    // Same bytes sent again: same hashes, same nonces, each paid once.
    expect(again.map((t) => t.txHash)).toEqual(first.map((t) => t.txHash))
    expect(again.map((t) => t.nonce)).toEqual(first.map((t) => t.nonce))
    expect(await chain.publicClient.getBalance({ address: to })).toBe(paid)
    expect(await chain.publicClient.getTransactionCount({ address: sender.address })).toBe(20)
    // The audit log tells the story of each one.
    const audit = await custody.service.ctx.db.selectFrom('audit_entries').select(['target_id', 'after']).where('action', '=', 'transaction.status_changed').where('target_id', 'in', ids).execute()
    const afterReorg = audit.filter((a) => JSON.stringify(a.after).includes('REORGED_AFTER_FINALITY'))
    expect(new Set(afterReorg.map((a) => a.target_id)).size).toBe(20)
    // No signature beyond the first per transaction: the stored bytes were re-sent.
    const signed = await custody.service.ctx.db.selectFrom('audit_entries').select('target_id').where('action', '=', 'transaction.signed').where('target_id', 'in', ids).execute()
    expect(signed.length).toBe(20)
  })

  it("halts a vault whose key was used outside custody, alerts, and resumes it on an admin quorum without reusing the nonce", async () => {
    const vault = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'leaked', tier: 'hot' })).body
    await chain.testClient.setBalance({ address: vault.address, value: 10n ** 20n })
    const to = '0x000000000000000000000000000000000000c0de' as Address
    const one = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'leak-1', sourceVaultId: vault.id, to, value: '1' })
    await mineUntil([one.body.id], (t) => t.status === 'COMPLETED')

    // Someone else sends with the vault's key (anvil impersonation): nonce 1 is used outside custody.
    await chain.testClient.impersonateAccount({ address: vault.address })
    await chain.testClient.request({ method: 'eth_sendTransaction', params: [{ from: vault.address, to, value: '0x5' }] } as never)
    await chain.testClient.stopImpersonatingAccount({ address: vault.address })

    const halted = await eventsOf('vault.signing_halted', 1)
    expect(halted[0]!.body.data).toMatchObject({ vaultId: vault.id, chainNonce: '2', ledgerNonce: '1' })
    expect(String((halted[0]!.body.data as { alert: string }).alert)).toMatch(/used outside custody/)

    // Custody signs nothing for it now.
    const two = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'leak-2', sourceVaultId: vault.id, to, value: '2' })
    const held = await waitForTransaction<Tx>(custody.as.platform, two.body.id, (t) => t.subStatus === 'SIGNING_HALTED')
    expect(held.txHash).toBeNull()

    const cr = await custody.as.admin.post<{ id: string }>(`/v1/signing-halts/${vault.address}/resume`, { comment: 'key rotated into custody only' })
    expect(cr.status).toBe(202)
    expect((await custody.as.admin.post(`/v1/change-requests/${cr.body.id}/approve`, {})).status).not.toBe(200)
    // Two admins other than the requester (CUSTODY_ADMIN_QUORUM = 2).
    const admins = await Promise.all([1, 2].map((i) => custody.service.apiKeys.createApiKey({ role: `admin-${i}`, scopes: ['read', 'admin'], groups: ['admin'], createdBy: 'test' })))
    const { createSignedFetch } = await import('../../shared/auth/sign-request.ts')
    for (const k of admins) expect((await createSignedFetch({ baseUrl: custody.url, keyId: k.keyId, secret: k.secret, clock: systemClock }).post(`/v1/change-requests/${cr.body.id}/approve`, {})).status).toBe(200)

    const done = await mineUntil([two.body.id], (t) => t.status === 'COMPLETED')
    expect(done[0]!.nonce).toBe('2')
    expect(await chain.publicClient.getTransactionCount({ address: vault.address })).toBe(3)
    expect((await custody.as.platform.get<{ items: unknown[] }>('/v1/signing-halts')).body.items).toEqual([])
  })

  it("with finality 'finalized', completes only once the chain's finalized block covers the receipt", async () => {
    const ctx = custody.service.ctx
    ctx.pipeline.finality = 'finalized'
    try {
      const vault = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'finalized', tier: 'hot' })).body
      await chain.testClient.setBalance({ address: vault.address, value: 10n ** 20n })
      const res = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'finalized-1', sourceVaultId: vault.id, to: vault.address, value: '1' })
      const mined = await waitForTransaction<Tx>(custody.as.platform, res.body.id, (t) => t.subStatus === 'WAITING_FOR_CONFIRMATIONS')
      // Deeper than the confirmations setting, still above anvil's finalized block (latest - 64).
      await chain.testClient.mine({ blocks: 10 })
      const receipt = await chain.publicClient.getTransactionReceipt({ hash: mined.txHash as `0x${string}` })
      expect((await chain.publicClient.getBlock({ blockTag: 'finalized' })).number!).toBeLessThan(receipt.blockNumber)
      expect((await custody.as.platform.get<Tx>(`/v1/transactions/${res.body.id}`)).body.status).toBe('CONFIRMING')
      await chain.testClient.mine({ blocks: 64 })
      expect((await waitForTransaction<Tx>(custody.as.platform, res.body.id)).status).toBe('COMPLETED')
    } finally {
      ctx.pipeline.finality = 'confirmations'
    }
  })
})
