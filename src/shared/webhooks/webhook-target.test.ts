import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../clock.ts'
import type { TestDatabase } from '../../test/database.ts'
import type { WebhookContext } from './context.ts'
import { getDelivery } from './deliveries.ts'
import { enqueueEvent } from './enqueue-event.ts'
import { runDeliveryBatch } from './run-delivery-batch.ts'
import { createSubscription } from './subscriptions.ts'
import { LOCAL_WEBHOOK_TARGETS, openWebhookTestDatabase, startTestReceiver, type TestReceiver } from './test-receiver.ts'
import { internalRange, parseWebhookTargetPolicy, STRICT_WEBHOOK_TARGETS } from './webhook-target.ts'

describe('webhook targets', () => {
  let t: TestDatabase<any>
  let receiver: TestReceiver
  const clock = new ManualClock()
  const sealKey = randomBytes(32)
  const strict = (): WebhookContext => ({ db: t.db, clock, sealKey })

  beforeAll(async () => {
    t = await openWebhookTestDatabase('webhooks_targets')
    receiver = await startTestReceiver(clock)
  })
  afterAll(async () => {
    await receiver?.close()
    await t?.close()
  })

  it.each([
    ['loopback', 'http://127.0.0.1/hooks'],
    ['loopback, written as a number', 'http://2130706433/hooks'],
    ['private (RFC 1918)', 'http://10.0.0.1/hooks'],
    ['private (RFC 1918)', 'https://192.168.1.20/hooks'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 metadata (ULA)', 'http://[fd00:ec2::254]/'],
    ['IPv6 loopback', 'http://[::1]:8080/'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/'],
    ['CGNAT', 'http://100.64.1.1/'],
    ['unspecified', 'http://0.0.0.0:22/'],
    ['a name resolving to loopback', 'http://localhost:4000/hooks'],
  ])('refuses a subscription to %s (%s) without an allow-list entry', async (_what, url) => {
    await expect(createSubscription(strict(), { url, events: ['*'] })).rejects.toMatchObject({ code: 'WEBHOOK_TARGET_FORBIDDEN', status: 400 })
    const rows = await t.db.selectFrom('webhook_subscriptions').select('id').where('url', '=', new URL(url).toString()).execute()
    expect(rows).toHaveLength(0)
  })

  it('accepts what the operator allow-list names, by address, CIDR block or host name', async () => {
    const policy = parseWebhookTargetPolicy('10.0.0.0/8, fd00:ec2::254 localhost')
    const ctx = { ...strict(), targets: policy }
    for (const url of ['http://10.0.0.1/hooks', 'http://[fd00:ec2::254]/', 'http://localhost:4000/hooks']) {
      expect((await createSubscription(ctx, { url, events: ['*'] })).url).toBe(url)
    }
    await expect(createSubscription(ctx, { url: 'http://192.168.0.1/', events: ['*'] })).rejects.toMatchObject({ code: 'WEBHOOK_TARGET_FORBIDDEN' })
    expect(() => parseWebhookTargetPolicy('10.0.0.0/33')).toThrow(/prefix/)
    expect(() => parseWebhookTargetPolicy('http://x')).toThrow(/neither/)
  })

  it('classifies public addresses as public', () => {
    expect(internalRange('93.184.215.14')).toBeNull()
    expect(internalRange('2606:4700::1111')).toBeNull()
    expect(internalRange('172.32.0.1')).toBeNull()
    expect(internalRange('172.31.255.255')).toBe('private')
  })

  it('checks the target again at every delivery: a target that became internal gets nothing', async () => {
    // Allowed when subscribed (as a name resolving to a public address would be) ...
    const sub = await createSubscription({ ...strict(), targets: LOCAL_WEBHOOK_TARGETS }, { url: receiver.url, events: ['*'] })
    receiver.secrets = [sub.secret]
    const e = await enqueueEvent(t.db, { type: 'transaction.status_changed', resourceType: 'transaction', resourceId: 'rebound', data: {} }, { clock })
    // ... and internal at delivery time (DNS rebinding, or the allow-list shrank): not sent.
    expect(await runDeliveryBatch({ ...strict(), targets: STRICT_WEBHOOK_TARGETS })).toMatchObject({ delivered: 0, failed: 0 })
    expect(receiver.received).toHaveLength(0)
    const row = await t.db.selectFrom('webhook_deliveries').select('id').where('event_id', '=', e.eventId).where('subscription_id', '=', sub.id).executeTakeFirstOrThrow()
    const d = await getDelivery(strict(), row.id)
    expect(d.attemptLog[0]).toMatchObject({ statusCode: null, error: 'target address not allowed' })
    expect(JSON.stringify(d)).not.toContain('127.0.0.1:')
  })
})
