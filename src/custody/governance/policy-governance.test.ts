// @postgres-pass: policy versions changed by four eyes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getAddress, type Address } from 'viem'
import type { SignedFetch } from '../../shared/auth/sign-request.ts'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../test/custody.ts'
import { policyApplyCommand } from '../../cli/policy.ts'
import { advanceClock, newClient, OffsetClock, submitAndDecide } from './test-kit.ts'

type Vault = { id: string; address: Address }
type ChangeRequest = { id: string; status: string; quorum: number; approvals: number; requestedBy: string; votes: { keyId: string; decision: string }[] }
type Draft = { draft: { version: number; status: string; label: string | null }; changeRequest: ChangeRequest }
type Active = { source: string; version: number | null; label: string | null; document: { rules: { id: string }[] }; approvedBy: { keyId: string }[]; changeRequestId: string | null }

const PARTNER = '0x00000000000000000000000000000000000B0b01' as Address
const ELSEWHERE = '0x00000000000000000000000000000000000E0004' as Address

const ONLY_WHITELISTED = `
version: "whitelisted-only"
rules:
  - id: pay-whitelisted
    destination: { type: WHITELISTED }
    action: ALLOW
  - id: internal
    destination: { type: INTERNAL }
    action: ALLOW
`

/**
 * Governed policy and whitelist, through the HTTP API: nothing proposed takes effect until
 * admins other than the requester reach the quorum (each counted once), one rejection closes
 * a request, a draft can be dry-run against recent transactions, `GET /v1/policy` names the
 * version in force and who approved it, and `custos policy apply` proposes a file.
 */
