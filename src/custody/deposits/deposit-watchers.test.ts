// @postgres-pass: several deposit watchers on one database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { erc20Abi, type Address } from 'viem'
import { systemClock } from '../../shared/clock.ts'
import { startTestReceiver, type TestReceiver } from '../../shared/webhooks/test-receiver.ts'
import { sendCall } from '../../chain/deployer.ts'
import { devStablecoinAbi } from '../../chain/generated/abis.ts'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../test/custody.ts'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import type { CustodyDB } from '../db/schema.ts'

type Vault = { id: string; address: Address }
type Deposit = { id: string; status: string; assetId: string }

/**
 * Two custody services (as two processes would be) on one PostgreSQL database, both
 * watching deposits: every deposit is recorded and reported once per status, and when one
 * stops the other carries on. PGlite is one process per data directory: PostgreSQL only.
 */
describe.skipIf(!process.env.DATABASE_URL)('two deposit watches on one PostgreSQL', () => {
  let chain: TestChain
  let db: TestDatabase<CustodyDB>
  let one: TestCustody
  let two: TestCustody
  let receiver: TestReceiver
  let oneStopped = false

  beforeAll(async () => {
    chain = await startTestChain()
    db = await openTestDatabase<CustodyDB>('custody')
    const env = {
      CUSTODY_KEYSTORE_PATH: `${process.env.TMPDIR ?? '/tmp'}/custos-deposit-watchers-${Date.now()}.json`,
      CUSTODY_DEPOSIT_WATCH: 'on',
      CUSTODY_DEPOSIT_WATCH_MS: '50',
      CUSTODY_DEPLOYMENTS_FILE: process.env.CUSTOS_TEST_DEPLOYMENTS!,
      CUSTODY_AUDIT_CHECKPOINT_SECONDS: '0',
    }
    one = await startTestCustody(chain, { database: db, env, pipeline: { confirmations: 2 } })
    two = await startTestCustody(chain, { database: db, env, pipeline: { confirmations: 2 } })
    receiver = await startTestReceiver(systemClock)
    const sub = await one.as.platform.post<{ secret: string }>('/v1/webhooks', { url: receiver.url, events: ['deposit.*'] })
    receiver.secrets.push(sub.body.secret)
  }, 120_000)
  afterAll(async () => {
    await receiver?.close()
    if (!oneStopped) await one?.close()
    await two?.close()
    await db?.close()
    await chain?.stop()
  })

  async function poll<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const v = await read()
      if (done(v)) return v
      if (Date.now() > deadline) throw new Error(`${what}: not reached after ${timeoutMs} ms (last: ${JSON.stringify(v)})`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  const eventsOf = (type: string) => receiver.received.filter((r) => r.body.type === type)

  it('records and reports each deposit once, and the other process carries on when one stops', async () => {
    const vaults: Vault[] = []
    for (let i = 0; i < 3; i++) vaults.push((await one.as.admin.post<Vault>('/v1/vaults', { name: `watched-${i}`, tier: 'hot' })).body)
    const outsider = chain.wallets[2]!
    await sendCall(chain.deployCtx, chain.deployments.stablecoin, devStablecoinAbi, 'mint', [outsider.account.address, 1_000_000n])
    for (const [i, v] of vaults.entries()) {
      await outsider.sendTransaction({ to: v.address, value: BigInt(1000 + i) })
      const hash = await outsider.writeContract({ address: chain.deployments.stablecoin, abi: erc20Abi, functionName: 'transfer', args: [v.address, BigInt(10 + i)] })
      await chain.publicClient.waitForTransactionReceipt({ hash })
    }
    const all = async () => (await one.as.platform.get<{ items: Deposit[] }>(`/v1/deposits?limit=200`)).body.items.filter((d) => d.status !== 'RETRACTED')
    await poll('six deposits detected', all, (d) => d.length >= 6)
    await chain.testClient.mine({ blocks: 2 })
    await poll('six deposits confirmed', all, (d) => d.length === 6 && d.every((x) => x.status === 'CONFIRMED'))

    // One process stops; the other takes the cursor over and sees the next deposit.
    await one.close()
    oneStopped = true
    await outsider.sendTransaction({ to: vaults[0]!.address, value: 5555n })
    await chain.testClient.mine({ blocks: 2 })
    const list = async () => (await two.as.platform.get<{ items: Deposit[] }>(`/v1/vaults/${vaults[0]!.id}/deposits`)).body.items
    await poll('the deposit after the stop confirmed', list, (d) => d.length === 3 && d.every((x) => x.status === 'CONFIRMED'))

    const deposits = (await two.as.platform.get<{ items: Deposit[] }>(`/v1/deposits?limit=200`)).body.items
    expect(deposits).toHaveLength(7)
    for (const type of ['deposit.detected', 'deposit.confirmed']) {
      await poll(`${type} events`, async () => new Set(eventsOf(type).map((r) => r.body.resourceId)).size, (n) => n === 7)
      const ids = new Set(eventsOf(type).map((r) => r.eventId))
      expect(ids.size).toBe(7)
    }
    expect(eventsOf('deposit.retracted')).toHaveLength(0)
  }, 120_000)
})
