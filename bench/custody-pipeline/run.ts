/**
 * bench/custody-pipeline — how much throughput custody costs.
 *
 * On one anvil, --rounds=R times (default 3), each run from the same chain snapshot, medians reported:
 *   raw:     N ERC-20 transfers signed beforehand, each sent and its receipt awaited
 *   custody: the same N transfers submitted through custody's signed HTTP API (K = 64 in flight,
 *            from a client thread started once and kept warm, see decision 0023) and
 *            run through its whole pipeline (policy, simulation, nonce ledger,
 *            signing, stored bytes, broadcast, confirmation, audit, webhooks outbox)
 * and prints both rates and custody / raw. Target: ≥ 0.8. Both runs end when the last
 * receipt is in hand: raw when its client has read it, custody when the transaction is
 * COMPLETED in its database (which it becomes only after custody has read the receipt).
 *
 *   node --import tsx bench/custody-pipeline/run.ts [N] [--rounds=R] [--warmup=W] [--in-flight=K] [--profile [--heap-profile]]   (DATABASE_URL selects PostgreSQL)
 *
 * Before the measured runs, W transfers (default 200) go through custody and W raw ones
 * are sent, so both are measured warm, as a long-running service runs: without it the
 * custody run also measures the JIT compiling custody's code, which raw barely has.
 *
 * --profile also prints, for the last round's custody run, the SQL statements sent (per transfer, by
 * kind, with their time to answer), the JSON-RPC calls made to the node, the CPU time of
 * this process, anvil and custody's PostgreSQL backends (for the raw run too), the time
 * transactions spent between statuses (from the audit log), and writes a CPU profile of
 * this process (a .cpuprofile in the temporary folder, for Chrome DevTools).
 */
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import pg from 'pg'
import { PGlite } from '@electric-sql/pglite'
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
import type { ClientJob } from './submit-all.ts'
import { openDatabase, resolveDatabaseTarget } from '../../src/shared/db/connect.ts'
import { migrateToLatest } from '../../src/shared/db/migrate.ts'
import { custodyMigrations } from '../../src/custody/db/migrations.ts'
import type { CustodyDB } from '../../src/custody/db/schema.ts'
import { loadCustodyConfig } from '../../src/custody/config.ts'
import { createCustodyService } from '../../src/custody/service.ts'
import { createPostgresDatabase } from '../../src/test/database.ts'
import { healthyOrDead, startServiceProcess, stopServiceProcess } from '../../src/test/service-process.ts'
import { sql, type Kysely } from 'kysely'

const args = process.argv.slice(2)
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 500)
const PROFILE = args.includes('--profile')
// --heap-profile (with --profile): also a sampling heap profile of the last custody run; it slows the run down.
const HEAP_PROFILE = args.includes('--heap-profile')
// --warmup=W: transfers run through custody and raw before the measured runs (default 200).
const WARMUP = Number(args.find((a) => a.startsWith('--warmup='))?.slice('--warmup='.length) ?? 200)
// --rounds=R: raw then custody, R times, each from the same chain snapshot (default 3); medians are reported.
const ROUNDS = Math.max(1, Number(args.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? 3))
// --in-flight=K: requests the client keeps in flight (default 64). Throughput is what a service
// does under enough offered load: with too few requests in flight the client's own wait for each
// answer sets the rate (16 in flight capped custody near 300 tx/s, its queue never filling).
const IN_FLIGHT = Math.max(1, Number(args.find((a) => a.startsWith('--in-flight='))?.slice('--in-flight='.length) ?? 64))
// --split (PostgreSQL only): the custody in this process only answers the API (CUSTODY_WORKERS=0);
// the pipeline runs in a second custody process on the same database, keystore and node.
const SPLIT = args.includes('--split')
const say = (s: string) => process.stdout.write(`${s}\n`)

