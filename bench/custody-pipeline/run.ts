/**
 * bench/custody-pipeline — how much throughput custody costs.
 *
 * On one anvil, from the same chain snapshot:
 *   raw:     N ERC-20 transfers signed beforehand, each sent and its receipt awaited
 *   custody: the same N transfers submitted through custody's signed HTTP API and
 *            run through its whole pipeline (policy, simulation, nonce ledger,
 *            signing, stored bytes, broadcast, confirmation, audit, webhooks outbox)
 * and prints both rates and custody / raw. Target: ≥ 0.8.
 *
 *   node --import tsx bench/custody-pipeline/run.ts [N]   (DATABASE_URL selects PostgreSQL)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeFunctionData, erc20Abi, type Address, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { createTestClient, http } from 'viem'
import { startAnvil } from '../../src/chain/anvil.ts'
import { chainFor, publicClientFor, walletClientFor } from '../../src/chain/clients.ts'
import { ANVIL_DEV_KEYS } from '../../src/chain/dev-accounts.ts'
import { deployInfrastructure } from '../../src/chain/deploy-infrastructure.ts'
import { sendCall } from '../../src/chain/deployer.ts'
import { devStablecoinAbi } from '../../src/chain/generated/abis.ts'
import { freePort } from '../../src/shared/net.ts'
import { createLogger } from '../../src/shared/logger.ts'
import { createSignedFetch } from '../../src/shared/auth/sign-request.ts'
import { openDatabase, resolveDatabaseTarget } from '../../src/shared/db/connect.ts'
import { migrateToLatest } from '../../src/shared/db/migrate.ts'
import { custodyMigrations } from '../../src/custody/db/migrations.ts'
import type { CustodyDB } from '../../src/custody/db/schema.ts'
import { loadCustodyConfig } from '../../src/custody/config.ts'
import { createCustodyService } from '../../src/custody/service.ts'
import { createPostgresDatabase } from '../../src/test/database.ts'
import type { Kysely } from 'kysely'

const N = Number(process.argv[2] ?? 500)
const say = (s: string) => process.stdout.write(`${s}\n`)

async function main() {
  const home = mkdtempSync(join(tmpdir(), 'custos-bench-'))
  const anvil = await startAnvil({ port: await freePort() })
  const pg = process.env.DATABASE_URL ? await createPostgresDatabase(process.env.DATABASE_URL) : null
  try {
    const chainId = 31337
    const publicClient = publicClientFor(anvil.rpcUrl, chainId)
    const testClient = createTestClient({ mode: 'anvil', chain: chainFor(chainId, anvil.rpcUrl), transport: http(anvil.rpcUrl) })
    const deployer = walletClientFor(anvil.rpcUrl, chainId, privateKeyToAccount(ANVIL_DEV_KEYS[0]!))
    const d = await deployInfrastructure({ publicClient, walletClient: deployer })
    const receiver = '0x00000000000000000000000000000000000bE4C4' as Address

    // Custody, in this process, with its own database.
    const database = await openDatabase<CustodyDB>(pg ? { kind: 'postgres', url: pg.url } : resolveDatabaseTarget('memory://', ''), 'custody')
    await migrateToLatest(database.db as Kysely<unknown>, 'custody', custodyMigrations)
    const env = { CUSTOS_HOME: home, RPC_URL: anvil.rpcUrl, CUSTODY_MASTER_KEY: 'ef'.repeat(32), LOG_LEVEL: 'warn', CUSTODY_CONFIRM_POLL_MS: '10', CUSTODY_WORKER_CONCURRENCY: '64', CUSTODY_API_RATE_PER_SECOND: '5000', CUSTODY_API_BURST: '5000' }
    const config = loadCustodyConfig(env)
    const service = await createCustodyService({ config, database, chain: { rpcUrl: anvil.rpcUrl, chainId, publicClient }, logger: createLogger({ service: 'custody', level: 'warn' }), env })
    await service.app.listen({ host: '127.0.0.1', port: 0 })
    const addr = service.app.server.address()
    const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
    const key = await service.apiKeys.createApiKey({ role: 'bench', scopes: ['read', 'transact', 'vaults'], createdBy: 'bench' })
    const api = createSignedFetch({ baseUrl: url, keyId: key.keyId, secret: key.secret })
    const vault = (await api.post<{ id: string; address: Address }>('/v1/vaults', { name: 'bench', tier: 'hot' })).body
    const rawAccount = privateKeyToAccount(ANVIL_DEV_KEYS[1]!)
    for (const who of [vault.address, rawAccount.address]) {
      await testClient.setBalance({ address: who, value: 10n ** 21n })
      await sendCall({ publicClient, walletClient: deployer }, d.stablecoin, devStablecoinAbi, 'mint', [who, BigInt(N) * 10n])
    }
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [receiver, 1n] })
    const snapshot = await testClient.snapshot()

    // Raw: pre-signed, then send + receipt, one after another.
    const rawWallet = walletClientFor(anvil.rpcUrl, chainId, rawAccount)
    const fees = await publicClient.estimateFeesPerGas()
    const base = await publicClient.getTransactionCount({ address: rawAccount.address })
    const signed: Hex[] = []
    for (let i = 0; i < N; i++) {
      signed.push(await rawWallet.signTransaction({ to: d.stablecoin, data, nonce: base + i, gas: 100_000n, maxFeePerGas: fees.maxFeePerGas!, maxPriorityFeePerGas: fees.maxPriorityFeePerGas!, chain: rawWallet.chain }))
    }
    let t0 = performance.now()
    for (const raw of signed) {
      const hash = await publicClient.sendRawTransaction({ serializedTransaction: raw })
      await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 1 })
    }
    const rawSeconds = (performance.now() - t0) / 1000
    const rawRate = N / rawSeconds
    say(`raw      ${N} transfers in ${rawSeconds.toFixed(2)} s = ${rawRate.toFixed(1)} tx/s (pre-signed, send + receipt)`)

    await testClient.revert({ id: snapshot })

    // Custody: the same transfers through the API and the whole pipeline.
    t0 = performance.now()
    const ids: string[] = []
    const inFlight = new Set<Promise<void>>()
    for (let i = 0; i < N; i++) {
      const p = api.post<{ id: string }>('/v1/transactions', { externalTxId: `bench-${i}`, sourceVaultId: vault.id, to: d.stablecoin, data }).then((r) => {
        if (r.status !== 201) throw new Error(`submit ${i}: ${r.status} ${JSON.stringify(r.body)}`)
        ids.push(r.body.id)
      })
      inFlight.add(p)
      void p.finally(() => inFlight.delete(p))
      if (inFlight.size >= 16) await Promise.race(inFlight)
    }
    await Promise.all(inFlight)
    const submitSeconds = (performance.now() - t0) / 1000
    let last = -1
    let lastChange = Date.now()
    for (;;) {
      const row = await database.db.selectFrom('transactions').select((eb) => eb.fn.countAll<bigint>().as('n')).where('kind', '=', 'USER').where('status', 'in', ['COMPLETED', 'FAILED']).executeTakeFirstOrThrow()
      if (Number(row.n) >= N) break
      if (Number(row.n) !== last) [last, lastChange] = [Number(row.n), Date.now()]
      else if (Date.now() - lastChange > 30_000) {
        const stuck = await database.db.selectFrom('transactions').select(['status', 'sub_status', (eb) => eb.fn.countAll<bigint>().as('n')]).groupBy(['status', 'sub_status']).execute()
        throw new Error(`no progress for 30 s: ${JSON.stringify(stuck, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`)
      }
      await new Promise((r) => setTimeout(r, 10))
    }
    const custodySeconds = (performance.now() - t0) / 1000
    const failed = await database.db.selectFrom('transactions').select('id').where('status', '=', 'FAILED').execute()
    if (failed.length) throw new Error(`${failed.length} custody transactions failed`)
    const custodyRate = N / custodySeconds
    say(`custody  ${N} transfers in ${custodySeconds.toFixed(2)} s = ${custodyRate.toFixed(1)} tx/s (HTTP API → COMPLETED, ${pg ? 'PostgreSQL' : 'PGlite'}; all submitted after ${submitSeconds.toFixed(2)} s)`)
    say(`ratio    custody / raw = ${(custodyRate / rawRate).toFixed(2)} (target ≥ 0.80)`)
    await service.close()
    await database.close()
  } finally {
    await anvil.stop()
    await pg?.drop()
    rmSync(home, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
