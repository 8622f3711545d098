// @postgres-pass: several nodes of each service on one PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql, type Kysely } from 'kysely'
import type { Address } from 'viem'
import { exportAudit } from './audit/log/export.ts'
import type { AuditDb } from './audit/log/schema.ts'
import { verifyAuditExport } from './audit/verify/verify-export.ts'
import { tokenAbi } from './chain/generated/abis.ts'
import { createSignedFetch, type SignedFetch } from './shared/auth/sign-request.ts'
import { openDatabase } from './shared/db/connect.ts'
import { freePort } from './shared/net.ts'
import { startTestChain, type TestChain } from './test/chain.ts'
import { CUSTODY_MAIN, prepareCustodyProcess, type CustodyProcessHarness } from './test/custody-process.ts'
import type { TestCustody } from './test/custody.ts'
import { PLATFORM_MAIN, preparePlatformProcess, type PlatformProcessHarness } from './test/platform-process.ts'
import { pollUntil, type InvestorView, type OperationView, type TokenView } from './test/platform/tokens.ts'
import { healthyOrDead, startServiceProcess, stopServiceProcess, type ServiceProcess } from './test/service-process.ts'
import { startTcpBalancer, type TcpBalancer } from './test/tcp-balancer.ts'

type CustodyTx = { id: string; status: string }
type Role = 'issuer-admin' | 'auditor'

/**
 * docs/production.md "Several nodes": two custody API nodes (behind a load
 * balancer), two custody worker processes and two platform nodes, each
 * service on its one PostgreSQL database. A journey runs through both platform
 * nodes; mid-run one of each is SIGKILLed; the survivors finish it with every
 * operation completed, each on-chain effect once, and both audit logs whole.
 * PGlite is one process by design, so this runs only with DATABASE_URL.
 */
