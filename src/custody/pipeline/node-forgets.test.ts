// @postgres-pass: the nonce ledger when the node loses state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address, Hex } from 'viem'
import { sql } from 'kysely'
import { startAnvil, type AnvilProcess } from '../../chain/anvil.ts'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../test/custody.ts'

type Tx = { id: string; status: string; subStatus: string | null; nonce: string | null; from: string; value: string }
type Vault = { id: string; address: Address }

/** Transfers in the run; `CUSTOS_FORGET_TRANSFERS=500` for the full fault-injection run (several minutes). */
const TRANSFERS = Number(process.env.CUSTOS_FORGET_TRANSFERS ?? 40)

/**
 * The node is SIGKILLed and restarted from a state saved earlier (as anvil's periodic dump,
 * or a load-balanced provider's lagging node, would hand it back), twice, while transfers
 * run from vaults the gas station funds: nothing is lost, stuck or paid twice, and nonces
 * stay contiguous.
 */
describe('custody when the node restarts from an earlier state', () => {
  let chain: TestChain
  let custody: TestCustody
  let node: AnvilProcess

  beforeAll(async () => {
    chain = await startTestChain()
    node = chain.anvil
    // The test polls every transfer while the node is down: a budget no single test client exhausts.
    custody = await startTestCustody(chain, { env: { CUSTODY_API_RATE_PER_SECOND: '1000' }, pipeline: { chainWatchMs: 200, stuckAfterMs: 5_000 } })
  })
  afterAll(async () => {
    await custody?.close()
    await node?.stop()
  })

  async function statuses(ids: string[]) {
    return Promise.all(ids.map(async (id) => (await custody.as.platform.get<Tx>(`/v1/transactions/${id}`)).body))
  }

  async function untilCompleted(ids: string[], count: number, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const all = await statuses(ids)
      const done = all.filter((t) => t.status === 'COMPLETED').length
      if (done >= count) return all
      if (Date.now() > deadline) throw new Error(`${done} of ${count} COMPLETED after ${timeoutMs} ms; others: ${JSON.stringify(all.filter((t) => t.status !== 'COMPLETED').slice(0, 5).map((t) => [t.status, t.subStatus]))}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  /** SIGKILL the node, start a fresh one on the same port and load `saved` into it. */
  async function restartFrom(saved: Hex) {
    node.child.kill('SIGKILL')
    await new Promise((r) => node.child.once('exit', r))
    const port = Number(new URL(chain.rpcUrl).port)
    node = await startAnvil({ port, loadStatePath: process.env.CUSTOS_TEST_CHAIN_STATE })
    await chain.testClient.request({ method: 'anvil_loadState' as never, params: [saved] as never })
  }

  it(`loses nothing, sends nothing twice and keeps nonces contiguous through two node restarts (${TRANSFERS} transfers)`, async () => {
    const vaults: Vault[] = []
    // Not funded by the test: their gas comes from the gas station, whose own nonces must survive too.
    for (let i = 0; i < 3; i++) vaults.push((await custody.as.admin.post<Vault>('/v1/vaults', { name: `forgotten-${i}`, tier: 'hot' })).body)
    const to = '0x000000000000000000000000000000000000f00d' as Address
    const ids: string[] = []
    const submit = async (from: number, until: number) => {
      for (let i = from; i < until; i++) {
        const res = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: `forget-${i}`, sourceVaultId: vaults[i % vaults.length]!.id, to, value: String(i + 1) })
        expect(res.status).toBe(201)
        ids.push(res.body.id)
      }
    }
    const third = Math.ceil(TRANSFERS / 3)
    for (let round = 0; round < 2; round++) {
      const half = round * third + Math.floor(third / 2)
      await submit(round * third, half)
      await untilCompleted(ids, ids.length, 120_000)
      const saved = (await chain.testClient.request({ method: 'anvil_dumpState' as never })) as Hex
      // What custody completes after this save, the restarted node will not have.
      await submit(half, (round + 1) * third)
      await untilCompleted(ids, ids.length, 120_000)
      // The node comes back from the earlier state: what it mined since is forgotten.
      await restartFrom(saved)
    }
    await submit(2 * third, TRANSFERS)
    const all = await untilCompleted(ids, TRANSFERS, 300_000)

    const paid = all.reduce((s, t) => s + BigInt(t.value), 0n)
    expect(paid).toBe((BigInt(TRANSFERS) * BigInt(TRANSFERS + 1)) / 2n)
    // Each transfer exactly once on-chain: the balance is the sum of what custody completed.
    expect(await chain.publicClient.getBalance({ address: to })).toBe(paid)
    // Nonces contiguous per address, in the database and on-chain, the gas station's included.
    const rows = await custody.service.ctx.db.selectFrom('transactions').select(['from_address', 'nonce', 'status']).execute()
    const byAddress = new Map<string, bigint[]>()
    for (const r of rows) byAddress.set(r.from_address.toLowerCase(), [...(byAddress.get(r.from_address.toLowerCase()) ?? []), BigInt(r.nonce!)])
    for (const [address, nonces] of byAddress) {
      const sorted = nonces.sort((a, b) => (a < b ? -1 : 1))
      expect(sorted).toEqual(sorted.map((_, i) => BigInt(i)))
      expect(await chain.publicClient.getTransactionCount({ address: address as Address })).toBe(nonces.length)
    }
    expect(rows.every((r) => r.status === 'COMPLETED')).toBe(true)
    expect(byAddress.has(custody.gasStation.toLowerCase())).toBe(true)
    // The node did forget: transactions custody had completed were sent again, with an alert each.
    const forgotten = await custody.service.ctx.db.selectFrom('audit_entries').select('target_id').where('action', '=', 'transaction.status_changed').where(sql`after->>'subStatus'`, 'in', ['REORGED_AFTER_FINALITY', 'NODE_FORGOT', 'REORGED']).execute()
    expect(forgotten.length).toBeGreaterThan(0)
    console.log(`${TRANSFERS} transfers, ${rows.length} transactions with gas top-ups, ${new Set(forgotten.map((f) => f.target_id)).size} sent again after the node forgot them`)
  }, 900_000)
})
