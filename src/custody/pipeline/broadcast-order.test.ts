// @postgres-pass: nonces assigned in order under row locks.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseTransaction, recoverTransactionAddress, type Address, type Hex } from 'viem'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../test/custody.ts'
import { startPipelineWorker } from './worker.ts'

type Tx = { id: string; status: string; nonce: string | null; blockNumber: string | null }

interface Send {
  nonce: number
  /** Which HTTP request to the node carried it (a JSON-RPC batch carries several). */
  request: number
  /** eth_sendRawTransaction calls at the node at that moment, this one included. */
  inFlight: number
  /** The sender's nonce in the latest block just before the send reached the node. */
  minedNonce: number
}

/**
 * A JSON-RPC relay in front of anvil that notes every eth_sendRawTransaction (see Send),
 * and can answer web3_clientVersion as another node would.
 */
async function startRecordingRelay(upstream: string, opts: { clientVersion?: string } = {}) {
  const sends: Send[] = []
  let inFlight = 0
  let requests = 0
  const call = async (method: string, params: unknown[]) => {
    const res = await fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
    return ((await res.json()) as { result: unknown }).result
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const parsed = JSON.parse(body) as { id: number; method: string; params?: unknown[] } | { id: number; method: string; params?: unknown[] }[]
      const calls = ([] as { id: number; method: string; params?: unknown[] }[]).concat(parsed)
      if (opts.clientVersion && calls.length === 1 && calls[0]!.method === 'web3_clientVersion') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: calls[0]!.id, result: opts.clientVersion }))
        return
      }
      const raws = calls.filter((c) => c.method === 'eth_sendRawTransaction').map((c) => parseTransaction(c.params![0] as Hex))
      const request = requests++
      inFlight += raws.length
      try {
        if (raws.length) {
          const sender = await recoverTransactionAddress({ serializedTransaction: calls.find((c) => c.method === 'eth_sendRawTransaction')!.params![0] as never })
          const minedNonce = Number(await call('eth_getTransactionCount', [sender, 'latest']))
          for (const t of raws) sends.push({ nonce: t.nonce!, request, inFlight, minedNonce })
        }
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
  const receiver = '0x000000000000000000000000000000000000bEEF' as Address

  beforeAll(async () => {
    chain = await startTestChain()
  })
  afterAll(async () => {
    await chain?.stop()
  })

  /**
   * Submits `n` transfers from a new vault together and waits until every one has ended.
   * With `queuedFirst`, custody runs no pipeline worker until all `n` are accepted, so the
   * worker finds the whole backlog at once, however fast the requests arrived.
   */
  async function busyVault(custody: TestCustody, name: string, n: number, opts: { queuedFirst?: boolean } = {}) {
    const vault = (await custody.as.admin.post<{ id: string; address: Address }>('/v1/vaults', { name, tier: 'hot' })).body
    await chain.testClient.setBalance({ address: vault.address, value: 10n ** 20n })
    const submitted = await Promise.all(
      Array.from({ length: n }, (_, i) => custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: `${name}-${i}`, sourceVaultId: vault.id, to: receiver, value: '1' })),
    )
    if (opts.queuedFirst) {
      expect(submitted.every((r) => r.status === 201)).toBe(true)
      custody.service.workers.push(startPipelineWorker(custody.service.ctx, { concurrency: custody.service.ctx.config.CUSTODY_WORKER_CONCURRENCY }))
    }
    const done: Tx[] = []
    for (const r of submitted) done.push(await waitForTransaction<Tx>(custody.as.platform, r.body.id))
    // The blocks the vault's own transfers landed in, not the chain's height: other blocks
    // (empty ones too) may be mined meanwhile and say nothing about how custody sends.
    const blocks = new Set(done.map((t) => t.blockNumber)).size
    return { vault, done, blocks }
  }

  it("on anvil with automine, hands over a group's higher nonces first and its lowest once the earlier ones are mined: a busy vault's transfers land in a few blocks", async () => {
    const relay = await startRecordingRelay(chain.rpcUrl)
    const custody = await startTestCustody({ ...chain, rpcUrl: relay.url }, { workers: 0 })
    try {
      const { vault, done, blocks } = await busyVault(custody, 'gap-first', 60, { queuedFirst: true })
      expect(done.every((t) => t.status === 'COMPLETED')).toBe(true)
      expect(done.map((t) => Number(t.nonce)).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i))
      expect(await chain.publicClient.getTransactionCount({ address: vault.address })).toBe(60)
      // Several transfers a block, where one at a time would mine one block each.
      expect(blocks).toBeLessThan(30)
      expect(relay.sends.length).toBe(60)
      // Never a transaction that is ready on arrival while its predecessor may still be being
      // mined (foundry-rs/foundry#10122): either its predecessor was mined before it reached the
      // node, or its predecessor had not been handed over yet (it arrives as a future one).
      for (const s of relay.sends) {
        if (s.minedNonce >= s.nonce) continue
        const predecessor = relay.sends.find((p) => p.nonce === s.nonce - 1)
        expect(predecessor === undefined || predecessor.request >= s.request, `nonce ${s.nonce} sent in request ${s.request} while ${s.nonce - 1} (request ${predecessor?.request}) was not mined`).toBe(true)
      }
    } finally {
      await custody.close()
      await relay.close()
    }
  })

  it("to any other node, hands over one address's transactions one at a time, however many are in flight", async () => {
    // Behind a load-balanced provider, or on a node that does not mine as it accepts, a later nonce
    // must not overtake an earlier one, nor travel with it in one batch the node may split.
    const relay = await startRecordingRelay(chain.rpcUrl, { clientVersion: 'Geth/v1.15.0-stable/linux-amd64/go1.23' })
    const custody = await startTestCustody({ ...chain, rpcUrl: relay.url })
    try {
      const { done } = await busyVault(custody, 'ascending', 60)
      expect(done.every((t) => t.status === 'COMPLETED')).toBe(true)
      // Each transaction alone in its request, every nonce once. (Two batches of one address can
      // reach the broadcast stage in either order; the node then holds the later nonces as future
      // ones until the earlier arrive.)
      expect(relay.sends.map((s) => s.nonce).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i))
      expect(new Set(relay.sends.map((s) => s.request)).size).toBe(60)
      expect(Math.max(...relay.sends.map((s) => s.inFlight))).toBe(1)
    } finally {
      await custody.close()
      await relay.close()
    }
  })
})
