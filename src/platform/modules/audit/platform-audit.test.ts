import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { startTestPlatform, type TestPlatform } from '../../../test/platform.ts'
import { ANVIL_DEV_KEYS } from '../../../chain/dev-accounts.ts'
import { auditAnchorAbi } from '../../../chain/generated/abis.ts'
import { allowAuditAnchorer } from '../../../cli/audit-bootstrap.ts'
import { auditLogId } from '../../../audit/log/checkpoint-if-due.ts'
import { openCheckpoint, parseVerifierKey, type VerifierKey } from '../../../audit/verify/note.ts'
import { verifyInclusion } from '../../../audit/verify/tree.ts'
import { PLATFORM_AUDIT_ANCHOR_VAULT_PURPOSE, type AnchorProgress } from './anchor-step.ts'
import { platformLogSigner, DEFAULT_PLATFORM_LOG_ORIGIN } from './platform-log-signer.ts'
import { startPlatformAuditCheckpoints, type PlatformAuditCheckpoints } from './start-platform-audit-checkpoints.ts'

// The harness's PLATFORM_MASTER_KEY.
const MASTER_KEY = Buffer.from('ef'.repeat(32), 'hex')

type Checkpoint = { treeSize: string; rootHash: string; checkpoint: string; vkey: string; anchor: { status: string | null; txId: string | null; txHash: string | null; block: string | null } }
type Entry = { seq: string; action: string; targetId: string | null; leafHash: string }
type Proof = { leafIndex: string; treeSize: string; leafHash: string; rootHash: string; proof: string[]; checkpoint: string | null }

const hex = (h: string) => Buffer.from(h, 'hex')

describe('platform audit checkpoints anchored on-chain through custody', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let audit: PlatformAuditCheckpoints
  let anchor: Address
  const logId = auditLogId(DEFAULT_PLATFORM_LOG_ORIGIN)

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { env: { CUSTODY_DEPLOYMENTS_FILE: process.env.CUSTOS_TEST_DEPLOYMENTS!, CUSTODY_AUDIT_CHECKPOINT_SECONDS: '0' } })
    // No workers: the investor stays PENDING_KYC, so the log grows only when the test acts, and the
    // service's own checkpoint loop is off (it runs with the workers); the test ticks one by hand.
    platform = await startTestPlatform(chain, custody, { env: { PLATFORM_WORKERS: '0' } })
    anchor = chain.deployments.auditAnchor!
    audit = startPlatformAuditCheckpoints(platform.service.ctx, platformLogSigner(MASTER_KEY, DEFAULT_PLATFORM_LOG_ORIGIN), { intervalMs: 0, pollMs: null, retryAfterMs: 0 })
  })
  afterAll(async () => {
    await audit?.stop()
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  const rootAt = async (size: bigint) => (await chain.publicClient.readContract({ address: anchor, abi: auditAnchorAbi, functionName: 'rootAt', args: [logId, size] }))[0]

  /** Ticks until `done` holds for the accumulated anchor progress, or the deadline passes. */
  async function tickUntil(done: (seen: AnchorProgress[]) => boolean, timeoutMs = 30_000): Promise<AnchorProgress[]> {
    const seen: AnchorProgress[] = []
    const deadline = Date.now() + timeoutMs
    while (!done(seen)) {
      if (Date.now() > deadline) throw new Error(`anchoring did not get there: ${JSON.stringify(seen, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}`)
      seen.push(...(await audit.tick()).anchors)
      await new Promise((r) => setTimeout(r, 50))
    }
    return seen
  }

  it('derives the log key from the platform master key, named by the origin, and publishes it', async () => {
    const signer = platformLogSigner(MASTER_KEY, DEFAULT_PLATFORM_LOG_ORIGIN)
    expect(signer.vkey.startsWith(`${DEFAULT_PLATFORM_LOG_ORIGIN}+`)).toBe(true)
    expect(platformLogSigner(Buffer.alloc(32, 1)).vkey).not.toBe(signer.vkey)
    const res = await platform.as.auditor.get<{ origin: string; vkey: string }>('/v1/audit/log-key')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ origin: DEFAULT_PLATFORM_LOG_ORIGIN, vkey: signer.vkey })
  })

  it('anchors a checkpoint of platform activity through a custody vault, provable by entry', async () => {
    // The deployer (AuditAnchor admin) allows the platform's anchoring vault (the bootstrap already does; idempotent).
    const [vault] = await platform.service.ctx.custody.findVaultsByPurpose(PLATFORM_AUDIT_ANCHOR_VAULT_PURPOSE)
    expect(vault?.tier).toBe('hot')
    await allowAuditAnchorer({ rpcUrl: chain.rpcUrl, deployerKey: ANVIL_DEV_KEYS[0]!, deployments: chain.deployments, anchorer: vault!.address })

    const created = await platform.as['issuer-admin'].post<{ id: string }>('/v1/investors', { name: 'Ada Audit', email: 'ada@example.org', country: 'DE', type: 'individual', externalRef: 'crm-ada' })
    expect(created.status).toBe(201)

    const seen = await tickUntil((s) => s.some((p) => p.status === 'CONFIRMED'))
    const done = seen.find((p) => p.status === 'CONFIRMED')!
    expect(seen.filter((p) => p.status === 'FAILED')).toEqual([])

    const list = await platform.as.auditor.get<{ items: Checkpoint[] }>('/v1/audit/checkpoints')
    expect(list.status).toBe(200)
    const cp = list.body.items.find((c) => BigInt(c.treeSize) === done.treeSize)!
    expect(cp.anchor).toMatchObject({ status: 'CONFIRMED', txId: done.txId })
    expect(cp.anchor.txHash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(cp.anchor.block).not.toBeNull()
    expect(await rootAt(done.treeSize)).toBe(`0x${cp.rootHash}`)
    const tx = await custody.as.admin.get<{ externalTxId: string; sourceVaultId: string; status: string }>(`/v1/transactions/${done.txId}`)
    expect(tx.body).toMatchObject({ externalTxId: `audit-anchor:${logId}:${done.treeSize}`, sourceVaultId: vault!.id, status: 'COMPLETED' })

    const key = parseVerifierKey(cp.vkey) as VerifierKey
    const opened = openCheckpoint(cp.checkpoint, [key])
    expect('note' in opened && opened.signature.ok).toBe(true)

    const entries = await platform.as.auditor.get<{ items: Entry[] }>(`/v1/audit/entries?action=investor.created&targetId=${created.body.id}`)
    const entry = entries.body.items[0]!
    const res = await platform.as.auditor.get<Proof>(`/v1/audit/entries/${entry.seq}/inclusion-proof?treeSize=${cp.treeSize}`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ leafHash: entry.leafHash, rootHash: cp.rootHash, checkpoint: cp.checkpoint })
    expect(verifyInclusion(hex(entry.leafHash), Number(entry.seq), Number(cp.treeSize), res.body.proof.map(hex), hex(cp.rootHash))).toBe(true)
    expect(verifyInclusion(hex(entry.leafHash), Number(entry.seq), Number(cp.treeSize), res.body.proof.map(hex), hex('00'.repeat(32)))).toBe(false)
  })

  it('does not checkpoint again when nothing but its own anchoring happened', async () => {
    const before = await platform.as.auditor.get<{ items: Checkpoint[] }>('/v1/audit/checkpoints')
    const again = await audit.tick()
    expect(again.checkpoint).toBeNull()
    expect(again.anchors).toEqual([])
    const after = await platform.as.auditor.get<{ items: Checkpoint[] }>('/v1/audit/checkpoints')
    expect(after.body.items.length).toBe(before.body.items.length)
  })
})
