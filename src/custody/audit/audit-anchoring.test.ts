import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, type Address, type Hex } from 'viem'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../test/custody.ts'
import { ANVIL_DEV_KEYS } from '../../chain/dev-accounts.ts'
import { auditAnchorAbi } from '../../chain/generated/abis.ts'
import { listAuditCheckpoints } from '../../audit/log/query.ts'
import { createCheckpoint } from '../../audit/log/checkpoint.ts'
import { createTransaction } from '../transactions/create-transaction.ts'
import { ANCHOR_CLIENT_ID } from './anchor-step.ts'
import { allowAuditAnchorer, ensureAuditAnchorVault } from '../../cli/audit-bootstrap.ts'
import type { CustodyContext } from '../context.ts'
import { custodyLogSigner } from './log-signer.ts'
import { auditLogId } from './anchor-contract.ts'
import { startAuditCheckpoints, type AuditCheckpoints, type AuditCheckpointsTick } from './start-audit-checkpoints.ts'

const ORIGIN = 'custos.dev/custody/anchoring-test'
const MASTER_KEY = Buffer.from('ab'.repeat(32), 'hex')

describe('custody audit checkpoints anchored through its own pipeline', () => {
  let chain: TestChain
  let custody: TestCustody
  let ctx: CustodyContext
  let audit: AuditCheckpoints
  let anchor: Address
  const signer = custodyLogSigner(MASTER_KEY, ORIGIN)
  const logId = auditLogId(ORIGIN)

  beforeAll(async () => {
    chain = await startTestChain()
    // The service's own scheduler is off: this test drives checkpoints by hand.
    custody = await startTestCustody(chain, { env: { CUSTODY_DEPLOYMENTS_FILE: process.env.CUSTOS_TEST_DEPLOYMENTS!, CUSTODY_AUDIT_CHECKPOINT_SECONDS: '0' } })
    ctx = custody.service.ctx
    anchor = chain.deployments.auditAnchor!
    // The background loop is off: the test ticks (intervalMs 0 = a checkpoint whenever the log grew).
    audit = startAuditCheckpoints(ctx, { intervalMs: 0, signer, origin: ORIGIN, pollMs: null, retryAfterMs: 0 })
  })
  afterAll(async () => {
    await audit?.stop()
    await custody?.close()
    await chain?.stop()
  })

  async function activity(name: string) {
    const res = await custody.as.admin.post('/v1/vaults', { name, tier: 'hot' })
    expect(res.status).toBe(201)
  }

  /** Ticks until `done` holds for the accumulated anchor progress, or the deadline passes. */
  async function tickUntil(done: (seen: AuditCheckpointsTick['anchors']) => boolean | Promise<boolean>, timeoutMs = 30_000) {
    const seen: AuditCheckpointsTick['anchors'] = []
    const deadline = Date.now() + timeoutMs
    while (!(await done(seen))) {
      if (Date.now() > deadline) throw new Error(`anchoring did not get there: ${JSON.stringify(seen, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}`)
      seen.push(...(await audit.tick()).anchors)
      await new Promise((r) => setTimeout(r, 50))
    }
    return seen
  }

  const rootAt = async (size: bigint) => (await chain.publicClient.readContract({ address: anchor, abi: auditAnchorAbi, functionName: 'rootAt', args: [logId, size] }))[0]

  it('derives a stable log key from the master key, named by the origin', () => {
    expect(custodyLogSigner(MASTER_KEY, ORIGIN).vkey).toBe(signer.vkey)
    expect(signer.vkey.startsWith(`${ORIGIN}+`)).toBe(true)
    expect(custodyLogSigner(Buffer.alloc(32, 1), ORIGIN).vkey).not.toBe(signer.vkey)
  })

  it('signs checkpoints but does not anchor while no AuditAnchor is known', async () => {
    const offline = startAuditCheckpoints({ ...ctx, config: { ...ctx.config, CUSTODY_DEPLOYMENTS_FILE: `${custody.home}/no-such-deployments.json` } }, { intervalMs: 0, signer, origin: ORIGIN, pollMs: null })
    await activity('audit-before-anchor')
    const first = await offline.tick()
    expect(first.checkpoint).not.toBeNull()
    expect(first.anchors).toEqual([])
    expect(first.checkpoint!.checkpoint.startsWith(`${ORIGIN}\n${first.checkpoint!.treeSize}\n`)).toBe(true)
    expect((await offline.tick()).checkpoint).toBeNull()
    await offline.stop()
  })

  it('retries an anchor the contract refuses until the admin allows the custody vault, then completes it on-chain', async () => {
    await activity('audit-activity-1')
    const refused = await tickUntil((seen) => seen.some((p) => p.status === 'FAILED'))
    expect(refused.find((p) => p.status === 'FAILED')!.reason).toMatch(/SIMULATION_REVERTED.*NotAnchorer/)

    const vault = await ensureAuditAnchorVault(custody.client.admin)
    expect(vault.created).toBe(false)
    expect(await allowAuditAnchorer({ rpcUrl: chain.rpcUrl, deployerKey: ANVIL_DEV_KEYS[0]!, deployments: chain.deployments, anchorer: vault.address })).toEqual({ changed: true })
    expect(await allowAuditAnchorer({ rpcUrl: chain.rpcUrl, deployerKey: ANVIL_DEV_KEYS[0]!, deployments: chain.deployments, anchorer: vault.address })).toEqual({ changed: false })

    // Every checkpoint (the one signed while offline included) is anchored, smallest first.
    const progress = await tickUntil(async () => (await listAuditCheckpoints(ctx.db, {})).items.every((c) => c.anchor.status === 'CONFIRMED'))
    const confirmed = progress.filter((p) => p.status === 'CONFIRMED').map((p) => p.treeSize)
    expect(confirmed).toEqual([...confirmed].sort((a, b) => (a < b ? -1 : 1)))

    const { items } = await listAuditCheckpoints(ctx.db, {})
    expect(items.length).toBeGreaterThanOrEqual(2)
    for (const cp of items) {
      expect(await rootAt(cp.treeSize)).toBe(`0x${cp.rootHash}`)
      const tx = await waitForTransaction<{ status: string; externalTxId: string; txHash: string; to: string; from: string }>(custody.as.admin, cp.anchor.txId!)
      expect(tx.status).toBe('COMPLETED')
      expect(tx.externalTxId.startsWith(`audit-anchor:${logId}:${cp.treeSize}`)).toBe(true)
      expect(tx.txHash).toBe(cp.anchor.txHash)
      expect(tx.to.toLowerCase()).toBe(anchor.toLowerCase())
      expect(tx.from).toBe(vault.address)
      expect(cp.anchor.block).not.toBeNull()
    }
    expect(await chain.publicClient.readContract({ address: anchor, abi: auditAnchorAbi, functionName: 'logOwner', args: [logId] })).toBe(vault.address)
  })

  it('stays quiet while the only new entries are the anchoring’s own, and anchors again after real activity', async () => {
    const idle = await audit.tick()
    expect(idle).toEqual({ checkpoint: null, anchors: [] })

    await activity('audit-activity-2')
    const next = await audit.tick()
    expect(next.checkpoint).not.toBeNull()
    await tickUntil((s) => s.some((p) => p.status === 'CONFIRMED' && p.treeSize === next.checkpoint!.treeSize))
    expect(await rootAt(next.checkpoint!.treeSize)).toBe(`0x${next.checkpoint!.rootHash}` as Hex)
    const latest = await chain.publicClient.readContract({ address: anchor, abi: auditAnchorAbi, functionName: 'latestTreeSize', args: [logId] })
    expect(latest).toBe(next.checkpoint!.treeSize)
  })

  it('after a crash between sending and recording, follows the transaction already sent instead of anchoring twice', async () => {
    await activity('audit-activity-3')
    const cp = (await createCheckpoint({ db: ctx.db, clock: ctx.clock, signer, origin: ORIGIN }))!
    const vault = await ensureAuditAnchorVault(custody.client.admin)
    const externalTxId = `audit-anchor:${logId}:${cp.treeSize}`
    const { transaction } = await createTransaction(ctx, {
      initiator: { keyId: 'system', clientId: ANCHOR_CLIENT_ID },
      input: { externalTxId, sourceVaultId: vault.id, to: anchor, data: encodeFunctionData({ abi: auditAnchorAbi, functionName: 'anchor', args: [logId, cp.treeSize, `0x${cp.rootHash}`] }), note: `anchor audit checkpoint ${cp.treeSize} of ${ORIGIN}` },
      correlationId: externalTxId,
    })
    const seen = await tickUntil((s) => s.some((p) => p.status === 'CONFIRMED' && p.treeSize === cp.treeSize))
    expect(seen.filter((p) => p.treeSize === cp.treeSize && p.txId !== undefined).every((p) => p.txId === transaction.id)).toBe(true)
    const [stored] = (await listAuditCheckpoints(ctx.db, { order: 'desc', limit: 1 })).items
    expect(stored!.anchor).toMatchObject({ status: 'CONFIRMED', txId: transaction.id })
    const sent = await ctx.db.selectFrom('transactions').select('id').where('client_id', '=', ANCHOR_CLIENT_ID).where('external_tx_id', 'like', `${externalTxId}%`).execute()
    expect(sent).toHaveLength(1)
  })
})