describe('policy and whitelist governance', () => {
  let chain: TestChain
  let custody: TestCustody
  let admin2: SignedFetch, admin3: SignedFetch
  let admin2Id: string, admin3Id: string
  let vault: Vault, warm: Vault
  let n = 0
  const clock = new OffsetClock()
  const pay = (to: Address, from: Vault = vault) => submitAndDecide(custody.as.platform, { externalTxId: `g-${++n}`, sourceVaultId: from.id, to, value: '1' })

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { clock })
    ;({ client: admin2, keyId: admin2Id } = await newClient(custody, 'admin', ['read', 'admin'], ['admins']))
    ;({ client: admin3, keyId: admin3Id } = await newClient(custody, 'admin', ['read', 'admin'], ['admins']))
    vault = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'hot-1', tier: 'hot' })).body
    warm = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'warm-1', tier: 'warm' })).body
    await chain.testClient.setBalance({ address: vault.address, value: 10n ** 20n })
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
  })

  it('runs the built-in default until a version is activated: hot allowed, warm held for one approver', async () => {
    const active = await custody.as.auditor.get<Active>('/v1/policy')
    expect(active.body).toMatchObject({ source: 'builtin', version: null, label: 'builtin-default', approvedBy: [] })
    expect(active.body.document.rules.map((r) => r.id)).toEqual(['hot-vaults', 'warm-vaults', 'cold-vaults'])
    expect((await pay(ELSEWHERE)).policy).toMatchObject({ action: 'ALLOW', ruleId: 'hot-vaults', policyVersion: null })
    expect((await pay(ELSEWHERE, warm)).policy).toMatchObject({ action: 'REQUIRE_APPROVAL', ruleId: 'warm-vaults', approval: { group: 'approvers', quorum: 1 } })
  })

  it('refuses an invalid document, listing every problem with its path', async () => {
    const res = await custody.as.admin.post<{ problems: string[] }>('/v1/policy/drafts', { text: 'rules:\n  - id: x\n    amount: { max: 1000 }\n    action: ALLOW\n  - id: x\n    action: REQUIRE_APPROVAL\n', format: 'yaml' })
    expect(res.status).toBe(400)
    expect(res.problem?.code).toBe('POLICY_INVALID')
    expect(res.body.problems).toEqual([
      'rules[0].amount.max: must be a decimal string (base units, quoted in YAML, e.g. "1000000")',
      'rules[1].approval: is required when action is REQUIRE_APPROVAL',
      'rules[1].id: duplicates the id of rules[0] ("x")',
    ])
  })

  it('activates a draft only at the admin quorum, never counting the requester or a repeated approval', async () => {
    const proposed = await custody.as.admin.post<Draft>('/v1/policy/drafts', { text: ONLY_WHITELISTED, comment: 'pay only known counterparties' })
    expect(proposed.status).toBe(201)
    const { draft, changeRequest: cr } = proposed.body
    expect(draft).toMatchObject({ status: 'DRAFT', label: 'whitelisted-only' })
    expect(cr).toMatchObject({ status: 'PENDING', quorum: 2, approvals: 0, requestedBy: custody.keys.admin!.keyId })

    const self = await custody.as.admin.post(`/v1/change-requests/${cr.id}/approve`, {})
    expect(self.status).toBe(403)
    expect(self.problem?.code).toBe('SELF_APPROVAL_FORBIDDEN')
    const notAdmin = await custody.as['approver-1'].post(`/v1/change-requests/${cr.id}/approve`, {})
    expect(notAdmin.status).toBe(403)

    expect((await admin2.post<ChangeRequest>(`/v1/change-requests/${cr.id}/approve`, {})).body).toMatchObject({ status: 'PENDING', approvals: 1 })
    expect((await admin2.post<ChangeRequest>(`/v1/change-requests/${cr.id}/approve`, {})).body).toMatchObject({ status: 'PENDING', approvals: 1 })
    expect((await custody.as.admin.get<Active>('/v1/policy')).body.source).toBe('builtin')
    expect((await pay(ELSEWHERE)).policy!.ruleId).toBe('hot-vaults')

    const applied = await admin3.post<ChangeRequest>(`/v1/change-requests/${cr.id}/approve`, { comment: 'ok' })
    expect(applied.body).toMatchObject({ status: 'APPLIED', approvals: 2 })
    const active = (await custody.as.auditor.get<Active>('/v1/policy')).body
    expect(active).toMatchObject({ source: 'governed', version: draft.version, label: 'whitelisted-only', changeRequestId: cr.id })
    expect(active.approvedBy.map((v) => v.keyId).sort()).toEqual([admin2Id, admin3Id].sort())

    const blocked = await pay(ELSEWHERE)
    expect(blocked).toMatchObject({ status: 'BLOCKED', subStatus: 'BLOCKED_BY_POLICY' })
    expect(blocked.policy).toMatchObject({ ruleId: null, policyVersion: draft.version })

    const event = await custody.service.ctx.db.selectFrom('webhook_events').select(['data']).where('type', '=', 'policy.activated').executeTakeFirstOrThrow()
    expect(event.data).toMatchObject({ version: draft.version, changeRequestId: cr.id })
  })

  it('changes the whitelist only at the quorum, for additions and removals alike', async () => {
    const add = await custody.as.admin.post<ChangeRequest>('/v1/whitelist', { address: PARTNER, label: 'Partner bank' })
    expect(add.status).toBe(202)
    await admin2.post(`/v1/change-requests/${add.body.id}/approve`, {})
    expect((await custody.as.auditor.get<{ items: unknown[] }>('/v1/whitelist')).body.items).toEqual([])
    expect((await pay(PARTNER)).status).toBe('BLOCKED')

    await admin3.post(`/v1/change-requests/${add.body.id}/approve`, {})
    const listed = (await custody.as.auditor.get<{ items: { address: string; label: string }[] }>('/v1/whitelist')).body.items
    expect(listed).toEqual([expect.objectContaining({ address: getAddress(PARTNER), label: 'Partner bank' })])
    expect((await pay(PARTNER)).policy).toMatchObject({ action: 'ALLOW', ruleId: 'pay-whitelisted' })

    const dup = await custody.as.admin.post('/v1/whitelist', { address: PARTNER.toLowerCase(), label: 'again' })
    expect(dup.problem?.code).toBe('WHITELIST_ENTRY_EXISTS')

    const remove = await admin2.request<ChangeRequest>('DELETE', `/v1/whitelist/${PARTNER}`)
    expect(remove.status).toBe(202)
    await admin3.post(`/v1/change-requests/${remove.body.id}/approve`, {})
    expect((await pay(PARTNER)).policy!.ruleId).toBe('pay-whitelisted')
    await custody.as.admin.post(`/v1/change-requests/${remove.body.id}/approve`, {})
    expect((await custody.as.auditor.get<{ items: unknown[] }>('/v1/whitelist')).body.items).toEqual([])
    expect((await pay(PARTNER)).status).toBe('BLOCKED')
  })

  it('closes a request at the first rejection', async () => {
    const proposed = (await custody.as.admin.post<Draft>('/v1/policy/drafts', { document: { rules: [{ id: 'allow-all', action: 'ALLOW' }] } })).body
    await admin2.post(`/v1/change-requests/${proposed.changeRequest.id}/approve`, {})
    const rejected = await admin3.post<ChangeRequest>(`/v1/change-requests/${proposed.changeRequest.id}/reject`, { comment: 'too broad' })
    expect(rejected.body.status).toBe('REJECTED')
    const late = await custody.as.admin.post(`/v1/change-requests/${proposed.changeRequest.id}/approve`, {})
    expect(late.problem?.code).toBe('CHANGE_REQUEST_CLOSED')
    const version = await custody.as.auditor.get<{ status: string }>(`/v1/policy/versions/${proposed.draft.version}`)
    expect(version.body.status).toBe('REJECTED')
    expect((await custody.as.auditor.get<Active>('/v1/policy')).body.label).toBe('whitelisted-only')
  })

  it('dry-runs a draft against the latest transactions and reports what it would decide differently', async () => {
    const proposed = (await custody.as.admin.post<Draft>('/v1/policy/drafts', { document: { version: 'hold-everything', rules: [{ id: 'hold', action: 'REQUIRE_APPROVAL', approval: { group: 'approvers', quorum: 1 } }] } })).body
    const res = await custody.as.admin.post<{ total: number; changed: number; transitions: Record<string, number>; differences: { externalTxId: string; before: { action: string }; after: { action: string; ruleId: string } }[] }>(
      `/v1/policy/versions/${proposed.draft.version}/dry-run`,
      { limit: 3 },
    )
    expect(res.status).toBe(200)
    expect(res.body.total).toBe(3)
    // The last three paid PARTNER; replayed with today's whitelist (PARTNER removed) the active policy blocks them all.
    expect(res.body.changed).toBe(3)
    expect(res.body.transitions).toEqual({ 'BLOCK->REQUIRE_APPROVAL': 3 })
    expect(res.body.differences.map((d) => d.after.ruleId)).toEqual(['hold', 'hold', 'hold'])

    const inline = await custody.as.admin.post<{ total: number; changed: number }>('/v1/policy/dry-run', { text: ONLY_WHITELISTED, limit: 1000 })
    expect(inline.body.changed).toBe(0)
    expect(inline.body.total).toBeGreaterThan(5)
  })

  it('custos policy apply proposes a policy file, with a dry run first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custos-policy-'))
    try {
      const file = join(dir, 'policy.yaml')
      writeFileSync(file, ONLY_WHITELISTED.replace('whitelisted-only', 'from-file'))
      const lines: string[] = []
      const r = await policyApplyCommand(
        { CUSTODY_URL: custody.url, CUSTODY_API_KEY_ID: custody.keys.admin!.keyId, CUSTODY_API_SECRET: custody.keys.admin!.secret },
        file,
        { dryRun: 10, comment: 'same rules, from git', log: (l) => lines.push(l) },
      )
      expect(lines[0]).toMatch(/^policy: dry run over the last \d+ transactions: 0 decided differently/)
      expect(lines.at(-1)).toContain(`change request ${r.changeRequest.id} needs 2 approvals`)
      const stored = await custody.as.auditor.get<{ label: string; status: string; text: string; format: string }>(`/v1/policy/versions/${r.version}`)
      expect(stored.body).toMatchObject({ label: 'from-file', status: 'DRAFT', format: 'yaml' })
      expect(stored.body.text).toContain('pay-whitelisted')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('lets a key with the whitelist-request scope ask for an address, never decide it', async () => {
    const SERVICE_ASKS = '0x00000000000000000000000000000000000A5c01' as Address
    const refused = await custody.as['approver-1'].post('/v1/whitelist', { address: SERVICE_ASKS, label: 'not mine to ask' })
    expect([refused.status, refused.problem?.code]).toEqual([403, 'AUTH_SCOPE_MISSING'])
    const asked = await custody.as.platform.post<ChangeRequest>('/v1/whitelist', { address: SERVICE_ASKS, label: 'investor withdrawal address' })
    expect(asked.status).toBe(202)
    expect((await custody.as.platform.post(`/v1/change-requests/${asked.body.id}/approve`, {})).status).toBe(403)
    const again = await custody.as.platform.post('/v1/whitelist', { address: SERVICE_ASKS, label: 'investor withdrawal address' })
    expect([again.status, again.problem?.code, (again.problem as { changeRequestId?: string } | undefined)?.changeRequestId]).toEqual([409, 'CHANGE_REQUEST_PENDING', asked.body.id])
    expect((await admin2.post(`/v1/change-requests/${asked.body.id}/reject`, { comment: 'unknown beneficiary' })).status).toBe(200)
    expect((await custody.as.auditor.get<{ items: unknown[] }>('/v1/whitelist')).body.items).toEqual([])
  })

  it('expires a change request nobody approved in time', async () => {
    const cr = (await custody.as.admin.post<ChangeRequest>('/v1/whitelist', { address: ELSEWHERE, label: 'maybe' })).body
    await advanceClock(custody, clock, 7 * 24 * 3600_000 + 1000)
    const late = await admin2.post(`/v1/change-requests/${cr.id}/approve`, {})
    expect(late.status).toBe(409)
    expect(late.problem?.code).toBe('CHANGE_REQUEST_EXPIRED')
    expect((await custody.as.auditor.get<ChangeRequest>(`/v1/change-requests/${cr.id}`)).body.status).toBe('EXPIRED')
    expect((await custody.as.auditor.get<{ items: unknown[] }>('/v1/whitelist')).body.items).toEqual([])
  })

})

