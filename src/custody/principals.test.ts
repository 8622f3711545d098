// @postgres-pass: principals and their keys.
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { createSignedFetch, type SignedFetch } from '../shared/auth/sign-request.ts'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../test/custody.ts'
import { activatePolicy, newClient, OffsetClock, submitAndDecide, type Tx } from './governance/test-kit.ts'

type Vault = { id: string; address: Address }
type Approval = { status: string; approvals: number; quorum: number }
type Issued = { keyId: string; secret: string }
type ChangeRequest = { id: string; status: string }
const TO = '0x00000000000000000000000000000000000E0016' as Address

/**
 * Four eyes counts people, not keys: each way one person could make up a quorum of two
 * on its own — a rotated key, extra keys it minted, keys for a colleague — is refused,
 * and two distinct principals still reach the quorum.
 */
describe('principals: approvals by people, not keys', () => {
  let chain: TestChain
  let custody: TestCustody
  let vault: Vault
  let thirdAdmin: SignedFetch
  let n = 0
  const clock = new OffsetClock()
  const submit = (client: SignedFetch) => submitAndDecide(client, { externalTxId: `pr-${++n}`, sourceVaultId: vault.id, to: TO, value: '7' })
  const client = (k: Issued) => createSignedFetch({ baseUrl: custody.url, keyId: k.keyId, secret: k.secret, clock })
  const approvals = async (id: string) => (await custody.as.platform.get<Approval>(`/v1/transactions/${id}/approvals`)).body.approvals

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { clock })
    thirdAdmin = (await newClient(custody, 'admin', ['read', 'admin'], ['admin'], clock)).client
    vault = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'principals', tier: 'hot' })).body
    await chain.testClient.setBalance({ address: vault.address, value: 10n ** 20n })
    await activatePolicy(custody, [custody.as['admin-2'], thirdAdmin], { rules: [{ id: 'two-approvers', action: 'REQUIRE_APPROVAL', approval: { group: 'approvers', quorum: 2 } }] })
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
  })

  it('counts an approver once after it rotates its key, and two distinct approvers reach the quorum', async () => {
    const t = await submit(custody.as.platform)
    expect((await custody.as['approver-1'].post(`/v1/transactions/${t.id}/approve`, {})).status).toBe(200)
    const rotated = await custody.service.apiKeys.rotateApiKey(custody.keys['approver-1']!.keyId, { overlapSeconds: 60, by: 'approver-1' })
    const again = await client(rotated).post(`/v1/transactions/${t.id}/approve`, {})
    expect(again.status).toBe(409)
    expect(again.problem?.code).toBe('ALREADY_VOTED')
    expect(await approvals(t.id)).toBe(1)
    expect((await custody.as.platform.get<Tx>(`/v1/transactions/${t.id}`)).body.status).toBe('PENDING_AUTHORIZATION')

    const second = await custody.as['approver-2'].post<Approval>(`/v1/transactions/${t.id}/approve`, {})
    expect(second.body).toMatchObject({ status: 'APPROVED', approvals: 2 })
    expect((await waitForTransaction<Tx>(custody.as.platform, t.id)).status).toBe('COMPLETED')
  })

  it('makes the extra admin keys an admin creates the admin itself: they cannot approve its own policy change', async () => {
    const extra: Issued[] = []
    for (let i = 0; i < 2; i++) {
      const res = await custody.as.admin.post<Issued>('/v1/api-keys', { role: 'admin', scopes: ['read', 'admin'], groups: ['admin'] })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      extra.push(res.body)
    }
    const listed = (await custody.as.admin.get<{ items: { keyId: string; principalId: string }[] }>('/v1/api-keys')).body.items
    const adminPrincipal = listed.find((k) => k.keyId === custody.keys.admin!.keyId)!.principalId
    expect(listed.filter((k) => extra.some((e) => e.keyId === k.keyId)).map((k) => k.principalId)).toEqual([adminPrincipal, adminPrincipal])

    const draft = await custody.as.admin.post<{ changeRequest: ChangeRequest }>('/v1/policy/drafts', { document: { rules: [{ id: 'allow-all', action: 'ALLOW' }] } })
    expect(draft.status).toBe(201)
    for (const k of extra) {
      const vote = await client(k).post(`/v1/change-requests/${draft.body.changeRequest.id}/approve`, {})
      expect(vote.status).toBe(403)
      expect(vote.problem?.code).toBe('SELF_APPROVAL_FORBIDDEN')
    }
    // Withdrawn by its requester, so the quorum policy above stays in force for the other tests.
    expect((await custody.as.admin.post(`/v1/change-requests/${draft.body.changeRequest.id}/reject`, { comment: 'withdrawn' })).status).toBe(200)
  })

  it('lets no admin mint approver keys, or keys for a colleague, to approve its own transaction', async () => {
    const t = await submit(custody.as.admin)
    expect(t.status).toBe('PENDING_AUTHORIZATION')
    const approverKey = await custody.as.admin.post('/v1/api-keys', { role: 'admin', scopes: ['read', 'approve'], groups: ['approvers'] })
    expect(approverKey.status).toBe(403)
    expect(approverKey.problem?.code).toBe('GRANT_EXCEEDS_OWN')
    const approverPrincipal = custody.keys['approver-1']!.keyId
    const forColleague = await custody.as.admin.post('/v1/api-keys', { role: 'approver-1', scopes: ['read', 'approve'], principalId: approverPrincipal })
    expect(forColleague.status).toBe(403)
    expect(forColleague.problem?.code).toBe('KEY_FOR_OTHER_PRINCIPAL')
    const rotateColleague = await custody.as.admin.post(`/v1/api-keys/${custody.keys['approver-2']!.keyId}/rotate`, { overlapSeconds: 0 })
    expect(rotateColleague.status).toBe(403)
    expect(rotateColleague.problem?.code).toBe('KEY_OF_OTHER_PRINCIPAL')
    const own = await custody.as.admin.post(`/v1/transactions/${t.id}/approve`, {})
    expect(own.status).toBe(403)
    expect(await approvals(t.id)).toBe(0)
    // Nobody got a key out of it: the key list is what it was, plus nothing for the approvers.
    const keys = (await custody.as.admin.get<{ items: { principalId: string }[] }>('/v1/api-keys')).body.items
    expect(keys.filter((k) => k.principalId === approverPrincipal)).toHaveLength(2) // approver-1's key and its rotation above
  })

  it("refuses a requester's rotated key on its own change request and its own personal-data export", async () => {
    const cr = await custody.as.admin.post<ChangeRequest>('/v1/whitelist', { address: '0x00000000000000000000000000000000000E1616', label: 'desk' })
    expect(cr.status).toBe(202)
    const rotated = await custody.as.admin.post<Issued>(`/v1/api-keys/${custody.keys.admin!.keyId}/rotate`, { overlapSeconds: 300 })
    expect(rotated.status).toBe(201)
    const self = await client(rotated.body).post(`/v1/change-requests/${cr.body.id}/approve`, {})
    expect(self.status).toBe(403)
    expect(self.problem?.code).toBe('SELF_APPROVAL_FORBIDDEN')
    // Two other people apply it.
    expect((await custody.as['admin-2'].post(`/v1/change-requests/${cr.body.id}/approve`, {})).status).toBe(200)
    expect((await thirdAdmin.post<ChangeRequest>(`/v1/change-requests/${cr.body.id}/approve`, {})).body.status).toBe('APPLIED')

    const exp = await custody.as.auditor.post<{ id: string; status: string }>('/v1/audit/exports', { reason: 'regulator letter 16', includePersonalData: true })
    expect(exp.status, JSON.stringify(exp.body)).toBe(201)
    const auditorRotated = await custody.service.apiKeys.rotateApiKey(custody.keys.auditor!.keyId, { overlapSeconds: 60, by: 'auditor' })
    const selfExport = await client(auditorRotated).post(`/v1/audit/exports/${exp.body.id}/approve`, {})
    expect(selfExport.status).toBe(403)
    expect(selfExport.problem?.code).toBe('AUDIT_EXPORT_SELF_APPROVAL')
    const approved = await custody.as['admin-2'].post<{ status: string }>(`/v1/audit/exports/${exp.body.id}/approve`, { comment: 'letter checked' })
    expect(approved.body.status).toBe('AVAILABLE')
    // The requester is a person: its new key may download what its old key asked for.
    expect((await client(auditorRotated).get(`/v1/audit/exports/${exp.body.id}`)).status).toBe(200)
  })

  it('creates a principal or grants a role only at the admin quorum, and keeps admin and approver apart', async () => {
    const proposed = await custody.as.admin.post<ChangeRequest & { kind: string; target: string }>('/v1/principals', {
      kind: 'person',
      name: 'Dana Approver',
      roles: ['approver'],
      scopes: ['read', 'approve'],
      groups: ['approvers'],
    })
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(202)
    expect(proposed.body).toMatchObject({ kind: 'PRINCIPAL_CREATE', status: 'PENDING' })
    const principals = async () => (await custody.as.admin.get<{ items: { id: string; name: string; roles: string[] }[] }>('/v1/principals')).body.items
    expect((await principals()).some((p) => p.name === 'Dana Approver')).toBe(false)
    expect((await custody.as.admin.post(`/v1/change-requests/${proposed.body.id}/approve`, {})).problem?.code).toBe('SELF_APPROVAL_FORBIDDEN')
    expect((await custody.as['admin-2'].post(`/v1/change-requests/${proposed.body.id}/approve`, {})).status).toBe(200)
    expect((await thirdAdmin.post<ChangeRequest>(`/v1/change-requests/${proposed.body.id}/approve`, {})).body.status).toBe('APPLIED')
    expect((await principals()).find((p) => p.id === proposed.body.target)).toMatchObject({ name: 'Dana Approver', roles: ['approver'] })
    const trail = await custody.as.auditor.get<{ items: { action: string; actor: string }[] }>(`/v1/audit/entries?targetId=${proposed.body.target}`)
    expect(trail.body.items.map((e) => e.action)).toContain('principal.created')

    const both = await custody.as.admin.post('/v1/principals', { kind: 'person', name: 'Eve', roles: ['admin', 'approver'], scopes: ['read'] })
    expect(both.status).toBe(403)
    expect(both.problem?.code).toBe('ROLES_MUST_STAY_APART')
    const me = (await custody.as['admin-2'].get<{ id: string; roles: string[] }>('/v1/principals/me')).body
    expect(me.roles).toEqual(['admin'])
    const grant = await custody.as.admin.post(`/v1/principals/${me.id}/grants`, { roles: ['approver'], groups: ['approvers'] })
    expect(grant.status).toBe(403)
    expect(grant.problem?.code).toBe('ROLES_MUST_STAY_APART')
    expect(grant.body).toMatchObject({ rule: 'admin+approver', roles: ['admin', 'approver'] })
  })

  it('binds a Fireblocks API user to the platform service, never to another person', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
    const asApprover = await custody.as.admin.post('/v1/fireblocks/api-users', { name: 'impersonator', publicKeyPem, principalKeyId: custody.keys['approver-1']!.keyId })
    expect(asApprover.status).toBe(403)
    expect(asApprover.problem?.code).toBe('KEY_OF_OTHER_PRINCIPAL')
    const asPlatform = await custody.as.admin.post('/v1/fireblocks/api-users', { name: 'platform', publicKeyPem, principalKeyId: custody.keys.platform!.keyId })
    expect(asPlatform.status, JSON.stringify(asPlatform.body)).toBe(201)
  })

  type Entry = { seq: string; actor: string; action: string; targetId: string | null }
  const entries = async (query: string) => (await custody.as.auditor.get<{ items: Entry[] }>(`/v1/audit/entries?${query}`)).body.items

  it('names the person, not the key, as the actor of what it does through two keys and a rotated key', async () => {
    const first = await newClient(custody, 'ops', ['read', 'vaults'], [], clock)
    const me = first.keyId // a principal made with its first key is named after it
    const second = await custody.service.apiKeys.createApiKey({ role: 'ops', scopes: ['read', 'vaults'], groups: [], createdBy: 'test', principalId: me })
    const rotated = await custody.service.apiKeys.rotateApiKey(first.keyId, { overlapSeconds: 3600, by: 'test' })
    const made: string[] = []
    for (const [i, c] of [first.client, client(second), client(rotated)].entries()) {
      const v = await c.post<Vault>('/v1/vaults', { name: `one-person-${i}`, tier: 'hot' })
      expect(v.status, JSON.stringify(v.body)).toBe(201)
      made.push(v.body.id)
    }
    const mine = await entries(`principal=${me}&action=vault.created`)
    expect(mine.map((e) => e.targetId)).toEqual(made)
    expect(mine.map((e) => e.actor)).toEqual([first.keyId, second.keyId, rotated.keyId].map((k) => `person:${me}/apikey:${k}`))
    // Someone else's vault is not among them.
    const other = await custody.as.admin.post<Vault>('/v1/vaults', { name: 'someone-else', tier: 'hot' })
    expect(other.status).toBe(201)
    expect(await entries(`principal=${me}&targetId=${other.body.id}`)).toEqual([])
  })

  it('keys INITIATOR velocity by the acting person: two keys of one person share one budget, two platform users behind one service key have two', async () => {
    await activatePolicy(custody, [custody.as['admin-2'], thirdAdmin], {
      rules: [
        { id: 'per-person', velocity: { windowSeconds: 3600, max: '10', scope: 'INITIATOR' }, action: 'BLOCK' },
        { id: 'allow', action: 'ALLOW' },
      ],
    })
    const desk = await newClient(custody, 'desk', ['read', 'transact'], [], clock)
    const deskSecond = await custody.service.apiKeys.createApiKey({ role: 'desk', scopes: ['read', 'transact'], groups: [], createdBy: 'test', principalId: desk.keyId })
    expect((await submit(desk.client)).policy!.ruleId).toBe('allow')
    const sameDesk = await submit(client(deskSecond))
    expect(sameDesk).toMatchObject({ status: 'BLOCKED', policy: { ruleId: 'per-person', velocity: { scope: 'INITIATOR', spent: '7' } } })

    // A service principal whose key may say (signed) whom it acts for, as the platform's does.
    const gatewayKey = await custody.service.apiKeys.createApiKey({ role: 'gateway', scopes: ['read', 'transact', 'act-on-behalf'], groups: [], createdBy: 'test', principalName: 'gateway', principalKind: 'service' })
    const gateway = client(gatewayKey)
    const forUser = async (claim: string) => {
      const res = await gateway.post<Tx>('/v1/transactions', { externalTxId: `pr-${++n}`, sourceVaultId: vault.id, to: TO, value: '7' }, { onBehalfOf: claim })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
      return waitForTransaction<Tx>(gateway, res.body.id, (t) => t.status !== 'SUBMITTED')
    }
    expect((await forUser('platform:person:pr_alice/apikey:pk_1')).policy!.ruleId).toBe('allow')
    expect(await forUser('platform:person:pr_alice/session:ps_2')).toMatchObject({ status: 'BLOCKED', policy: { ruleId: 'per-person', velocity: { spent: '7' } } })
    const bob = await forUser('platform:person:pr_bob/apikey:pk_3')
    expect(bob.policy!.ruleId).toBe('allow')

    // Custody's audit names the service, its key, and the person it acted for.
    const platformKey = gatewayKey.keyId
    const created = await entries(`targetId=${bob.id}&action=transaction.created`)
    expect(created.map((e) => e.actor)).toEqual([`service:${platformKey}/apikey:${platformKey}/for:platform:person:pr_bob/apikey:pk_3`])
    expect((await entries('principal=platform:person:pr_alice&action=transaction.created')).map((e) => e.actor)).toEqual([
      `service:${platformKey}/apikey:${platformKey}/for:platform:person:pr_alice/apikey:pk_1`,
      `service:${platformKey}/apikey:${platformKey}/for:platform:person:pr_alice/session:ps_2`,
    ])
    // Only a key holding act-on-behalf may name someone.
    const forged = await desk.client.post('/v1/transactions', { externalTxId: `pr-${++n}`, sourceVaultId: vault.id, to: TO, value: '7' }, { onBehalfOf: 'platform:person:pr_carol' })
    expect(forged.status).toBe(403)
    expect(forged.problem?.code).toBe('AUTH_ON_BEHALF_NOT_ALLOWED')
  })

  it('lets one principal hold admin and approver only once the active policy allows the combination', async () => {
    const fourth = await newClient(custody, 'admin', ['read', 'admin'], ['admin'], clock)
    const refused = await custody.as.admin.post(`/v1/principals/${fourth.keyId}/grants`, { roles: ['approver'], groups: ['approvers'] })
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ code: 'ROLES_MUST_STAY_APART', rule: 'admin+approver' })

    await activatePolicy(custody, [custody.as['admin-2'], thirdAdmin], {
      rules: [{ id: 'allow', action: 'ALLOW' }],
      roleCombinations: { allow: [['admin', 'approver']] },
    })
    expect((await custody.as.admin.get<{ document: { roleCombinations?: unknown } }>('/v1/policy')).body.document.roleCombinations).toEqual({ allow: [['admin', 'approver']] })
    const proposed = await custody.as.admin.post<ChangeRequest>(`/v1/principals/${fourth.keyId}/grants`, { roles: ['approver'], groups: ['approvers'] })
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(202)
    expect((await custody.as['admin-2'].post(`/v1/change-requests/${proposed.body.id}/approve`, {})).status).toBe(200)
    expect((await thirdAdmin.post<ChangeRequest>(`/v1/change-requests/${proposed.body.id}/approve`, {})).body.status).toBe('APPLIED')
    const held = (await fourth.client.get<{ roles: string[] }>('/v1/principals/me')).body.roles
    expect([...held].sort()).toEqual(['admin', 'approver'])
  })
})