// --profile: every statement sent to the database, by its text with the values left out,
// and the time from sending it to its answer.
const statements = new Map<string, { n: number; ms: number }>()
let counting = false
function countStatements() {
  const timed = (text: unknown, run: () => unknown) => {
    if (!counting) return run()
    const key = String(text).replace(/\s+/g, ' ').replace(/\$\d+(::\w+)?/g, '?').replace(/\((\?, )*\?\)(, \((\?, )*\?\))*/g, '(…)').replace(/(cast\(\? as \w+\)(, )?)+/g, '…').trim().slice(0, 100)
    const s = statements.get(key) ?? { n: 0, ms: 0 }
    statements.set(key, s)
    s.n++
    const t0 = performance.now()
    const out = run()
    if (out instanceof Promise) void out.finally(() => (s.ms += performance.now() - t0)).catch(() => {})
    return out
  }
  const pgQuery = pg.Client.prototype.query as (...a: unknown[]) => unknown
  pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
    return timed(typeof a[0] === 'string' ? a[0] : (a[0] as { text?: string })?.text, () => pgQuery.apply(this, a))
  } as never
  const liteQuery = PGlite.prototype.query
  PGlite.prototype.query = function (this: PGlite, ...a: Parameters<PGlite['query']>) {
    return timed(a[0], () => liteQuery.apply(this, a))
  } as never
}
// --profile: every JSON-RPC call custody makes to the node, by method.
const rpcCalls = new Map<string, number>()
function countRpcCalls(rpcUrl: string) {
  const fetch0 = globalThis.fetch
  globalThis.fetch = function (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) {
    if (counting && String(input).startsWith(rpcUrl) && typeof init?.body === 'string') {
      const body = JSON.parse(init.body) as { method: string } | { method: string }[]
      const calls = Array.isArray(body) ? body : [body]
      rpcCalls.set('(HTTP requests)', (rpcCalls.get('(HTTP requests)') ?? 0) + 1)
      for (const c of calls) rpcCalls.set(c.method, (rpcCalls.get(c.method) ?? 0) + 1)
    }
    return fetch0(input, init)
  } as typeof fetch
}
if (PROFILE) countStatements()

async function receiptOf(rpcUrl: string, hash: Hex, deadline: number): Promise<void> {
  // Polls eth_getTransactionReceipt directly: no block watcher between us and the node.
  for (;;) {
    const res = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getTransactionReceipt', params: [hash] }) })
    const body = (await res.json()) as { result?: { status: string } | null }
    if (body.result) {
      if (body.result.status !== '0x1') throw new Error(`raw transfer ${hash} reverted`)
      return
    }
    if (Date.now() > deadline) throw new Error(`no receipt for raw transfer ${hash} after 30 s`)
  }
}

/** CPU time (ms) used so far by this process, by anvil, and by the PostgreSQL backends of custody's database. */
async function cpuTimes(anvilPid: number, database: { db: Kysely<CustodyDB> } | null, clientTid: number): Promise<{ node: number; anvil: number; postgres: Map<number, number>; threads: Map<string, number> }> {
  const ticks = (pid: number | string) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // utime + stime, at 100 ticks a second
    } catch {
      return 0
    }
  }
  const usage = process.cpuUsage()
  const postgres = new Map<number, number>()
  if (database) {
    const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(database.db)
    for (const r of rows) postgres.set(r.pid, ticks(r.pid))
  }
  // This process's threads by name: the main thread, the bench client's, the others.
  const threads = new Map<string, number>()
  for (const tid of readdirSync('/proc/self/task')) {
    const comm = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim()
    // V8's platform threads (garbage collection, background compiling) keep the process's name.
    const name = Number(tid) === process.pid ? 'main' : Number(tid) === clientTid ? 'the bench client' : comm === 'node' ? 'V8 workers' : comm
    threads.set(name, (threads.get(name) ?? 0) + ticks(`self/task/${tid}`))
  }
  return { node: (usage.user + usage.system) / 1000, anvil: ticks(anvilPid), postgres, threads }
}

function cpuSpent(before: Awaited<ReturnType<typeof cpuTimes>>, after: Awaited<ReturnType<typeof cpuTimes>>) {
  let postgres = 0
  for (const [pid, ms] of after.postgres) postgres += ms - (before.postgres.get(pid) ?? 0)
  const threads = new Map<string, number>()
  for (const [name, ms] of after.threads) threads.set(name, ms - (before.threads.get(name) ?? 0))
  return { node: after.node - before.node, anvil: after.anvil - before.anvil, postgres, threads }
}

interface ClientThread {
  /** The thread's id, to read its CPU time. */
  tid: number
  /** Submits a job's transfers; resolves when every request has been answered. */
  submit(job: ClientJob): Promise<void>
  close(): Promise<void>
}

