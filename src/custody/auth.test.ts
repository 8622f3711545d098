import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { startTestCustody, type TestCustody } from '../test/custody.ts'
import { createSignedFetch, signRequest } from '../shared/auth/sign-request.ts'
import { ManualClock } from '../shared/clock.ts'

describe('custody refuses requests it cannot trust, and they change nothing', () => {
  let chain: TestChain
  let custody: TestCustody
  let vault: { id: string; address: Address }
  const body = () => ({ externalTxId: `auth-${Math.random()}`, sourceVaultId: vault.id, to: '0x0000000000000000000000000000000000000002', value: '1' })
  const count = async () => Number((await custody.service.ctx.db.selectFrom('transactions').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()).n)

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    vault = (await custody.as.admin.post<{ id: string; address: Address }>('/v1/vaults', { name: 'auth', tier: 'warm' })).body
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
  })

  async function raw(headers: Record<string, string>, payload: string) {
    const res = await fetch(`${custody.url}/v1/transactions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload })
    return { status: res.status, code: ((await res.json()) as { code: string }).code, type: res.headers.get('content-type') }
  }

  it.each([
    ['a timestamp 31 s old', -31_000, 'AUTH_TIMESTAMP_SKEW'],
    ['a timestamp 31 s ahead', 31_000, 'AUTH_TIMESTAMP_SKEW'],
  ])('refuses %s with 401', async (_what, skew, code) => {
    const before = await count()
    const clock = new ManualClock(Date.now() + skew)
    const res = await createSignedFetch({ baseUrl: custody.url, ...custody.keys.platform!, clock }).post('/v1/transactions', body())
    expect(res.status).toBe(401)
    expect(res.problem?.code).toBe(code)
    expect(await count()).toBe(before)
  })

  it('refuses a replayed request, a wrong signature and an unknown key with 401', async () => {
    const before = await count()
    const payload = JSON.stringify(body())
    const headers = signRequest({ keyId: custody.keys.platform!.keyId, secret: custody.keys.platform!.secret, method: 'POST', pathWithQuery: '/v1/transactions', body: payload, now: Date.now() })
    expect((await raw(headers, payload)).status).toBe(201)
    const replay = await raw(headers, payload)
    expect(replay).toMatchObject({ status: 401, code: 'AUTH_REPLAYED' })
    expect(replay.type).toContain('application/problem+json')
    const tampered = await raw(headers, payload.replace('"1"', '"2"'))
    expect(tampered).toMatchObject({ status: 401, code: 'AUTH_BAD_SIGNATURE' })
    const unknown = signRequest({ keyId: 'ck_nobody', secret: 'x'.repeat(40), method: 'POST', pathWithQuery: '/v1/transactions', body: payload, now: Date.now() })
    expect(await raw(unknown, payload)).toMatchObject({ status: 401, code: 'AUTH_UNKNOWN_KEY' })
    expect(await count()).toBe(before + 1)
  })

  it('refuses a key without the scope with 403, and a revoked key with 401', async () => {
    const before = await count()
    const res = await custody.as.auditor.post('/v1/transactions', body())
    expect(res.status).toBe(403)
    expect(res.problem?.code).toBe('AUTH_SCOPE_MISSING')
    const issued = await custody.as.admin.post<{ keyId: string; secret: string }>('/v1/api-keys', { scopes: ['read', 'transact'] })
    expect(issued.status).toBe(201)
    const temp = createSignedFetch({ baseUrl: custody.url, keyId: issued.body.keyId, secret: issued.body.secret })
    expect((await temp.get('/v1/vaults')).status).toBe(200)
    expect((await custody.as.admin.post(`/v1/api-keys/${issued.body.keyId}/revoke`, {})).status).toBe(200)
    const revoked = await temp.post('/v1/transactions', body())
    expect(revoked.status).toBe(401)
    expect(revoked.problem?.code).toBe('AUTH_KEY_REVOKED')
    expect(await count()).toBe(before)
    const keys = await custody.as.admin.get<{ items: Record<string, unknown>[] }>('/v1/api-keys')
    expect(JSON.stringify(keys.body)).not.toContain(issued.body.secret)
  })

  it('keeps a refused known caller in the audit log and counts unauthenticated refusals as security events', async () => {
    const audited = await custody.service.ctx.db.selectFrom('audit_entries').select(['action', 'details']).where('action', '=', 'auth.failed').execute()
    expect(audited.map((a) => (a.details as { code: string }).code)).toEqual(['AUTH_SCOPE_MISSING'])
    const events = await custody.as.admin.get<{ items: { code: string; count: string; samples: { path: string }[] }[] }>('/v1/security-events')
    expect(events.status).toBe(200)
    const codes = new Set(events.body.items.map((e) => e.code))
    for (const code of ['AUTH_TIMESTAMP_SKEW', 'AUTH_REPLAYED', 'AUTH_BAD_SIGNATURE', 'AUTH_UNKNOWN_KEY', 'AUTH_KEY_REVOKED']) expect(codes).toContain(code)
    expect(events.body.items.every((e) => e.samples.every((s) => s.path === '/v1/transactions'))).toBe(true)
    expect((await custody.as.auditor.get('/v1/security-events')).status).toBe(403)
  })

  it('1,000 unauthenticated requests do not grow the audit log by 1,000', async () => {
    const auditSize = async () => Number((await custody.service.ctx.db.selectFrom('audit_entries').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()).n)
    const before = await auditSize()
    const junk = (i: number): Record<string, string> => (i % 2 === 0 ? {} : { 'x-api-key': `ck_junk_${i}`, 'x-api-timestamp': String(Date.now()), 'x-api-signature': 'ab'.repeat(32) })
    for (let round = 0; round < 10; round++) {
      const statuses = await Promise.all(
        Array.from({ length: 100 }, (_, j) => fetch(`${custody.url}/v1/vaults`, { headers: junk(round * 100 + j) }).then(async (r) => (await r.arrayBuffer(), r.status))),
      )
      expect(statuses.every((s) => s === 401)).toBe(true)
    }
    expect(await auditSize()).toBe(before)
    const events = await custody.as.admin.get<{ items: { code: string; count: string; samples: unknown[] }[] }>('/v1/security-events?limit=500')
    const counted = events.body.items.filter((e) => ['AUTH_MISSING_HEADERS', 'AUTH_MALFORMED_HEADERS', 'AUTH_UNKNOWN_KEY'].includes(e.code)).reduce((n, e) => n + Number(e.count), 0)
    expect(counted).toBeGreaterThanOrEqual(1000)
    // A few rows with samples, not a thousand.
    expect(events.body.items.length).toBeLessThan(20)
    expect(events.body.items.every((e) => e.samples.length <= 5)).toBe(true)
  }, 180_000)
})
