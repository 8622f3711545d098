// @postgres-pass: group commit of many transactions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, erc20Abi, type Address, type Hex } from 'viem'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../test/custody.ts'
import { reserveNonce, reserveNonces } from '../pipeline/nonces.ts'
import { transition, transitionMany, type TransitionRequest } from './transition.ts'

type Tx = { id: string; status: string; externalTxId: string }
type Problem = { code: string }

// Submissions and status changes are committed in groups; each must still come out as if done alone.
describe('group commits of custody transactions', () => {
  let chain: TestChain
  let custody: TestCustody
  let vault: { id: string; address: Address }
  const receiver = '0x00000000000000000000000000000000000bE4C4' as Address
  const transfer = (amount: bigint) => encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [receiver, amount] })

  const auditOf = (ids: string[], action: string) =>
    custody.service.ctx.db.selectFrom('audit_entries').select(['target_id', 'after']).where('action', '=', action).where('target_id', 'in', ids).orderBy('seq').execute()
  const eventsOf = (ids: string[], type: string) =>
    custody.service.ctx.db.selectFrom('webhook_events').select(['resource_id', 'sequence', 'data']).where('type', '=', type).where('resource_id', 'in', ids).orderBy('resource_id').orderBy('sequence').execute()
  const rowsOf = (ids: string[]) => custody.service.ctx.db.selectFrom('transactions').selectAll().where('id', 'in', ids).execute()

  beforeAll(async () => {
    chain = await startTestChain()
    // No pipeline worker: the transactions stay where the tests put them.
    custody = await startTestCustody(chain, { workers: 0 })
    vault = (await custody.as.admin.post<{ id: string; address: Address }>('/v1/vaults', { name: 'group-commit', tier: 'hot' })).body
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
  })

  it('commits concurrent submissions together, each with its own row, audit entry and event, and answers repeats and reused ids as alone', async () => {
    const body = (i: number, amount = 1n) => ({ externalTxId: `group-${i}`, sourceVaultId: vault.id, to: chain.deployments.stablecoin, data: transfer(amount) })
    const requests = [
      ...Array.from({ length: 30 }, (_, i) => body(i)),
      // The same request again (spelt differently, so that the signatures differ): the same transaction.
      { ...body(3), to: chain.deployments.stablecoin.toLowerCase() },
      { ...body(3), data: `0x${transfer(1n).slice(2).toUpperCase()}` },
      body(4, 2n), // the same id with another body: refused
    ]
    const answers = await Promise.all(requests.map((b) => custody.as.platform.post<Tx | Problem>('/v1/transactions', b)))

    const created = answers.filter((a) => a.status === 201).map((a) => a.body as Tx)
    expect(created.map((t) => t.externalTxId).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `group-${i}`).sort())
    const repeats = answers.filter((a, i) => requests[i]!.externalTxId === 'group-3')
    expect(repeats.map((a) => a.status).sort()).toEqual([200, 200, 201])
    expect(new Set(repeats.map((a) => (a.body as Tx).id)).size).toBe(1)
    // Whichever body of group-4 was stored first, the other is refused.
    const reused = answers.filter((a, i) => requests[i]!.externalTxId === 'group-4')
    expect(reused.map((a) => a.status).sort()).toEqual([201, 409])
    expect(reused.find((a) => a.status === 409)!.body).toMatchObject({ code: 'EXTERNAL_TX_ID_REUSED' })

    const ids = created.map((t) => t.id)
    expect((await rowsOf(ids)).every((r) => r.status === 'SUBMITTED')).toBe(true)
    const audit = await auditOf(ids, 'transaction.created')
    expect(audit.map((e) => e.target_id).sort()).toEqual([...ids].sort())
    const events = await eventsOf(ids, 'transaction.created')
    expect(events.map((e) => [e.resource_id, Number(e.sequence)]).sort()).toEqual(ids.map((id) => [id, 1]).sort())
  })

  it('moves many transactions with one update per shape of change, each only if nobody changed it since it was read', async () => {
    const ctx = custody.service.ctx
    const rows = (await ctx.db.selectFrom('transactions').selectAll().where('status', '=', 'SUBMITTED').where('source_vault_id', '=', vault.id).orderBy('created_at').execute()).slice(0, 12)
    expect(rows).toHaveLength(12)
    // Others get to two of them first: a client cancels one, another worker moves one.
    expect((await custody.as.platform.post(`/v1/transactions/${rows[0]!.id}/cancel`, {})).status).toBe(200)
    await transition(ctx, rows[1]!, 'QUEUED', { actor: 'system:other-worker', patch: { policy: JSON.stringify({ by: 'other' }) } })

    // Two shapes of change in one call: half QUEUED with a policy, half BLOCKED with a completion time.
    const now = ctx.clock.now()
    const requests: TransitionRequest[] = rows.map((t, i) =>
      i % 2 === 0
        ? { current: t, to: 'BLOCKED', actor: 'system:test', subStatus: 'BLOCKED_BY_POLICY', reason: `blocked ${i}`, patch: { completed_at: now } }
        : { current: t, to: 'QUEUED', actor: 'system:test', patch: { policy: JSON.stringify({ i }) } },
    )
    const moved = await transitionMany(ctx, requests)

    expect(moved[0]).toBeNull()
    expect(moved[1]).toBeNull()
    for (const [i, row] of moved.entries()) {
      if (i < 2) continue
      expect(row).toMatchObject(i % 2 === 0 ? { status: 'BLOCKED', sub_status: 'BLOCKED_BY_POLICY', status_reason: `blocked ${i}` } : { status: 'QUEUED', sub_status: null, policy: { i } })
    }
    const stored = new Map((await rowsOf(rows.map((r) => r.id))).map((r) => [r.id, r]))
    expect(stored.get(rows[0]!.id)).toMatchObject({ status: 'CANCELLED' })
    expect(stored.get(rows[1]!.id)).toMatchObject({ status: 'QUEUED', policy: { by: 'other' } })
    for (const [i, t] of rows.entries()) if (i >= 2) expect(stored.get(t.id)).toMatchObject({ status: moved[i]!.status, updated_at: moved[i]!.updated_at })

    // Exactly one audit entry and one event per move, from this call only for the rows it moved.
    const ours = (await auditOf(rows.map((r) => r.id), 'transaction.status_changed')).filter((e) => (e.after as { status: string }).status !== 'CANCELLED')
    expect(ours.map((e) => e.target_id).sort()).toEqual([rows[1]!.id, ...rows.slice(2).map((r) => r.id)].sort())
    const events = await eventsOf(rows.map((r) => r.id), 'transaction.status_changed')
    expect(events.filter((e) => e.resource_id === rows[5]!.id).map((e) => [Number(e.sequence), (e.data as { status: string; previousStatus: string }).previousStatus])).toEqual([[2, 'SUBMITTED']])
  })

  it('moves a transaction named twice in one call once, the second request finding it moved', async () => {
    const ctx = custody.service.ctx
    const [t] = await ctx.db.selectFrom('transactions').selectAll().where('status', '=', 'SUBMITTED').where('source_vault_id', '=', vault.id).orderBy('created_at').limit(1).execute()
    const twice = await transitionMany(ctx, [
      { current: t!, to: 'QUEUED', actor: 'system:test' },
      { current: t!, to: 'BLOCKED', actor: 'system:test', subStatus: 'BLOCKED_BY_POLICY' },
    ])
    expect(twice[0]).toMatchObject({ status: 'QUEUED' })
    expect(twice[1]).toBeNull()
    expect(await auditOf([t!.id], 'transaction.status_changed')).toHaveLength(1)
  })

  it('reserves nonces k at a time in one statement, contiguous with one-at-a-time reservations and across concurrent batches', async () => {
    const ctx = custody.service.ctx
    const address = '0x00000000000000000000000000000000000A11CE' as Hex
    const first = await ctx.db.transaction().execute((tx) => reserveNonces(ctx, tx, address, 3))
    expect(first).toBe(0n) // from the chain's count for an address that never sent
    expect(await ctx.db.transaction().execute((tx) => reserveNonce(ctx, tx, address))).toBe(3n)
    // A reservation that rolls back gives its nonces back.
    await expect(
      ctx.db.transaction().execute(async (tx) => {
        await reserveNonces(ctx, tx, address, 5)
        throw new Error('signing failed')
      }),
    ).rejects.toThrow('signing failed')
    const starts = await Promise.all(Array.from({ length: 6 }, () => ctx.db.transaction().execute((tx) => reserveNonces(ctx, tx, address, 4))))
    const taken = starts.flatMap((s) => [0n, 1n, 2n, 3n].map((k) => s + k)).sort((a, b) => Number(a - b))
    expect(taken).toEqual(Array.from({ length: 24 }, (_, i) => BigInt(4 + i)))
  })
})