/**
 * Starts the client on its own thread (see client-thread.ts), through tsx's CommonJS
 * hook: Node 20 does not apply tsx's ESM hooks to a worker's entry module. It is started
 * before the warm-up and kept, so no run measures a thread starting or its code compiling.
 */
async function startClientThread(): Promise<ClientThread> {
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api')
  const entry = fileURLToPath(new URL('./client-thread.ts', import.meta.url))
  const worker = new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)})`, { eval: true })
  let failed: Error | null = null
  let waiting: { resolve(): void; reject(err: Error): void } | null = null
  const fail = (err: Error) => {
    failed = err
    waiting?.reject(err)
    waiting = null
  }
  worker.on('error', fail)
  worker.on('exit', (code) => fail(new Error(`bench client thread exited with ${code}`)))
  const tid = await new Promise<number>((resolve, reject) => {
    waiting = { resolve: () => {}, reject }
    worker.once('message', (m: { tid: number }) => resolve(m.tid))
  })
  worker.on('message', (m: { done?: true; error?: string }) => {
    if (m.done) waiting?.resolve()
    else waiting?.reject(new Error(`bench client: ${m.error}`))
    waiting = null
  })
  return {
    tid,
    submit(job) {
      if (failed) return Promise.reject(failed)
      return new Promise<void>((resolve, reject) => {
        waiting = { resolve, reject }
        worker.postMessage(job)
      })
    },
    async close() {
      worker.removeAllListeners('exit')
      await worker.terminate()
    },
  }
}

/** CUSTODY_* variables set when the bench is started override its custody settings (e.g. CUSTODY_WORKERS=2). */
function custodyOverrides(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('CUSTODY_') && e[1] !== undefined))
}

async function main() {
  const home = mkdtempSync(join(tmpdir(), 'custos-bench-'))
  const anvil = await startAnvil({ port: await freePort() })
  if (PROFILE) countRpcCalls(anvil.rpcUrl)
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
    const env = { CUSTOS_HOME: home, RPC_URL: anvil.rpcUrl, CUSTODY_MASTER_KEY: 'ef'.repeat(32), LOG_LEVEL: 'warn', CUSTODY_CONFIRM_POLL_MS: '10', CUSTODY_WORKER_CONCURRENCY: '64', CUSTODY_API_RATE_PER_SECOND: '5000', CUSTODY_API_BURST: '5000', ...custodyOverrides() }
    if (SPLIT && !pg) throw new Error('--split needs DATABASE_URL (two processes cannot share PGlite)')
    const pipelineEnv = { ...env, CUSTODY_DATABASE_URL: pg?.url ?? '', CUSTODY_PORT: String(await freePort()) }
    if (SPLIT) Object.assign(env, { CUSTODY_WORKERS: '0' })
    const config = loadCustodyConfig(env)
    const service = await createCustodyService({ config, database, chain: { rpcUrl: anvil.rpcUrl, chainId, publicClient }, logger: createLogger({ service: 'custody', level: 'warn' }), env })
    await service.app.listen({ host: '127.0.0.1', port: 0 })
    const pipeline = SPLIT ? startServiceProcess(fileURLToPath(new URL('../../src/custody/main.ts', import.meta.url)), pipelineEnv) : null
    if (pipeline && (await healthyOrDead(pipeline, Number(pipelineEnv.CUSTODY_PORT))) === 'dead') throw new Error(`pipeline process died: ${pipeline.stderr()}`)
    const addr = service.app.server.address()
    const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
    const client = await startClientThread()
    const key = await service.apiKeys.createApiKey({ role: 'bench', scopes: ['read', 'transact', 'vaults'], createdBy: 'bench' })
    const api = createSignedFetch({ baseUrl: url, keyId: key.keyId, secret: key.secret })
    // One vault per round (and one for the warm-up): each round starts from the same chain
    // snapshot, so a vault whose transfers were reverted away is never used again.
    const vaults: { id: string; address: Address }[] = []
    for (let i = 0; i <= ROUNDS; i++) vaults.push((await api.post<{ id: string; address: Address }>('/v1/vaults', { name: `bench-${i}`, tier: 'hot' })).body)
    let vault = vaults[0]!
    const rawAccount = privateKeyToAccount(ANVIL_DEV_KEYS[1]!)
    for (const who of [...vaults.map((v) => v.address), rawAccount.address]) {
      await testClient.setBalance({ address: who, value: 10n ** 21n })
      await sendCall({ publicClient, walletClient: deployer }, d.stablecoin, devStablecoinAbi, 'mint', [who, BigInt(N + WARMUP)])
    }
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [receiver, 1n] })
    // Done when no transfer is left in the pipeline (one small count every 10 ms).
    const untilPipelineEmpty = async () => {
      let last = -1
      let lastChange = Date.now()
      for (;;) {
        const left = await database.db.selectFrom('transactions').select((eb) => eb.fn.countAll<bigint>().as('n')).where('kind', '=', 'USER').where('status', 'in', ['SUBMITTED', 'QUEUED', 'PENDING_SIGNATURE', 'BROADCASTING', 'CONFIRMING']).executeTakeFirstOrThrow()
        if (Number(left.n) === 0) break
        if (Number(left.n) !== last) [last, lastChange] = [Number(left.n), Date.now()]
        else if (Date.now() - lastChange > 30_000) {
          const stuck = await database.db.selectFrom('transactions').select(['status', 'sub_status', (eb) => eb.fn.countAll<bigint>().as('n')]).groupBy(['status', 'sub_status']).execute()
          // What the node knows of the first transaction left: mined, pending, or never heard of.
          const first = await database.db.selectFrom('transactions').select(['nonce', 'tx_hash', 'status']).where('kind', '=', 'USER').where('status', '!=', 'COMPLETED').orderBy('nonce').executeTakeFirst()
          const node = {
            minedNonce: await publicClient.getTransactionCount({ address: vault.address, blockTag: 'latest' }),
            pendingNonce: await publicClient.getTransactionCount({ address: vault.address, blockTag: 'pending' }),
            txpool: await publicClient.request({ method: 'txpool_status' as never }),
            first: { ...first, known: first?.tx_hash ? (await publicClient.request({ method: 'eth_getTransactionByHash', params: [first.tx_hash as Hex] })) !== null : null },
          }
          throw new Error(`no progress for 30 s: ${JSON.stringify({ stuck, node }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`)
        }
        await new Promise((r) => setTimeout(r, 10))
      }
    }

    // Warm-up, outside the measured runs: custody is a long-running service whose code the
    // JIT has compiled and whose caches are filled; the first transfers through a fresh
    // process measure the compiler. The same number of raw transfers warms the raw client.
    if (WARMUP > 0) {
      await client.submit({ url, keyId: key.keyId, secret: key.secret, n: WARMUP, idPrefix: 'warm-up', inFlight: IN_FLIGHT, sourceVaultId: vault.id, to: d.stablecoin, data })
      await untilPipelineEmpty()
      const rawWarm = walletClientFor(anvil.rpcUrl, chainId, rawAccount)
      for (let i = 0; i < WARMUP; i++) {
        const hash = await rawWarm.sendTransaction({ to: d.stablecoin, data, chain: rawWarm.chain })
        await receiptOf(anvil.rpcUrl, hash, Date.now() + 30_000)
      }
    }
    // Rounds: raw, then custody, ROUNDS times, each run from the same chain snapshot (anvil
    // slows down as its chain grows: without the snapshot raw lost a third of its rate a
    // round). The machine's spread moves single runs by ±20 %, so the summary gives medians.
    let snapshot = await testClient.snapshot()
    const fromSnapshot = async () => {
      await testClient.revert({ id: snapshot })
      snapshot = await testClient.snapshot() // a revert consumes the snapshot
    }
    const rawWallet = walletClientFor(anvil.rpcUrl, chainId, rawAccount)
    const fees = await publicClient.estimateFeesPerGas()
    const pgCpu = pg ? database : null
    const results: { raw: number; custody: number }[] = []
    let rawCpu = { node: 0, anvil: 0, postgres: 0, threads: new Map<string, number>() }
    let custodyCpu = rawCpu
    let cpu: unknown = null
    let heap: unknown = null
    let custodyStartedAt = new Date()
    for (let round = 1; round <= ROUNDS; round++) {
      const last = round === ROUNDS
      // Raw: pre-signed, then send + receipt, one after another.
      const base = await publicClient.getTransactionCount({ address: rawAccount.address })
      const signed: Hex[] = []
      for (let i = 0; i < N; i++) {
        signed.push(await rawWallet.signTransaction({ to: d.stablecoin, data, nonce: base + i, gas: 100_000n, maxFeePerGas: fees.maxFeePerGas!, maxPriorityFeePerGas: fees.maxPriorityFeePerGas!, chain: rawWallet.chain }))
      }
      const rawCpu0 = await cpuTimes(anvil.pid, pgCpu, client.tid)
      let block0 = await publicClient.getBlockNumber({ cacheTime: 0 })
      let t0 = performance.now()
      for (const raw of signed) {
        const hash = await publicClient.sendRawTransaction({ serializedTransaction: raw })
        await receiptOf(anvil.rpcUrl, hash, Date.now() + 30_000)
      }
      const rawSeconds = (performance.now() - t0) / 1000
      rawCpu = cpuSpent(rawCpu0, await cpuTimes(anvil.pid, pgCpu, client.tid))
      const rawRate = N / rawSeconds
      const rawBlocks = (await publicClient.getBlockNumber({ cacheTime: 0 })) - block0

      await fromSnapshot()
      // Custody: the same transfers through the API and the whole pipeline (profiled in the last round).
      vault = vaults[round]!
      const profiler = PROFILE && last ? new Session() : null
      if (profiler) {
        profiler.connect()
        await profiler.post('Profiler.enable')
        await profiler.post('Profiler.start')
        if (HEAP_PROFILE) {
          // Every allocation sampled, including objects that garbage collection has freed since:
          // the allocation rate, not what survives, is what keeps the collector busy.
          await profiler.post('HeapProfiler.enable')
          await profiler.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never)
        }
      }
      const prefix = `bench-${round}`
      const custodyCpu0 = await cpuTimes(anvil.pid, pgCpu, client.tid)
      counting = PROFILE && last
      custodyStartedAt = new Date()
      block0 = await publicClient.getBlockNumber({ cacheTime: 0 })
      t0 = performance.now()
      await client.submit({ url, keyId: key.keyId, secret: key.secret, n: N, idPrefix: prefix, inFlight: IN_FLIGHT, sourceVaultId: vault.id, to: d.stablecoin, data })
      const submitSeconds = (performance.now() - t0) / 1000
      await untilPipelineEmpty()
      const custodySeconds = (performance.now() - t0) / 1000
      custodyCpu = cpuSpent(custodyCpu0, await cpuTimes(anvil.pid, pgCpu, client.tid))
      const custodyBlocks = (await publicClient.getBlockNumber({ cacheTime: 0 })) - block0
      counting = false
      if (profiler) {
        cpu = ((await profiler.post('Profiler.stop')) as { profile: unknown }).profile
        if (HEAP_PROFILE) heap = ((await profiler.post('HeapProfiler.stopSampling')) as { profile: unknown }).profile
      }
      const done = await database.db.selectFrom('transactions').select((eb) => eb.fn.countAll<bigint>().as('n')).where('kind', '=', 'USER').where('status', '=', 'COMPLETED').where('external_tx_id', 'like', `${prefix}-%`).executeTakeFirstOrThrow()
      if (Number(done.n) !== N) throw new Error(`${N - Number(done.n)} custody transfers did not complete`)
      const custodyRate = N / custodySeconds
      results.push({ raw: rawRate, custody: custodyRate })
      await fromSnapshot()
      say(`round ${round}  raw ${rawRate.toFixed(1)} tx/s (${rawSeconds.toFixed(2)} s)   custody ${custodyRate.toFixed(1)} tx/s (${custodySeconds.toFixed(2)} s, all submitted after ${submitSeconds.toFixed(2)} s)   ratio ${(custodyRate / rawRate).toFixed(2)}   blocks mined: raw ${rawBlocks}, custody ${custodyBlocks}`)
    }
    const median = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b)
      const mid = sorted.length >> 1
      return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
    }
    say(`raw      ${N} transfers: median ${median(results.map((r) => r.raw)).toFixed(1)} tx/s over ${ROUNDS} rounds (pre-signed, send + receipt)`)
    say(`custody  ${N} transfers: median ${median(results.map((r) => r.custody)).toFixed(1)} tx/s (HTTP API → COMPLETED, ${pg ? 'PostgreSQL' : 'PGlite'})`)
    say(`ratio    custody / raw = ${median(results.map((r) => r.custody / r.raw)).toFixed(2)} (median of the rounds' ratios; target ≥ 0.80)`)
    const perTx = (ms: number) => `${ms.toFixed(0).padStart(6)} ms = ${(ms / N).toFixed(2)} ms/tx`
    say(`\nCPU time (last round)  raw run                 custody run`)
    say(`  this process  ${perTx(rawCpu.node)}   ${perTx(custodyCpu.node)}   (custody, its HTTP client${pg ? '' : ', PGlite'}; the raw client)`)
    say(`  anvil         ${perTx(rawCpu.anvil)}   ${perTx(custodyCpu.anvil)}`)
    for (const [name, ms] of [...custodyCpu.threads].sort((a, b) => b[1] - a[1])) if (ms > 0) say(`    ${name.padEnd(12)}${''.padEnd(25)}${perTx(ms)}`)
    if (pg) say(`  PostgreSQL    ${perTx(rawCpu.postgres)}   ${perTx(custodyCpu.postgres)}   (custody's backends)`)
    say(`  wall          ${perTx(1000 * N / results.at(-1)!.raw)}   ${perTx(1000 * N / results.at(-1)!.custody)}   (2 cores, shared with whatever else runs)`)
    if (PROFILE) {
      const all = [...statements].sort((a, b) => b[1].ms - a[1].ms)
      const total = all.reduce((n, [, k]) => n + k.n, 0)
      const totalMs = all.reduce((n, [, k]) => n + k.ms, 0)
      say(`\nSQL statements during the custody run: ${total} = ${(total / N).toFixed(2)} per transfer, ${totalMs.toFixed(0)} ms from send to answer`)
      say(`  count    per tx   total ms  mean ms  statement`)
      for (const [text, { n, ms }] of all.slice(0, 30)) say(`${String(n).padStart(7)}  ${(n / N).toFixed(3).padStart(7)}  ${ms.toFixed(0).padStart(8)}  ${(ms / n).toFixed(2).padStart(7)}  ${text}`)
      say(`\nJSON-RPC calls to the node during the custody run`)
      for (const [method, n] of [...rpcCalls].sort((a, b) => b[1] - a[1])) say(`${String(n).padStart(7)}  ${(n / N).toFixed(3).padStart(6)}/tx  ${method}`)
      say('\nTime between statuses (from the audit log), ms: median / p90 / max')
      const entries = await database.db.selectFrom('audit_entries').select(['target_id', 'action', 'at', 'after']).where('target_type', '=', 'transaction').where('at', '>=', custodyStartedAt).orderBy('seq').execute()
      const steps = new Map<string, number[]>()
      const previous = new Map<string, { status: string; at: number }>()
      for (const e of entries) {
        const status = (e.after as { status?: string } | null)?.status ?? '?'
        const before = previous.get(e.target_id!)
        if (before) {
          const key = `${before.status} → ${status}`
          steps.set(key, [...(steps.get(key) ?? []), e.at.getTime() - before.at])
        }
        previous.set(e.target_id!, { status, at: e.at.getTime() })
      }
      for (const [step, ms] of steps) {
        ms.sort((a, b) => a - b)
        const q = (f: number) => ms[Math.min(ms.length - 1, Math.floor(f * ms.length))]
        say(`  ${step.padEnd(36)} ${q(0.5)} / ${q(0.9)} / ${ms[ms.length - 1]}  (${ms.length})`)
      }
      const cpuFile = join(tmpdir(), `custody-pipeline-${Date.now()}.cpuprofile`)
      writeFileSync(cpuFile, JSON.stringify(cpu))
      say(`\nCPU profile of the custody run (this process): ${cpuFile}`)
      if (HEAP_PROFILE) {
        const heapFile = join(tmpdir(), `custody-pipeline-${Date.now()}.heapprofile`)
        writeFileSync(heapFile, JSON.stringify(heap))
        say(`Allocations of the custody run (this process's main thread, sampled, freed ones included): ${heapFile}`)
      }
    }
    await client.close()
    await stopServiceProcess(pipeline)
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
