// @postgres-pass: the delivery loop’s claims and leases.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../clock.ts'
import type { TestDatabase } from '../../test/database.ts'
import type { WebhookContext } from './context.ts'
import { enqueueEvent } from './enqueue-event.ts'
import type { RunDeliveryBatchReturnType } from './run-delivery-batch.ts'
import { startDeliveryLoop } from './start-delivery-loop.ts'
import { createSubscription } from './subscriptions.ts'
import { openWebhookTestDatabase, startTestReceiver, type TestReceiver, LOCAL_WEBHOOK_TARGETS } from './test-receiver.ts'

describe('delivery loop', () => {
  let t: TestDatabase<any>
  let ctx: WebhookContext
  let receiver: TestReceiver
  const clock = new ManualClock()

  beforeAll(async () => {
    t = await openWebhookTestDatabase('webhooks_loop')
    ctx = { db: t.db, clock, sealKey: randomBytes(32), targets: LOCAL_WEBHOOK_TARGETS }
    receiver = await startTestReceiver(clock)
    receiver.secrets = [(await createSubscription(ctx, { url: receiver.url, events: ['*'] })).secret]
  })
  afterAll(async () => {
    await receiver?.close()
    await t?.close()
  })

  it('delivers promptly on wake() though its interval is a minute, without spinning in between', async () => {
    const batches: RunDeliveryBatchReturnType[] = []
    const loop = startDeliveryLoop(ctx, { intervalMs: 60_000, onBatch: (r) => void batches.push(r) })
    try {
      const started = Date.now()
      const e = await t.db.transaction().execute((tx) => enqueueEvent(tx, { type: 'investor.status_changed', resourceType: 'investor', resourceId: 'inv1', data: { status: 'ACTIVE' } }, ctx))
      loop.wake()
      await receiver.waitFor(1)
      expect(Date.now() - started).toBeLessThan(5_000)
      expect(receiver.received[0]!).toMatchObject({ eventId: e.eventId, verified: { ok: true } })

      const more = await Promise.all([1, 2, 3].map((i) => enqueueEvent(t.db, { type: 'investor.status_changed', resourceType: 'investor', resourceId: `inv${i + 1}`, data: {} }, ctx)))
      loop.wake()
      await receiver.waitFor(4)
      expect(receiver.received.slice(1).map((r) => r.eventId).sort()).toEqual(more.map((m) => m.eventId).sort())
    } finally {
      await loop.stop()
    }
    // One idle batch at start, one per wake (a wake during a batch may add one): never a tight loop.
    expect(batches.length).toBeLessThanOrEqual(5)
    expect(batches.reduce((n, b) => n + b.delivered, 0)).toBe(4)
  })

  it('drains a backlog in consecutive batches without waiting for the interval', async () => {
    const before = receiver.received.length
    await Promise.all(Array.from({ length: 25 }, (_, i) => enqueueEvent(t.db, { type: 'investor.updated', resourceType: 'investor', resourceId: `bulk${i}`, data: {} }, ctx)))
    const loop = startDeliveryLoop(ctx, { intervalMs: 60_000, limit: 10 })
    try {
      await receiver.waitFor(before + 25)
    } finally {
      await loop.stop()
    }
  })

  it('stops promptly while idle', async () => {
    const loop = startDeliveryLoop(ctx, { intervalMs: 60_000 })
    const started = Date.now()
    await loop.stop()
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('prunes the delivery log past its retention, keeping recent deliveries', async () => {
    const before = await t.db.selectFrom('webhook_deliveries').select('id').execute()
    expect(before.length).toBeGreaterThan(0)
    clock.advance(31 * 86_400_000)
    const fresh = await enqueueEvent(t.db, { type: 'investor.updated', resourceType: 'investor', resourceId: 'recent', data: {} }, ctx)
    let firstBatch!: () => void
    const batched = new Promise<void>((resolve) => (firstBatch = resolve))
    // The loop prunes before its first batch, and then once an hour.
    const loop = startDeliveryLoop(ctx, { intervalMs: 60_000, retentionMs: 30 * 86_400_000, onBatch: () => firstBatch() })
    try {
      await batched
    } finally {
      await loop.stop()
    }
    const events = await t.db.selectFrom('webhook_events').select('id').execute()
    expect(events).toEqual([{ id: fresh.eventId }])
    expect(await t.db.selectFrom('webhook_deliveries').select('event_id').execute()).toEqual([{ event_id: fresh.eventId }])
  })
})