describe.skipIf(!process.env.DATABASE_URL)('several nodes of each service on one PostgreSQL', () => {
  let chain: TestChain
  let custody: CustodyProcessHarness
  let platform: PlatformProcessHarness<Role>
  let balancer: TcpBalancer
  const extra: ServiceProcess[] = []

  /** Starts one more node of a service on a harness's environment (same database, keys and state folder). */
  async function startNode(main: string, env: Record<string, string>, portVariable: string, overrides: Record<string, string>): Promise<{ proc: ServiceProcess; port: number }> {
    const port = await freePort()
    const proc = startServiceProcess(main, { ...env, ...overrides, [portVariable]: String(port) })
    extra.push(proc)
    expect(await healthyOrDead(proc, port, 120_000)).toBe('healthy')
    return { proc, port }
  }
  async function kill(p: ServiceProcess): Promise<void> {
    p.child.kill('SIGKILL')
    expect(await p.exited).toBe(-9)
  }

  beforeAll(async () => {
    chain = await startTestChain()
  }, 60_000)

  afterAll(async () => {
    for (const p of extra) await stopServiceProcess(p)
    await platform?.close()
    await balancer?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('finishes a journey with nothing lost or duplicated when one node of each kind is killed mid-run', async () => {
    // Custody: API node A (the harness's process), then API node B and workers W1, W2 on the same database.
    custody = await prepareCustodyProcess(chain, { env: { CUSTODY_WORKERS: '0' } })
    expect(await custody.start(120_000)).toBe('healthy')
    const custodyA = custody.proc!
    const [custodyB, worker1, worker2] = await Promise.all([
      startNode(CUSTODY_MAIN, custody.env, 'CUSTODY_PORT', { CUSTODY_WORKERS: '0' }),
      startNode(CUSTODY_MAIN, custody.env, 'CUSTODY_PORT', { CUSTODY_WORKERS: '1' }),
      startNode(CUSTODY_MAIN, custody.env, 'CUSTODY_PORT', { CUSTODY_WORKERS: '1' }),
    ])
    balancer = await startTcpBalancer([custody.port, custodyB.port])
    const viaBalancer = (role: keyof typeof custody.keys): SignedFetch => createSignedFetch({ baseUrl: balancer.url, ...custody.keys[role]! })
    const approver = viaBalancer('approver-1')
    const custodyAuditor = viaBalancer('auditor')

    // Platform: P1 (the harness's process) and P2, both with workers, both calling custody through the balancer.
    platform = await preparePlatformProcess(chain, { ...custody, url: balancer.url } as unknown as TestCustody, {
      roles: ['issuer-admin', 'auditor'],
      failpoints: [],
      env: { PLATFORM_KYC_AUTO_APPROVE: 'true', PLATFORM_WORKERS: '2' },
    })
    expect(await platform.start(120_000)).toBe('healthy')
    const p1 = platform.proc!
    const p2 = await startNode(PLATFORM_MAIN, platform.env, 'PLATFORM_PORT', {})
    const client = (port: number, role: Role) => createSignedFetch({ baseUrl: `http://127.0.0.1:${port}`, ...platform.keys[role] })
    const nodes = [
      { admin: platform.as['issuer-admin'], auditor: platform.as.auditor },
      { admin: client(p2.port, 'issuer-admin'), auditor: client(p2.port, 'auditor') },
    ]
    const survivor = nodes[1]!

    // A custody approver approves whatever waits for authorization, through the balancer, for the whole journey.
    let approving = true
    const approvals = (async () => {
      while (approving) {
        const pending = await custodyAuditor.get<{ items: CustodyTx[] }>('/v1/transactions?limit=200').catch(() => null)
        for (const t of pending?.body.items ?? []) {
          if (t.status === 'PENDING_AUTHORIZATION') await approver.post(`/v1/transactions/${t.id}/approve`, { comment: 'checked' }).catch(() => null)
        }
        await new Promise((r) => setTimeout(r, 200))
      }
    })()

    try {
      // Four investors onboarded and a token deployed, the requests alternating between the platform nodes.
      const names = ['Ada Node', 'Ben Node', 'Cem Node', 'Dia Node']
      const created: string[] = []
      for (const [i, name] of names.entries()) {
        const res = await nodes[i % 2]!.admin.post<InvestorView>('/v1/investors', { name, email: `node${i}@example.org`, country: 'DE', type: 'individual' })
        expect(res.status).toBe(201)
        created.push(res.body.id)
      }
      const token0 = await nodes[1]!.admin.post<TokenView>('/v1/tokens', { name: 'Node Equity', symbol: 'NODE', decimals: 0, compliance: { allowedCountries: ['DE'], maxBalance: '1000000', supplyLimit: '1000000000' } })
      expect(token0.status).toBe(201)
      const investors = await Promise.all(
        created.map((id, i) => pollUntil(async () => (await nodes[i % 2]!.auditor.get<InvestorView>(`/v1/investors/${id}`)).body, (v) => v.status === 'ACTIVE', `investor ${id}`, 120_000)),
      )
      const token = await pollUntil(async () => (await nodes[0]!.auditor.get<TokenView>(`/v1/tokens/${token0.body.id}`)).body, (t) => t.status !== 'DEPLOYING', 'token deployed', 120_000)
      expect(token.status).toBe('ACTIVE')

      // Two mints go in, one through each platform node, and while they run one node of each kind is killed.
      const mint = (node: (typeof nodes)[number], i: number) =>
        node.admin.post<OperationView>('/v1/assets/mint', { tokenId: token.id, investorId: investors[i]!.id, quantity: String(100 + i), agreementRef: 'several-nodes', idempotencyKey: `several-nodes-mint-${i}` })
      const first = await Promise.all([mint(nodes[0]!, 0), mint(nodes[1]!, 1)])
      expect(first.map((r) => r.status)).toEqual([202, 202])
      // Killed once both are at custody (waiting for approval or in its pipeline), before the platform has recorded them done.
      await Promise.all(
        first.map((r, i) => pollUntil(async () => (await nodes[i]!.auditor.get<OperationView>(`/v1/assets/issuances/${r.body.id}`)).body, (o) => o.custodyTxId !== null, `mint ${r.body.id} at custody`)),
      )
      await Promise.all([kill(custodyA), kill(worker1.proc), kill(p1)])

      // The client whose node died repeats its request on the survivor with the same key: the same operation, not a second one.
      const repeated = await mint(survivor, 0)
      expect(repeated.status).toBe(200)
      expect(repeated.body.id).toBe(first[0]!.body.id)
      const rest = [await mint(survivor, 2), await mint(survivor, 3)]
      expect(rest.map((r) => r.status)).toEqual([202, 202])
      const ops = [first[0]!.body, first[1]!.body, ...rest.map((r) => r.body)]
      const done = await Promise.all(
        ops.map((op) => pollUntil(async () => (await survivor.auditor.get<OperationView>(`/v1/assets/issuances/${op.id}`)).body, (o) => o.status === 'COMPLETED' || o.status === 'FAILED', `mint ${op.id}`, 150_000)),
      )
      expect(done.map((o) => o.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED'])

      // Each on-chain effect exactly once.
      for (const [i, v] of investors.entries()) {
        expect(await chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [v.walletAddress as Address] })).toBe(BigInt(100 + i))
      }
      expect(await chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'totalSupply' })).toBe(406n)
      expect(worker2.proc.child.exitCode).toBeNull()

      // Custody: one transaction per external id, every one final, and per address the nonces 0..n-1 with n what the chain counts.
      const custodyDb = await openDatabase<unknown>({ kind: 'postgres', url: custody.env.CUSTODY_DATABASE_URL! }, 'custody')
      try {
        const db = custodyDb.db as Kysely<any>
        const txs = (await sql<{ external_tx_id: string; status: string; from_address: Address; nonce: bigint | null; block_number: bigint | null }>`select external_tx_id, status, from_address, nonce, block_number from transactions`.execute(db)).rows
        for (const op of done) expect(txs.filter((t) => t.external_tx_id === op.externalTxId)).toHaveLength(1)
        expect(txs.filter((t) => t.status !== 'COMPLETED')).toEqual([])
        const byAddress = new Map<Address, bigint[]>()
        for (const t of txs) if (t.block_number !== null) byAddress.set(t.from_address, [...(byAddress.get(t.from_address) ?? []), BigInt(t.nonce!)])
        for (const [address, nonces] of byAddress) {
          const count = await chain.publicClient.getTransactionCount({ address })
          expect(nonces.sort((a, b) => (a < b ? -1 : 1)), address).toEqual(Array.from({ length: count }, (_, i) => BigInt(i)))
        }
        expect(byAddress.size).toBeGreaterThanOrEqual(3)
        await expectAuditVerifies(custodyDb.db as AuditDb)
      } finally {
        await custodyDb.close()
      }

      // Platform: no workflow left ACTIVE or FAILED, and its audit log verifies.
      const platformDb = await openDatabase<unknown>({ kind: 'postgres', url: platform.env.PLATFORM_DATABASE_URL! }, 'platform')
      try {
        const workflows = (await sql<{ kind: string; status: string }>`select kind, status from workflows`.execute(platformDb.db as Kysely<any>)).rows
        expect(workflows.length).toBeGreaterThanOrEqual(names.length + 1 + ops.length)
        expect(workflows.filter((w) => w.status === 'ACTIVE' || w.status === 'FAILED')).toEqual([])
        await expectAuditVerifies(platformDb.db as AuditDb)
      } finally {
        await platformDb.close()
      }
    } finally {
      approving = false
      await approvals
    }
  }, 400_000)
})

/** Exports the service's audit log and verifies every hash, the hash chain and any checkpoints offline. */
async function expectAuditVerifies(db: AuditDb): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'custos-several-nodes-audit-'))
  try {
    const exported = await exportAudit(db, dir)
    expect(exported.treeSize).toBeGreaterThan(0)
    const report = await verifyAuditExport(dir, { workers: 0 })
    expect(report.problems).toEqual([])
    expect(report.ok).toBe(true)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
