import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { readdirSync } from 'node:fs'
import type { Address } from 'viem'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { CUSTODY_ENV_FOR_A_RESTARTING_PLATFORM, preparePlatformProcess, type PlatformProcessHarness } from '../../../test/platform-process.ts'
import { restartAtFailpoints, type RestartAtFailpoints } from '../../../test/service-process.ts'
import { fundStablecoin, stablecoinBalance } from '../../../test/platform/offerings.ts'
import { pollUntil, type InvestorView, type TokenView } from '../../../test/platform/tokens.ts'
import { PLATFORM_FAILPOINTS } from '../../failpoints.ts'

type Dist = { id: string; status: string; vaults: { treasury: { vaultId: string; address: Address } }; chunks: { externalTxId: string; status: string }[]; workflow: { status: string } | null }
type CustodyTx = { id: string; externalTxId: string; status: string }

/**
 * Kills the platform process (SIGKILL) inside a dividend — right after the
 * snapshot, after the treasury's approval of the payout contract was
 * submitted, and after custody accepted a payout chunk but before the
 * platform recorded it — and restarts it each time: every holder is paid
 * exactly once, with one custody transaction per chunk.
 */
describe('a distribution survives the platform being killed at any point', () => {
  let chain: TestChain
  let custody: TestCustody
  let h: PlatformProcessHarness<'issuer-admin' | 'compliance-officer' | 'auditor'>
  let p: RestartAtFailpoints
  const failpoints = PLATFORM_FAILPOINTS.filter((f) => f.startsWith('distribution:'))
  const vaultTxs = async (vaultId: string) => (await custody.as.auditor.get<{ items: CustodyTx[] }>(`/v1/transactions?sourceVaultId=${vaultId}&kind=USER&limit=200`)).body.items
  async function approvePending(): Promise<void> {
    for (const t of await vaultTxs(h.roles.vaults.issuerAgent.id)) {
      if (t.status === 'PENDING_AUTHORIZATION') await custody.as['approver-1'].post(`/v1/transactions/${t.id}/approve`, { comment: 'checked' })
    }
  }

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { env: CUSTODY_ENV_FOR_A_RESTARTING_PLATFORM })
    h = await preparePlatformProcess(chain, custody, { roles: ['issuer-admin', 'compliance-officer', 'auditor'], failpoints, env: { PLATFORM_KYC_AUTO_APPROVE: 'true', PLATFORM_INDEXER_POLL_MS: '100', PLATFORM_RECONCILE_INTERVAL_MS: '0' } })
    p = restartAtFailpoints(h)
  }, 120_000)
  afterAll(async () => {
    await h?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('pays every holder exactly once, one custody transaction per chunk', async () => {
    expect(await p.start()).toBe('healthy')
    const admin = h.as['issuer-admin']
    const ids: string[] = []
    for (const [i, name] of ['Mia Crash', 'Noa Crash'].entries()) {
      const res = await admin.post<InvestorView>('/v1/investors', { name, email: `dist-crash${i}@example.org`, country: 'DE', type: 'individual' })
      expect(res.status).toBe(201)
      ids.push(res.body.id)
    }
    const investors = await Promise.all(ids.map((id) => pollUntil(async () => (await admin.get<InvestorView>(`/v1/investors/${id}`)).body, (v) => v.status === 'ACTIVE', `investor ${id}`, 180_000)))
    const created = await admin.post<TokenView>('/v1/tokens', { name: 'Crash Dividend', symbol: 'CDIV', decimals: 0 })
    expect(created.status).toBe(201)
    const token = await pollUntil(async () => { await approvePending(); return (await admin.get<TokenView>(`/v1/tokens/${created.body.id}`)).body }, (t) => t.status !== 'DEPLOYING', 'token deployed', 120_000)
    expect(token.status).toBe('ACTIVE')
    for (const [i, v] of investors.entries()) {
      const res = await admin.post<{ id: string; status: string }>('/v1/assets/mint', { tokenId: token.id, investorId: v.id, quantity: String(100 * (i + 1)), agreementRef: 'crash', idempotencyKey: `dist-crash-mint-${i}` })
      expect(res.status).toBe(202)
      await pollUntil(async () => { await approvePending(); return (await admin.get<{ status: string }>(`/v1/assets/issuances/${res.body.id}`)).body }, (o) => o.status === 'COMPLETED', `mint ${i}`, 120_000)
    }
    const recordBlock = await chain.publicClient.getBlockNumber()

    const body = { kind: 'DIVIDEND', amountPerToken: '1000000', recordBlock: recordBlock.toString(), paymentDate: new Date().toISOString(), idempotencyKey: 'dist-crash-1' }
    const declared = await admin.post<Dist>(`/v1/tokens/${token.id}/distributions`, body)
    expect(declared.status, JSON.stringify(declared.body)).toBe(201)
    const id = declared.body.id
    await fundStablecoin(chain, declared.body.vaults.treasury.address, 300_000_000n)

    const read = async () => (await h.as.auditor.get<Dist>(`/v1/distributions/${id}`)).body
    /** The issuer and a compliance officer approve the snapshot once it is taken (four eyes). */
    const approveSnapshot = async () => {
      if ((await read()).status !== 'SNAPSHOTTED') return
      await admin.post(`/v1/distributions/${id}/approvals`)
      await h.as['compliance-officer'].post(`/v1/distributions/${id}/approvals`)
    }
    const done = await p.until('distribution disbursed or failed', read, (d) => d.status === 'DISBURSED' || d.workflow?.status === 'FAILED', { timeoutMs: 300_000, meanwhile: approveSnapshot })

    expect(p.crashes).toBe(failpoints.length)
    expect(readdirSync(join(h.home, 'platform', 'failpoints'))).toHaveLength(failpoints.length)
    expect(done.status).toBe('DISBURSED')
    // No withholding configured: each holder gets 1 cUSD per token, once.
    expect(await stablecoinBalance(chain, investors[0]!.walletAddress!)).toBe(100_000_000n)
    expect(await stablecoinBalance(chain, investors[1]!.walletAddress!)).toBe(200_000_000n)
    expect(await stablecoinBalance(chain, done.vaults.treasury.address)).toBe(0n)
    // One approval and one transaction per chunk at custody, and on-chain nothing else from the treasury.
    const txs = await vaultTxs(done.vaults.treasury.vaultId)
    expect(txs.map((t) => t.externalTxId).sort()).toEqual([`dist:${id}:approve`, ...done.chunks.map((c) => c.externalTxId)].sort())
    expect(txs.every((t) => t.status === 'COMPLETED')).toBe(true)
    expect(await chain.publicClient.getTransactionCount({ address: done.vaults.treasury.address })).toBe(1 + done.chunks.length)
  }, 600_000)
})
