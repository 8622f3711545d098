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
    expect(entries.every((e) => e.actor === `apikey:${custody.keys.platform!.keyId}`)).toBe(true)
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
})
