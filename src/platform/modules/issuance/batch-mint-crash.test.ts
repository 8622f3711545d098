// @postgres-pass: a batch mint killed mid-chunk, minted once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Address } from 'viem'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { CUSTODY_ENV_FOR_A_RESTARTING_PLATFORM, preparePlatformProcess, type PlatformProcessHarness } from '../../../test/platform-process.ts'
import { restartAtFailpoints, type RestartAtFailpoints } from '../../../test/service-process.ts'
import type { SignedFetch } from '../../../shared/auth/sign-request.ts'
import { tokenAbi } from '../../../chain/generated/abis.ts'
import { PLATFORM_FAILPOINTS } from '../../failpoints.ts'
import { pollUntil, type InvestorView, type TokenView } from '../../../test/platform/tokens.ts'

type BatchView = { id: string; status: string; chunkCount: number; chunks: { externalTxId: string; status: string }[]; items: { investorId: string; quantity: string; status: string }[] }
type CustodyTx = { id: string; externalTxId: string; status: string }

/**
 * Kills the platform process (SIGKILL) inside a batch mint — right after the
 * plan is recorded (before the request is answered), right after custody
 * accepted a chunk's transaction, and when a chunk is on-chain but not yet
 * recorded — and restarts it each time: every holder must end with exactly
 * its quantity, with one custody transaction per chunk.
 */
describe('a batch mint survives the platform being killed at any point', () => {
  let chain: TestChain
  let custody: TestCustody
  let h: PlatformProcessHarness<'issuer-admin' | 'auditor'>
  let admin: SignedFetch
  let p: RestartAtFailpoints
  const failpoints = PLATFORM_FAILPOINTS.filter((f) => f.startsWith('batch-mint:'))
  const issuerAgentTxs = async () =>
    (await custody.as.auditor.get<{ items: CustodyTx[] }>(`/v1/transactions?sourceVaultId=${h.roles.vaults.issuerAgent.id}&kind=USER&limit=200`)).body.items
  /** A custody approver approves whatever the issuer-agent vault has waiting (custody keeps running while the platform dies). */
  async function approvePending(): Promise<void> {
    for (const t of await issuerAgentTxs()) {
      if (t.status === 'PENDING_AUTHORIZATION') await custody.as['approver-1'].post(`/v1/transactions/${t.id}/approve`, { comment: 'checked' })
    }
  }

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { env: CUSTODY_ENV_FOR_A_RESTARTING_PLATFORM })
    h = await preparePlatformProcess(chain, custody, { roles: ['issuer-admin', 'auditor'], failpoints, env: { PLATFORM_KYC_AUTO_APPROVE: 'true' } })
    admin = h.as['issuer-admin']
  }, 120_000)

  afterAll(async () => {
    await h?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('mints every holder exactly its quantity, one custody transaction per chunk', async () => {
    p = restartAtFailpoints(h)
    expect(await p.start()).toBe('healthy')

    // The world, through the API: four onboarded investors and a deployed token (no failpoint lies on this path).
    const names = ['Ida Crash', 'Jon Crash', 'Kim Crash', 'Lea Crash']
    const ids: string[] = []
    for (const [i, name] of names.entries()) {
      const res = await admin.post<InvestorView>('/v1/investors', { name, email: `crash${i}@example.org`, country: 'DE', type: 'individual' })
      expect(res.status).toBe(201)
      ids.push(res.body.id)
    }
    const investors = await Promise.all(ids.map((id) => pollUntil(async () => (await admin.get<InvestorView>(`/v1/investors/${id}`)).body, (v) => v.status === 'ACTIVE', `investor ${id}`, 180_000)))
    const created = await admin.post<TokenView>('/v1/tokens', { name: 'Crash Equity', symbol: 'CRSH', decimals: 0, compliance: { allowedCountries: ['DE'], maxBalance: '1000000', supplyLimit: '1000000000' } })
    expect(created.status).toBe(201)
    const token = await pollUntil(
      async () => {
        await approvePending()
        return (await admin.get<TokenView>(`/v1/tokens/${created.body.id}`)).body
      },
      (t) => t.status !== 'DEPLOYING',
      'token deployed',
      120_000,
    )
    expect(token.status).toBe('ACTIVE')

    // A small chunk budget (about two holders a chunk with this token's modules), so the four make several chunks.
    const items = investors.map((v, i) => ({ investorId: v.id, quantity: String(1000 + i) }))
    const body = { tokenId: token.id, items, agreementRef: 'crash-issue', idempotencyKey: 'bm-crash-1', maxChunkGas: 640_000 }
    let batchId: string | null = null
    /** The answer to the request that got one, and how many times the platform had been killed before it. */
    let answered: { status: number; afterCrashes: number } | null = null
    const otherAnswers: unknown[] = []
    // Killed at a failpoint, the platform is started again, as an operator (or a supervisor) would.
    const read = async (): Promise<BatchView | null> => {
      if (!batchId) {
        // The request dies with the process at the first failpoint; the client repeats it with the same key.
        const res = await admin.post<BatchView>('/v1/assets/batch-mint', body)
        if (res.status !== 200 && res.status !== 202) {
          otherAnswers.push(res.body)
          return null
        }
        answered = { status: res.status, afterCrashes: p.crashes }
        batchId = res.body.id
        return null
      }
      return (await admin.get<BatchView>(`/v1/assets/batch-mints/${batchId}`)).body
    }
    const done = (await p.until('batch mint ended', read, (b) => b !== null && b.status !== 'PROCESSING', { timeoutMs: 300_000, meanwhile: approvePending }))!

    // A repeat after a crash answers the batch the first request recorded.
    expect(otherAnswers).toEqual([])
    if (answered!.afterCrashes > 0) expect(answered!.status).toBe(200)
    expect(p.crashes).toBe(failpoints.length)
    expect(readdirSync(join(h.home, 'platform', 'failpoints'))).toHaveLength(failpoints.length)
    expect(done.status).toBe('COMPLETED')
    expect(done.chunkCount).toBeGreaterThanOrEqual(2)
    expect(done.items.every((i) => i.status === 'MINTED')).toBe(true)
    for (const [i, v] of investors.entries()) {
      expect(await chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [v.walletAddress as Address] })).toBe(BigInt(1000 + i))
    }
    expect(await chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'totalSupply' })).toBe(4006n)

    // Exactly one custody transaction per chunk, and on-chain the issuer agent sent the deployment and the chunks only.
    const chunkTxs = (await issuerAgentTxs()).filter((t) => t.externalTxId.startsWith(`batch-mint:${batchId}:`))
    expect(chunkTxs.map((t) => t.externalTxId).sort()).toEqual(done.chunks.map((c) => c.externalTxId).sort())
    expect(chunkTxs.every((t) => t.status === 'COMPLETED')).toBe(true)
    expect(await chain.publicClient.getTransactionCount({ address: h.roles.vaults.issuerAgent.address })).toBe(1 + done.chunkCount)
    const audit = await h.as.auditor.get<{ items: { action: string }[] }>(`/v1/audit/entries?targetId=${batchId}&action=batch_mint.chunk_completed`)
    expect(audit.body.items).toHaveLength(done.chunkCount)
  }, 600_000)
})
