// @postgres-pass: pruning the delivery log in batches.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../clock.ts'
import type { TestDatabase } from '../../test/database.ts'
import type { WebhookContext } from './context.ts'
import { enqueueEvent } from './enqueue-event.ts'
import { pruneWebhookHistory } from './prune-history.ts'
import { createSubscription } from './subscriptions.ts'
import { openWebhookTestDatabase, LOCAL_WEBHOOK_TARGETS } from './test-receiver.ts'

const DAY = 86_400_000

describe('pruning the webhook delivery log', () => {
  let t: TestDatabase<any>
  let ctx: WebhookContext
  const clock = new ManualClock()

  beforeAll(async () => {
    t = await openWebhookTestDatabase('webhooks_prune')
    ctx = { db: t.db, clock, sealKey: randomBytes(32), targets: LOCAL_WEBHOOK_TARGETS }
  })
  afterAll(async () => {
    await t?.close()
  })

  const enqueue = (resourceId: string) => enqueueEvent(t.db, { type: 'transaction.status_changed', resourceType: 'transaction', resourceId, data: {} }, ctx)
  const deliveryOf = async (eventId: string) => (await t.db.selectFrom('webhook_deliveries').select('id').where('event_id', '=', eventId).executeTakeFirstOrThrow()).id
  const finish = (id: string, status: 'DELIVERED' | 'FAILED') =>
    t.db.updateTable('webhook_deliveries').set({ status, attempts: 1, next_attempt_at: null }).where('id', '=', id).execute()
  const attempt = (deliveryId: string) =>
    t.db.insertInto('webhook_delivery_attempts').values({ id: crypto.randomUUID(), delivery_id: deliveryId, attempt: 1, at: clock.now(), status_code: 200, error: null, duration_ms: 3 }).execute()

  it('deletes finished deliveries and their events past the retention, keeps what is pending, recent or still referenced', async () => {
    await createSubscription(ctx, { url: 'https://receiver.example/hooks', events: ['transaction.*'] })
    const old = await enqueue('tx-a') // delivered long ago
    const oldFailed = await enqueue('tx-b') // failed long ago
    const oldPending = await enqueue('tx-c') // still retrying (a receiver down for long)
    const redelivered = await enqueue('tx-d') // delivered long ago, redelivered recently
    for (const [e, status] of [[old, 'DELIVERED'], [oldFailed, 'FAILED'], [redelivered, 'DELIVERED']] as const) {
      const d = await deliveryOf(e.eventId)
      await finish(d, status)
      await attempt(d)
    }
    clock.advance(40 * DAY)
    const original = await deliveryOf(redelivered.eventId)
    await t.db
      .insertInto('webhook_deliveries')
      .values({ id: crypto.randomUUID(), event_id: redelivered.eventId, subscription_id: (await t.db.selectFrom('webhook_subscriptions').select('id').executeTakeFirstOrThrow()).id, status: 'DELIVERED', attempts: 1, created_at: clock.now(), redelivery_of: original })
      .execute()
    const recent = await enqueue('tx-a') // the same resource again: its sequence must go on from 1
    await finish(await deliveryOf(recent.eventId), 'DELIVERED')

    const pruned = await pruneWebhookHistory(ctx, { olderThan: new Date(clock.now().getTime() - 30 * DAY) })

    expect(pruned).toEqual({ deliveries: 2, events: 2, more: false })
    const events = await t.db.selectFrom('webhook_events').select('id').execute()
    expect(events.map((e) => e.id).sort()).toEqual([oldPending.eventId, redelivered.eventId, recent.eventId].sort())
    expect(await t.db.selectFrom('webhook_delivery_attempts').select('delivery_id').execute()).toEqual([{ delivery_id: original }])
    expect(recent.sequence).toBe(old.sequence + 1)
    const next = await enqueue('tx-a')
    expect(next.sequence).toBe(recent.sequence + 1)
  })
})
