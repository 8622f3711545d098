import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { systemClock } from '../shared/clock.ts'
import { startTestReceiver, type TestReceiver } from '../shared/webhooks/test-receiver.ts'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../test/custody.ts'

type Tx = { id: string; status: string }

describe('custody webhooks', () => {
  let chain: TestChain
  let custody: TestCustody
  let receiver: TestReceiver

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    receiver = await startTestReceiver(systemClock)
  })
  afterAll(async () => {
    await receiver?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('tells a subscriber every status of a transaction, signed, in sequence, ending COMPLETED', async () => {
    const sub = await custody.as.platform.post<{ id: string; secret: string }>('/v1/webhooks', { url: receiver.url, events: ['transaction.*'] })
    expect(sub.status).toBe(201)
    receiver.secrets.push(sub.body.secret)
    const listed = await custody.as.platform.get<{ items: Record<string, unknown>[] }>('/v1/webhooks')
    expect(JSON.stringify(listed.body)).not.toContain(sub.body.secret)

    const vault = (await custody.as.admin.post<{ id: string; address: Address }>('/v1/vaults', { name: 'hooked', tier: 'hot' })).body
    await chain.testClient.setBalance({ address: vault.address, value: 10n ** 19n })
    const tx = (await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'hooked-1', sourceVaultId: vault.id, to: '0x0000000000000000000000000000000000000001', value: '5' })).body
    await waitForTransaction<Tx>(custody.as.platform, tx.id)

    const deadline = Date.now() + 20_000
    const mine = () => receiver.received.filter((r) => r.body.resourceId === tx.id)
    while (!mine().some((r) => (r.body.data as { status?: string }).status === 'COMPLETED')) {
      if (Date.now() > deadline) throw new Error(`no COMPLETED event: ${JSON.stringify(mine().map((r) => r.body.type))}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    const events = mine()
    expect(events.every((e) => e.verified.ok)).toBe(true)
    const sequences = events.map((e) => e.body.sequence).sort((a, b) => a - b)
    expect(sequences).toEqual([...Array(sequences.length).keys()].map((i) => i + 1))
    const statuses = events.sort((a, b) => a.body.sequence - b.body.sequence).map((e) => (e.body.data as { status: string }).status)
    expect(statuses).toEqual(['SUBMITTED', 'QUEUED', 'PENDING_SIGNATURE', 'BROADCASTING', 'CONFIRMING', 'COMPLETED'])
  })

  it('records who created, changed and deleted a subscription, with before and after but never the secret', async () => {
    const sub = await custody.as.platform.post<{ id: string; secret: string }>('/v1/webhooks', { url: receiver.url, events: ['vault.*'], description: 'audited' })
    expect(sub.status).toBe(201)
    expect(sub.headers['cache-control']).toBe('no-store')
    expect((await custody.as.platform.post(`/v1/webhooks/${sub.body.id}/disable`, {})).status).toBe(200)
    const rotated = await custody.as.platform.post<{ secret: string }>(`/v1/webhooks/${sub.body.id}/rotate-secret`, {})
    expect(rotated.status).toBe(200)
    expect((await custody.as.platform.delete(`/v1/webhooks/${sub.body.id}`)).status).toBe(204)
    const entries = await custody.service.ctx.db
      .selectFrom('audit_entries')
      .select(['actor', 'action', 'before', 'after'])
      .where('target_id', '=', sub.body.id)
      .orderBy('seq')
      .execute()
    expect(entries.map((e) => e.action)).toEqual(['webhook.subscription_created', 'webhook.subscription_disabled', 'webhook.secret_rotated', 'webhook.subscription_deleted'])
    expect(entries.every((e) => e.actor === `service:${custody.keys.platform!.keyId}/apikey:${custody.keys.platform!.keyId}`)).toBe(true)
    expect(entries[0]).toMatchObject({ before: null, after: { url: receiver.url, status: 'ACTIVE', description: 'audited' } })
    expect(entries[1]).toMatchObject({ before: { status: 'ACTIVE' }, after: { status: 'DISABLED' } })
    expect(entries[3]).toMatchObject({ before: { status: 'DISABLED' }, after: null })
    const text = JSON.stringify(entries)
    expect(text).not.toContain(sub.body.secret)
    expect(text).not.toContain(rotated.body.secret)
  })

  it('refuses a subscription to a private or metadata address', async () => {
    for (const url of ['http://10.0.0.1/hooks', 'http://169.254.169.254/latest/meta-data/']) {
      const res = await custody.as.platform.post('/v1/webhooks', { url, events: ['*'] })
      expect(res.status).toBe(400)
      expect(res.problem?.code).toBe('WEBHOOK_TARGET_FORBIDDEN')
    }
  })

  it('gives each subscription its own timeout, concurrency and max attempts, set on create and changed later, validated and audited', async () => {
    // A subscriber that never answers, counting the requests it holds at once.
    let open = 0
    let most = 0
    const hung: Server = createServer((req) => {
      most = Math.max(most, ++open)
      req.on('close', () => void (open -= 1))
    })
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(hung.address() as AddressInfo).port}/slow`
    type Sub = { id: string; timeoutMs: number | null; concurrency: number | null; maxAttempts: number | null }
    type Delivery = { status: string; attempts: number; lastError: string | null }
    const deliveries = async (id: string) => (await custody.as.platform.get<{ items: Delivery[] }>(`/v1/webhooks/${id}/deliveries?limit=100`)).body.items
    const vaults = async (prefix: string, n: number) => {
      for (let i = 0; i < n; i++) expect((await custody.as.admin.post('/v1/vaults', { name: `${prefix}-${i}`, tier: 'hot' })).status).toBe(201)
    }
    const allFailed = async (id: string, n: number) => {
      const deadline = Date.now() + 60_000
      for (;;) {
        const items = await deliveries(id)
        if (items.length === n && items.every((d) => d.status === 'FAILED')) return items
        if (Date.now() > deadline) throw new Error(`deliveries not all FAILED: ${JSON.stringify(items)}`)
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    try {
      for (const bad of [{ timeoutMs: 500 }, { timeoutMs: 30_001 }, { concurrency: 0 }, { concurrency: 17 }, { maxAttempts: 0 }, { maxAttempts: 1.5 }]) {
        const res = await custody.as.platform.post('/v1/webhooks', { url, events: ['vault.*'], ...bad })
        expect(res.status, JSON.stringify(bad)).toBe(400)
      }
      const created = await custody.as.platform.post<Sub>('/v1/webhooks', { url, events: ['vault.*'], timeoutMs: 1_000, concurrency: 1, maxAttempts: 2 })
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({ timeoutMs: 1_000, concurrency: 1, maxAttempts: 2 })
      const id = created.body.id

      // One request at a time, each given up after 1 s, each delivery after 2 attempts.
      await vaults('lane-a', 3)
      const first = await allFailed(id, 3)
      expect(first.map((d) => d.attempts)).toEqual([2, 2, 2])
      expect(first.every((d) => d.lastError === 'no response within 1000 ms')).toBe(true)
      expect(most).toBe(1)

      for (const bad of [{}, { concurrency: 0 }, { timeoutMs: 'soon' }, { url: 'http://example.com' }]) {
        expect((await custody.as.platform.patch(`/v1/webhooks/${id}`, bad)).status, JSON.stringify(bad)).toBe(400)
      }
      const changed = await custody.as.platform.patch<Sub>(`/v1/webhooks/${id}`, { timeoutMs: 2_000, concurrency: 3, maxAttempts: 1 })
      expect(changed.status).toBe(200)
      expect(changed.body).toMatchObject({ timeoutMs: 2_000, concurrency: 3, maxAttempts: 1 })
      expect((await custody.as.platform.get<Sub>(`/v1/webhooks/${id}`)).body).toMatchObject({ timeoutMs: 2_000, concurrency: 3, maxAttempts: 1 })

      // Three at once now, each ended after 2 s and not tried again.
      most = 0
      await vaults('lane-b', 3)
      const second = (await allFailed(id, 6)).filter((d) => d.attempts === 1)
      expect(second).toHaveLength(3)
      expect(second.every((d) => d.lastError === 'no response within 2000 ms')).toBe(true)
      expect(most).toBe(3)

      // null puts a setting back to the service default.
      const reset = await custody.as.platform.patch<Sub>(`/v1/webhooks/${id}`, { maxAttempts: null })
      expect(reset.body).toMatchObject({ timeoutMs: 2_000, concurrency: 3, maxAttempts: null })
      const audit = await custody.service.ctx.db.selectFrom('audit_entries').select(['actor', 'action', 'before', 'after']).where('target_id', '=', id).orderBy('seq').execute()
      expect(audit.map((e) => e.action)).toEqual(['webhook.subscription_created', 'webhook.subscription_updated', 'webhook.subscription_updated'])
      expect(audit[1]).toMatchObject({ actor: expect.stringMatching(new RegExp(`^service:[^/]+/apikey:${custody.keys.platform!.keyId}$`)), before: { timeoutMs: 1_000, concurrency: 1, maxAttempts: 2 }, after: { timeoutMs: 2_000, concurrency: 3, maxAttempts: 1 } })
      await custody.as.platform.delete(`/v1/webhooks/${id}`)
    } finally {
      hung.closeAllConnections()
      await new Promise((r) => hung.close(r))
    }
  }, 120_000)
})
