// Builders shared by the governance, approvals, compliance and cold tests; not part of the API.
import { expect } from 'vitest'
import type { Clock } from '../../shared/clock.ts'
import { createSignedFetch, type SignedFetch } from '../../shared/auth/sign-request.ts'
import { waitForTransaction, type TestCustody } from '../../test/custody.ts'

/** The system clock moved by an offset tests control: requests keep distinct timestamps, windows can be jumped. */
export class OffsetClock implements Clock {
  offsetMs = 0
  now(): Date {
    return new Date(Date.now() + this.offsetMs)
  }
  advance(ms: number): void {
    this.offsetMs += ms
  }
}

/**
 * Moves the clock and waits until every pipeline worker has beaten its heartbeat at the new
 * time: until then the jump makes live workers look dead and their leases free.
 */
export async function advanceClock(custody: TestCustody, clock: OffsetClock, ms: number): Promise<void> {
  clock.advance(ms)
  const deadline = Date.now() + 10_000
  for (;;) {
    const stale = await custody.service.ctx.db.selectFrom('pipeline_workers').select('id').where('heartbeat_at', '<', new Date(clock.now().getTime() - 2000)).execute()
    if (stale.length === 0) return
    if (Date.now() > deadline) throw new Error('pipeline workers did not catch up with the moved clock')
    await new Promise((r) => setTimeout(r, 50))
  }
}

export type Tx = {
  id: string
  externalTxId: string
  status: string
  subStatus: string | null
  statusReason: string | null
  nonce: string | null
  txHash: string | null
  policy: { action: string; ruleId: string | null; reason: string; approval: { group: string; quorum: number } | null; policyVersion: number | null; tierOverride?: string; offlineSigning: boolean } | null
}

/** Another signed client on the same custody, for a key made with the given scopes and groups. */
export async function newClient(custody: TestCustody, role: string, scopes: string[], groups: string[], clock?: Clock): Promise<{ client: SignedFetch; keyId: string; secret: string }> {
  const k = await custody.service.apiKeys.createApiKey({ role, scopes, groups, createdBy: 'test' })
  return { client: createSignedFetch({ baseUrl: custody.url, keyId: k.keyId, secret: k.secret, clock: clock ?? custody.service.ctx.clock }), ...k }
}

/** Two more admin keys: with the harness admin they make the requester plus a default quorum of 2. */
export async function extraAdmins(custody: TestCustody): Promise<[SignedFetch, SignedFetch]> {
  const a = await newClient(custody, 'admin', ['read', 'admin'], ['admins'])
  const b = await newClient(custody, 'admin', ['read', 'admin'], ['admins'])
  return [a.client, b.client]
}

/** Proposes a policy (YAML text or JSON document) as the harness admin and has two other admins approve it. */
export async function activatePolicy(custody: TestCustody, approvers: readonly SignedFetch[], policy: string | object): Promise<number> {
  const body = typeof policy === 'string' ? { text: policy, format: 'yaml' } : { document: policy }
  const draft = await custody.as.admin.post<{ draft: { version: number }; changeRequest: { id: string } }>('/v1/policy/drafts', body)
  expect(draft.status, JSON.stringify(draft.body)).toBe(201)
  for (const a of approvers) {
    const r = await a.post<{ status: string }>(`/v1/change-requests/${draft.body.changeRequest.id}/approve`, {})
    expect(r.status, JSON.stringify(r.body)).toBe(200)
  }
  const active = await custody.as.admin.get<{ version: number }>('/v1/policy')
  expect(active.body.version).toBe(draft.body.draft.version)
  return draft.body.draft.version
}

/** Puts an address on the whitelist through the admin quorum. */
export async function whitelistAddress(custody: TestCustody, approvers: readonly SignedFetch[], address: string, label: string): Promise<void> {
  const cr = await custody.as.admin.post<{ id: string }>('/v1/whitelist', { address, label })
  expect(cr.status, JSON.stringify(cr.body)).toBe(202)
  for (const a of approvers) expect((await a.post(`/v1/change-requests/${cr.body.id}/approve`, {})).status).toBe(200)
}

/** Submits a transaction and waits until the policy has decided on it (it has left SUBMITTED). */
export async function submitAndDecide(client: SignedFetch, body: Record<string, unknown>): Promise<Tx> {
  const res = await client.post<Tx>('/v1/transactions', body)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return waitForTransaction<Tx>(client, res.body.id, (t) => t.status !== 'SUBMITTED')
}
