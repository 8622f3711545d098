// @postgres-pass: quorums counted under concurrent approvals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { createSignedFetch, type SignedFetch } from '../../shared/auth/sign-request.ts'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../test/custody.ts'
import { activatePolicy, extraAdmins, newClient, advanceClock, OffsetClock, submitAndDecide, type Tx } from '../governance/test-kit.ts'

const TO = '0x00000000000000000000000000000000000E0003' as Address
const TTL_SECONDS = 600

/**
 * Four eyes on transactions, through the HTTP API: approvals need the `approve` scope and
 * membership of the rule's group, the initiator (or a rotation of its key) can never
 * approve, a key counts once, one rejection ends it, and an approval window expires.
 * Every vote is audited and sent as a webhook event.
 */
describe('transaction approvals', () => {
  let chain: TestChain
  let custody: TestCustody
  let vault: { id: string; address: Address }
  let desk: { client: SignedFetch; keyId: string; secret: string }
  let n = 0
  const clock = new OffsetClock()
  const submit = (client: SignedFetch, amount = 5) => submitAndDecide(client, { externalTxId: `ap-${++n}`, sourceVaultId: vault.id, to: TO, value: String(amount) })
  const state = async (id: string) => {
    const res = await custody.client.platform.GET('/v1/transactions/{id}/approvals', { path: { id } })
    if (!res.ok) throw new Error(`approvals of ${id}: ${res.problem.code}`)
    return res.data
  }

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { clock, env: { CUSTODY_APPROVAL_TTL_SECONDS: String(TTL_SECONDS) } })
    const admins = await extraAdmins(custody)
    const created = await custody.client.admin.POST('/v1/vaults', { body: { name: 'payments', tier: 'hot' } })
    if (!created.ok) throw new Error(`vault: ${created.problem.code}`)
    vault = { id: created.data.id, address: created.data.address as Address }
    await chain.testClient.setBalance({ address: vault.address, value: 10n ** 20n })
    // A desk that may both submit and approve: four eyes must still stop it approving its own.
    desk = await newClient(custody, 'desk', ['read', 'transact', 'approve'], ['approvers'], clock)
    await activatePolicy(custody, admins, { rules: [{ id: 'two-approvers', action: 'REQUIRE_APPROVAL', approval: { group: 'approvers', quorum: 2 } }] })
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
  })

  it('counts distinct approvers once each and queues the transaction at the quorum', async () => {
    const t = await submit(custody.as.platform)
    expect(t.status).toBe('PENDING_AUTHORIZATION')
    const approve = (role: 'approver-1' | 'approver-2', comment?: string) => custody.client[role].POST('/v1/transactions/{id}/approve', { path: { id: t.id }, body: comment ? { comment } : {} })
    const first = await approve('approver-1', 'looks right')
    expect(first.status).toBe(200)
    expect(first.data).toMatchObject({ status: 'PENDING', approvals: 1, quorum: 2 })
    const again = await approve('approver-1')
    expect(again.status).toBe(200)
    expect(again.data?.approvals).toBe(1)
    expect((await custody.client.platform.GET('/v1/transactions/{id}', { path: { id: t.id } })).data?.status).toBe('PENDING_AUTHORIZATION')

    const second = await approve('approver-2')
    expect(second.data).toMatchObject({ status: 'APPROVED', approvals: 2 })
    const done = await waitForTransaction<Tx>(custody.as.platform, t.id)
    expect(done.status).toBe('COMPLETED')
    expect(done.statusReason).toBeNull()
    // A late repeat of an approval already counted is harmless.
    expect((await approve('approver-1')).status).toBe(200)
  })

  it('never lets the initiator approve its own transaction, not even with a rotated key', async () => {
    const t = await submit(desk.client)
    const own = await desk.client.post(`/v1/transactions/${t.id}/approve`, {})
    expect(own.status).toBe(403)
    expect(own.problem?.code).toBe('SELF_APPROVAL_FORBIDDEN')
    const rotated = await custody.service.apiKeys.rotateApiKey(desk.keyId, { overlapSeconds: 60, by: 'test' })
    const successor = createSignedFetch({ baseUrl: custody.url, keyId: rotated.keyId, secret: rotated.secret, clock })
    const viaRotation = await successor.post(`/v1/transactions/${t.id}/approve`, {})
    expect(viaRotation.status).toBe(403)
    expect(viaRotation.problem?.code).toBe('SELF_APPROVAL_FORBIDDEN')
    expect((await state(t.id)).approvals).toBe(0)
  })

  it('refuses keys without the approve scope or outside the approval group', async () => {
    const t = await submit(custody.as.platform)
    const noScope = await custody.client.platform.POST('/v1/transactions/{id}/approve', { path: { id: t.id }, body: {} })
    expect(noScope.status).toBe(403)
    expect(noScope.problem?.code).toBe('AUTH_SCOPE_MISSING')
    const otherGroup = await custody.client.admin.POST('/v1/transactions/{id}/approve', { path: { id: t.id }, body: {} })
    expect(otherGroup.status).toBe(403)
    expect(otherGroup.problem?.code).toBe('NOT_IN_APPROVAL_GROUP')
    expect((await state(t.id)).approvals).toBe(0)
  })

  it('ends REJECTED at the first rejection, after which nobody can approve', async () => {
    const t = await submit(custody.as.platform)
    await custody.as['approver-1'].post(`/v1/transactions/${t.id}/approve`, {})
    const rejected = await custody.client['approver-2'].POST('/v1/transactions/{id}/reject', { path: { id: t.id }, body: { comment: 'wrong beneficiary' } })
    expect(rejected.data?.status).toBe('REJECTED')
    const done = await waitForTransaction<Tx>(custody.as.platform, t.id)
    expect(done).toMatchObject({ status: 'REJECTED', subStatus: 'REJECTED_BY_APPROVER', nonce: null })
    expect(done.statusReason).toContain('wrong beneficiary')
    const late = await desk.client.post(`/v1/transactions/${t.id}/approve`, {})
    expect(late.status).toBe(409)
    expect(late.problem?.code).toBe('NOT_PENDING_APPROVAL')
    const flip = await custody.as['approver-1'].post(`/v1/transactions/${t.id}/reject`, {})
    expect(flip.status).toBe(409)
    expect(flip.problem?.code).toBe('ALREADY_VOTED')
  })

  it('expires a transaction not approved in time, by itself and when someone votes too late', async () => {
    const idle = await submit(custody.as.platform)
    const late = await submit(custody.as.platform)
    await custody.as['approver-1'].post(`/v1/transactions/${late.id}/approve`, {})
    await advanceClock(custody, clock, TTL_SECONDS * 1000 + 1000)
    const tooLate = await custody.as['approver-2'].post(`/v1/transactions/${late.id}/approve`, {})
    expect(tooLate.status).toBe(409)
    expect(tooLate.problem?.code).toBe('APPROVAL_EXPIRED')
    expect((await waitForTransaction<Tx>(custody.as.platform, late.id)).subStatus).toBe('APPROVAL_EXPIRED')
    // Nobody touches the other: the sweeper expires it.
    const swept = await waitForTransaction<Tx>(custody.as.platform, idle.id, undefined, 10_000)
    expect(swept).toMatchObject({ status: 'REJECTED', subStatus: 'APPROVAL_EXPIRED' })
    expect((await state(idle.id)).status).toBe('EXPIRED')
  })

  it('audits every vote and sends it as a webhook event', async () => {
    const t = await submit(custody.as.platform)
    await custody.as['approver-1'].post(`/v1/transactions/${t.id}/approve`, {})
    await custody.as['approver-2'].post(`/v1/transactions/${t.id}/approve`, {})
    await waitForTransaction<Tx>(custody.as.platform, t.id)
    const db = custody.service.ctx.db
    const events = await db.selectFrom('webhook_events').select(['type', 'sequence', 'data']).where('resource_id', '=', t.id).orderBy('sequence').execute()
    const types = events.map((e) => e.type)
    expect(types.filter((x) => x === 'transaction.approval.approved')).toHaveLength(2)
    expect(types.indexOf('transaction.approval.approved')).toBeLessThan(types.lastIndexOf('transaction.status_changed'))
    const audit = await db.selectFrom('audit_entries').select(['actor', 'action']).where('target_id', '=', t.id).where('action', '=', 'transaction.approval.approved').execute()
    expect(audit.map((a) => a.actor).sort()).toEqual((['approver-1', 'approver-2'] as const).map((r) => `person:${custody.keys[r]!.keyId}/apikey:${custody.keys[r]!.keyId}`).sort())
  })
})
