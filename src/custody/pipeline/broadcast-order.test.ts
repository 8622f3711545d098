import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseTransaction, type Address, type Hex } from 'viem'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../test/custody.ts'

type Tx = { id: string; status: string; nonce: string | null }

/** A JSON-RPC relay in front of anvil that notes, for every eth_sendRawTransaction, the nonce and how many sends were in flight. */
async function startRecordingRelay(upstream: string) {
  const sends: { nonce: number; inFlight: number }[] = []
  let inFlight = 0
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const calls = ([] as { method: string; params?: unknown[] }[]).concat(JSON.parse(body))
      const raws = calls.filter((c) => c.method === 'eth_sendRawTransaction').map((c) => c.params![0] as Hex)
      inFlight += raws.length
      for (const raw of raws) sends.push({ nonce: parseTransaction(raw).nonce!, inFlight })
      try {
        const answer = await fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text())
      } catch {
        res.writeHead(502).end()
      } finally {
        inFlight -= raws.length
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sends, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

describe('broadcasting', () => {
  let chain: TestChain
  let relay: Awaited<ReturnType<typeof startRecordingRelay>>
  let custody: TestCustody

  beforeAll(async () => {
    chain = await startTestChain()
    relay = await startRecordingRelay(chain.rpcUrl)
    custody = await startTestCustody({ ...chain, rpcUrl: relay.url })
  })
  afterAll(async () => {
    await custody?.close()
    await relay?.close()
    await chain?.stop()
  })

  it("hands the node one address's transactions one at a time, in nonce order, however many are in flight", async () => {
    // Submitted together, the transfers are signed and broadcast in batches; anvil's automine, sent a batch's
    // transactions at once, could leave one queued and unmined with every later nonce behind it.
    const vault = (await custody.as.admin.post<{ id: string; address: Address }>('/v1/vaults', { name: 'busy', tier: 'hot' })).body
    await chain.testClient.setBalance({ address: vault.address, value: 10n ** 20n })
    const receiver = '0x000000000000000000000000000000000000bEEF' as Address
    const submitted = await Promise.all(
      Array.from({ length: 60 }, (_, i) => custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: `order-${i}`, sourceVaultId: vault.id, to: receiver, value: '1' })),
    )
    const done: Tx[] = []
    for (const r of submitted) done.push(await waitForTransaction<Tx>(custody.as.platform, r.body.id))
    expect(done.every((t) => t.status === 'COMPLETED')).toBe(true)
    expect(await chain.publicClient.getTransactionCount({ address: vault.address })).toBe(60)

    const nonces = relay.sends.map((s) => s.nonce)
    expect(nonces).toEqual([...nonces].sort((a, b) => a - b))
    expect(Math.max(...relay.sends.map((s) => s.inFlight))).toBe(1)
  })
})
