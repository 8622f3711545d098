// @postgres-pass: two pipeline workers claiming from one database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, erc20Abi, type Address } from 'viem'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../test/custody.ts'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import { sendCall } from '../../chain/deployer.ts'
import { devStablecoinAbi } from '../../chain/generated/abis.ts'
import type { CustodyDB } from '../db/schema.ts'

const VAULTS = 10
const PER_VAULT = 20

/**
 * Two custody services (each its own pool and workers, as two processes would
 * be) on one PostgreSQL database: 200 transfers, each signed and sent once.
 * PGlite is one process per data directory, so this runs on PostgreSQL only.
 */
describe.skipIf(!process.env.DATABASE_URL)('two custody workers on one PostgreSQL', () => {
  let chain: TestChain
  let db: TestDatabase<CustodyDB>
  let one: TestCustody
  let two: TestCustody

  beforeAll(async () => {
    chain = await startTestChain()
    db = await openTestDatabase<CustodyDB>('custody')
    // Both open the same keystore file and master key, as two nodes of one custody would.
    const env = { CUSTODY_KEYSTORE_PATH: `${process.env.TMPDIR ?? '/tmp'}/custos-two-workers-${Date.now()}.json` }
    one = await startTestCustody(chain, { database: db, env, workers: 1 })
    two = await startTestCustody(chain, { database: db, env, workers: 1 })
  }, 120_000)
  afterAll(async () => {
    await one?.close()
    await two?.close()
    await db?.close()
    await chain?.stop()
  })

  it('processes 200 transactions with no duplicate signature, broadcast or nonce', async () => {
    const receiver = '0x00000000000000000000000000000000000d00d5' as Address
    const vaults: { id: string; address: Address }[] = []
    for (let i = 0; i < VAULTS; i++) {
      const v = (await one.as.admin.post<{ id: string; address: Address }>('/v1/vaults', { name: `v${i}`, tier: 'hot' })).body
      vaults.push(v)
      await chain.testClient.setBalance({ address: v.address, value: 10n ** 20n })
      await sendCall(chain.deployCtx, chain.deployments.stablecoin, devStablecoinAbi, 'mint', [v.address, 1_000_000n])
    }
    const submissions: Promise<unknown>[] = []
    for (let n = 0; n < PER_VAULT; n++) {
      for (const [i, v] of vaults.entries()) {
        const via = (n + i) % 2 === 0 ? one : two
        submissions.push(
          via.as.platform.post('/v1/transactions', {
            externalTxId: `t-${i}-${n}`,
            sourceVaultId: v.id,
            to: chain.deployments.stablecoin,
            data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [receiver, 1n] }),
          }),
        )
      }
    }
    await Promise.all(submissions)

    const deadline = Date.now() + 180_000
    for (;;) {
      const open = await db.db.selectFrom('transactions').select(db.db.fn.countAll<bigint>().as('n')).where('kind', '=', 'USER').where('status', '!=', 'COMPLETED').executeTakeFirstOrThrow()
      if (Number(open.n) === 0) break
      if (Date.now() > deadline) throw new Error(`${open.n} transactions not completed`)
      await new Promise((r) => setTimeout(r, 200))
    }

    const rows = await db.db.selectFrom('transactions').select(['source_vault_id', 'nonce', 'tx_hash']).where('kind', '=', 'USER').execute()
    expect(rows).toHaveLength(VAULTS * PER_VAULT)
    const broadcasts = await db.db.selectFrom('tx_broadcasts').select(['transaction_id', 'tx_hash']).execute()
    expect(broadcasts).toHaveLength(VAULTS * PER_VAULT)
    expect(new Set(rows.map((r) => r.tx_hash)).size).toBe(rows.length)
    for (const v of vaults) {
      const nonces = rows.filter((r) => r.source_vault_id === v.id).map((r) => Number(r.nonce)).sort((a, b) => a - b)
      expect(nonces).toEqual([...Array(PER_VAULT).keys()])
      expect(await chain.publicClient.getTransactionCount({ address: v.address })).toBe(PER_VAULT)
    }
    expect(await chain.publicClient.readContract({ address: chain.deployments.stablecoin, abi: erc20Abi, functionName: 'balanceOf', args: [receiver] })).toBe(BigInt(VAULTS * PER_VAULT))
    // Both services did part of the work.
    const audit = await db.db.selectFrom('audit_entries').select(['actor']).where('action', '=', 'transaction.status_changed').execute()
    expect(audit.length).toBeGreaterThan(0)
  }, 300_000)
})
