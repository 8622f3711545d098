import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../test/custody.ts'
import { ConsoleClient, issueEnrolmentLink } from '../../test/console-client.ts'
import { OffsetClock, submitAndDecide, type Tx } from '../governance/test-kit.ts'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { verifyApprovalEvidence } from './verify-approval-evidence.ts'
import { verifyApprovalFile } from '../../cli/audit-verify-approval.ts'

type Vault = { id: string; address: Address }
const TO = '0x00000000000000000000000000000000000E0021' as Address

/**
 * Console sessions and passkey-signed approvals on custody, without a browser: an approver
 * enrols a passkey through an admin's one-time link, signs in, and approves a warm-vault
 * transaction with an assertion whose challenge is derived from what they were shown.
 */
describe('passkey approvals in the custody console', () => {
  let chain: TestChain
  let custody: TestCustody
  let warm: Vault
  let alice: ConsoleClient
  let bob: ConsoleClient
  let n = 0
  const clock = new OffsetClock()
  const submit = (value = 7) => submitAndDecide(custody.as.platform, { externalTxId: `pk-${++n}`, sourceVaultId: warm.id, to: TO, value: String(value) })

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { clock })
    warm = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'treasury-warm', tier: 'warm' })).body
    await chain.testClient.setBalance({ address: warm.address, value: 10n ** 20n })
    alice = new ConsoleClient(custody.url)
    bob = new ConsoleClient(custody.url)
    expect((await alice.enrol(await issueEnrolmentLink(custody.as.admin, custody.keys['approver-1']!.keyId))).status).toBe(201)
    expect((await bob.enrol(await issueEnrolmentLink(custody.as.admin, custody.keys['approver-2']!.keyId))).status).toBe(201)
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
  })

  it('enrols through a one-time link and signs in with the passkey; the link works once', async () => {
    const link = await issueEnrolmentLink(custody.as.admin, custody.keys.auditor!.keyId)
    const carol = new ConsoleClient(custody.url)
    expect((await carol.enrol(link)).status).toBe(201)
    const again = await new ConsoleClient(custody.url).enrol(link)
    expect(again.status).toBe(401)
    expect(again.code).toBe('ENROLMENT_USED')
    const fresh = new ConsoleClient(custody.url, carol.authenticator)
    expect((await fresh.signIn()).status).toBe(200)
    const me = await fresh.get('/v1/console/session')
    expect(me.body.principal).toMatchObject({ id: custody.keys.auditor!.keyId, role: 'auditor' })
    expect(me.body.csrfToken).toBe(fresh.csrf)
  })

  it('holds a session to the principal’s scopes and to CSRF, like an API key to its scopes', async () => {
    expect((await alice.get('/v1/vaults')).status).toBe(200)
    const noScope = await alice.post('/v1/vaults', { name: 'nope', tier: 'hot' })
    expect(noScope.status).toBe(403)
    expect(noScope.code).toBe('AUTH_SCOPE_MISSING')
    const noCsrf = await alice.post('/v1/console/sign-out', {}, { csrf: false })
    expect(noCsrf.status).toBe(403)
    expect(noCsrf.code).toBe('CSRF_TOKEN_INVALID')
    const otherSite = await alice.post('/v1/console/sign-out', {}, { origin: 'http://localhost:1' })
    expect(otherSite.code).toBe('CSRF_ORIGIN_INVALID')
    expect((await new ConsoleClient(custody.url).get('/v1/vaults')).code).toBe('AUTH_MISSING_HEADERS')
  })

  it('approves a warm-vault transaction with a passkey; it completes on-chain and the audit entry verifies offline', async () => {
    const t = await submit()
    expect(t.status).toBe('PENDING_AUTHORIZATION')
    const queue = await alice.get('/v1/approvals/pending')
    const item = queue.body.items.find((i: { id: string }) => i.id === t.id)
    expect(item.view).toMatchObject({
      source: { vaultId: warm.id, tier: 'warm' },
      destination: { whitelisted: false, internal: false },
      action: { operation: 'NATIVE_TRANSFER', symbol: 'ETH', amount: '7', amountInUnits: '0.000000000000000007' },
      policy: { ruleId: 'warm-vaults', group: 'approvers', quorum: 1 },
      approvals: [],
    })
    const request = await alice.get(`/v1/transactions/${t.id}/approval-request`)
    expect(request.body.viewDigest).toBe(item.viewDigest)
    const unsigned = await alice.post(`/v1/transactions/${t.id}/approve`, {})
    expect(unsigned.code).toBe('PASSKEY_REQUIRED')
    const vote = await alice.post(`/v1/transactions/${t.id}/approve`, { comment: 'checked', assertion: alice.assert(request.body.statements.APPROVE.challenge) })
    expect(vote.status).toBe(200)
    expect(vote.body).toMatchObject({ status: 'APPROVED', approvals: 1 })
    const done = await waitForTransaction<Tx & { txHash: string }>(custody.as.platform, t.id)
    expect(done.status).toBe('COMPLETED')
    expect(await chain.publicClient.getBalance({ address: TO })).toBeGreaterThanOrEqual(7n)

    const evidence = await alice.get(`/v1/transactions/${t.id}/approvals/passkeys`)
    expect(evidence.body.items).toHaveLength(1)
    const entries = await custody.as.auditor.get<{ items: { action: string; after: { passkey?: unknown } }[] }>(`/v1/audit/entries?targetType=transaction&targetId=${t.id}&action=transaction.approval.approved`)
    const passkey = entries.body.items[0]!.after.passkey as Parameters<typeof verifyApprovalEvidence>[0]
    expect(verifyApprovalEvidence(passkey, { origin: alice.origin, rpId: alice.rpId })).toMatchObject({ ok: true, transactionId: t.id, decision: 'APPROVE' })
    const tampered = { ...passkey, view: { ...(passkey.view as object), destination: { wallet: '0x0000000000000000000000000000000000000bad' } } }
    expect(verifyApprovalEvidence(tampered, { origin: alice.origin, rpId: alice.rpId })).toMatchObject({ ok: false })
    // What an auditor runs on the exported entry: `custos audit verify-approval entry.json`.
    const file = join(tmpdir(), `approval-${t.id}.json`)
    writeFileSync(file, JSON.stringify(entries.body.items[0]))
    expect(verifyApprovalFile(file, { origin: alice.origin })).toMatchObject({ ok: true, decision: 'APPROVE' })
    expect(verifyApprovalFile(file, { origin: 'http://localhost:1' })).toMatchObject({ ok: false })
  })

  it('refuses an assertion made for another transaction, or for the other decision, and counts nothing', async () => {
    const a = await submit(11)
    const b = await submit(12)
    const forA = (await alice.get(`/v1/transactions/${a.id}/approval-request`)).body
    const wrongTx = await alice.post(`/v1/transactions/${b.id}/approve`, { assertion: alice.assert(forA.statements.APPROVE.challenge) })
    expect(wrongTx.status).toBe(403)
    expect(wrongTx.code).toBe('APPROVAL_ASSERTION_MISMATCH')
    const wrongDecision = await alice.post(`/v1/transactions/${a.id}/approve`, { assertion: alice.assert(forA.statements.REJECT.challenge) })
    expect(wrongDecision.code).toBe('APPROVAL_ASSERTION_MISMATCH')
    expect((await custody.as.platform.get<{ approvals: number }>(`/v1/transactions/${b.id}/approvals`)).body.approvals).toBe(0)
    expect((await custody.as.platform.get<{ approvals: number }>(`/v1/transactions/${a.id}/approvals`)).body.approvals).toBe(0)
    // Someone else's passkey cannot sign for the principal signed in.
    const stolen = await alice.post(`/v1/transactions/${a.id}/approve`, { assertion: bob.assert(forA.statements.APPROVE.challenge) })
    expect(stolen.code).toBe('WEBAUTHN_UNKNOWN_CREDENTIAL')
    // A rejection signed for what was shown ends it.
    const reject = await bob.post(`/v1/transactions/${a.id}/reject`, { comment: 'unknown payee', assertion: bob.assert(forA.statements.REJECT.challenge) })
    expect(reject.body.status).toBe('REJECTED')
  })

  it('counts one principal once, whether it votes by API key or by passkey', async () => {
    const t = await submitAndDecide(custody.as.platform, { externalTxId: `pk-${++n}`, sourceVaultId: warm.id, to: TO, value: '3' })
    const first = await custody.as['approver-1'].post<{ status: string }>(`/v1/transactions/${t.id}/approve`, {})
    expect(first.body.status).toBe('APPROVED')
    const request = await alice.get(`/v1/transactions/${t.id}/approval-request`)
    const second = await alice.post(`/v1/transactions/${t.id}/approve`, { assertion: alice.assert(request.body.statements.APPROVE.challenge) })
    expect(second.status).toBe(409)
    expect(second.code).toBe('ALREADY_VOTED')
    expect((await custody.as.platform.get<{ approvals: number }>(`/v1/transactions/${t.id}/approvals`)).body.approvals).toBe(1)
  })

  it('ends a session after the idle time, and every session of a principal on sign-out everywhere', async () => {
    const second = new ConsoleClient(custody.url, alice.authenticator)
    expect((await second.signIn()).status).toBe(200)
    // Alice's session was last used 16 minutes ago (the idle limit is 15). Custody's clock
    // stays where it is: its workers and checkpoints run on it.
    const mine = (await alice.get('/v1/console/session')).body.session.id
    await custody.service.ctx.db.updateTable('console_sessions').set({ last_seen_at: new Date(clock.now().getTime() - 16 * 60_000) }).where('id', '=', mine).execute()
    const idle = await alice.get('/v1/vaults')
    expect(idle.status).toBe(401)
    expect(idle.code).toBe('SESSION_EXPIRED')
    expect((await second.get('/v1/vaults')).status).toBe(200)
    expect((await alice.signIn()).status).toBe(200)
    const out = await alice.post('/v1/console/sign-out-everywhere')
    expect(out.body.sessionsEnded).toBeGreaterThanOrEqual(2)
    expect((await second.get('/v1/vaults')).code).toBe('SESSION_INVALID')
  })
})
