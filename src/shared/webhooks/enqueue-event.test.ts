// @postgres-pass: the webhook outbox written in the caller’s transaction.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { ManualClock } from '../clock.ts'
import type { TestDatabase } from '../../test/database.ts'
import type { WebhookContext } from './context.ts'
import { enqueueEvent, enqueueEvents } from './enqueue-event.ts'
import { matchesEventType } from './event-types.ts'
import { runDeliveryBatch } from './run-delivery-batch.ts'
import { createSubscription, disableSubscription } from './subscriptions.ts'
import { openWebhookTestDatabase, startTestReceiver, type TestReceiver, LOCAL_WEBHOOK_TARGETS } from './test-receiver.ts'

describe('transactional outbox', () => {
  let t: TestDatabase<any>
  let ctx: WebhookContext
  let receiver: TestReceiver
  let all: string
  const clock = new ManualClock()

  beforeAll(async () => {
    t = await openWebhookTestDatabase('webhooks_outbox')
    ctx = { db: t.db, clock, sealKey: randomBytes(32), targets: LOCAL_WEBHOOK_TARGETS }
    receiver = await startTestReceiver(clock)
    const sub = await createSubscription(ctx, { url: receiver.url, events: ['*'] })
    receiver.secrets = [sub.secret]
    all = sub.id
  })
  afterAll(async () => {
    await receiver?.close()
    await t?.close()
  })

  const event = (resourceId: string, data: Record<string, unknown> = {}) => ({ type: 'transaction.status_changed', resourceType: 'transaction', resourceId, data })

  it('never delivers an event whose transaction rolled back, nor spends its sequence number', async () => {
    await sql`create table orders (id text primary key, status text not null)`.execute(t.db)
    await expect(
      t.db.transaction().execute(async (tx) => {
        await sql`insert into orders values ('o1', 'QUEUED')`.execute(tx)
        await enqueueEvent(tx, event('rolled-back', { status: 'QUEUED' }), ctx)
        throw new Error('the state change failed after the event was written')
      }),
    ).rejects.toThrow('state change failed')

    expect(await runDeliveryBatch(ctx, { limit: 10 })).toMatchObject({ claimed: 0 })
    expect(receiver.received).toHaveLength(0)
    const counts = await sql<{ events: string; orders: string }>`select (select count(*) from webhook_events)::text as events, (select count(*) from orders)::text as orders`.execute(t.db)
    expect(counts.rows[0]).toEqual({ events: '0', orders: '0' })

    const committed = await t.db.transaction().execute(async (tx) => {
      await sql`insert into orders values ('o1', 'QUEUED')`.execute(tx)
      return enqueueEvent(tx, event('rolled-back', { status: 'QUEUED' }), ctx)
    })
    expect(committed).toMatchObject({ sequence: 1, deliveries: 1 })
    expect(await runDeliveryBatch(ctx, { limit: 10 })).toMatchObject({ claimed: 1, delivered: 1 })
    expect(receiver.received.map((r) => r.body)).toEqual([
      {
        id: committed.eventId,
        type: 'transaction.status_changed',
        resourceType: 'transaction',
        resourceId: 'rolled-back',
        sequence: 1,
        occurredAt: clock.now().toISOString(),
        data: { status: 'QUEUED' },
      },
    ])
    expect(receiver.received[0]!.verified.ok).toBe(true)
  })

  it('numbers events per resource from 1, without gaps', async () => {
    const seen: Record<string, number[]> = {}
    for (const id of ['a', 'b', 'a', 'a', 'c', 'b']) {
      const r = await enqueueEvent(t.db, event(id), ctx)
      ;(seen[id] ??= []).push(r.sequence)
    }
    expect(seen).toEqual({ a: [1, 2, 3], b: [1, 2], c: [1] })
    // Same id, other resource type: its own sequence.
    expect((await enqueueEvent(t.db, { type: 'investor.status_changed', resourceType: 'investor', resourceId: 'a', data: {} }, ctx)).sequence).toBe(1)
  })

  it('gives concurrent transactions on one resource consecutive numbers in commit order', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.db.transaction().execute(async (tx) => {
          const r = await enqueueEvent(tx, event('busy', { i }), ctx)
          // Every fourth transaction fails after taking a number: the number goes back.
          if (i % 4 === 3) throw new Error('abort')
          return r
        }).catch(() => undefined),
      ),
    )
    const committed = results.filter((r) => r !== undefined)
    expect(committed.map((r) => r.sequence).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    const stored = await sql<{ sequence: string }>`select sequence::text from webhook_events where resource_id = 'busy' order by sequence`.execute(t.db)
    expect(stored.rows.map((r) => Number(r.sequence))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('fans out to active subscriptions whose patterns match the type', async () => {
    const exact = await createSubscription(ctx, { url: receiver.url, events: ['investor.status_changed'] })
    const prefix = await createSubscription(ctx, { url: receiver.url, events: ['transaction.*'] })
    const disabled = await createSubscription(ctx, { url: receiver.url, events: ['*'] })
    await disableSubscription(ctx, disabled.id)

    const tx = await enqueueEvent(t.db, { type: 'transaction.approval.granted', resourceType: 'transaction', resourceId: 'fan', data: {} }, ctx)
    const inv = await enqueueEvent(t.db, { type: 'investor.status_changed', resourceType: 'investor', resourceId: 'fan', data: {} }, ctx)
    const other = await enqueueEvent(t.db, { type: 'transactions.other', resourceType: 'x', resourceId: 'fan', data: {} }, ctx)
    const targets = async (eventId: string) =>
      (await t.db.selectFrom('webhook_deliveries').select('subscription_id').where('event_id', '=', eventId).execute()).map((r: { subscription_id: string }) => r.subscription_id).sort()
    expect(await targets(tx.eventId)).toEqual([all, prefix.id].sort())
    expect(await targets(inv.eventId)).toEqual([all, exact.id].sort())
    expect(await targets(other.eventId)).toEqual([all])
  })

  it('writes a batch as one-by-one enqueues would: numbers in order per resource, the same fan-out, all or nothing', async () => {
    await enqueueEvent(t.db, event('batch-a'), ctx)
    const batch = [event('batch-a', { n: 1 }), event('batch-b', { n: 2 }), event('batch-a', { n: 3 }), { ...event('batch-a', { n: 4 }), type: 'investor.status_changed' }, event('batch-c', { n: 5 })]
    // A failing batch takes no numbers.
    await expect(
      t.db.transaction().execute(async (tx) => {
        await enqueueEvents(tx, batch, ctx)
        throw new Error('the state change failed')
      }),
    ).rejects.toThrow('the state change failed')
    const written = await enqueueEvents(t.db, batch, ctx)
    expect(written.map((w) => w.sequence)).toEqual([2, 1, 3, 4, 1])
    const stored = await t.db.selectFrom('webhook_events').select(['id', 'resource_id', 'sequence', 'data']).where('resource_id', 'like', 'batch-%').orderBy('resource_id').orderBy('sequence').execute()
    expect(stored.map((r: { resource_id: string; sequence: bigint; data: { n?: number } }) => [r.resource_id, Number(r.sequence), r.data.n ?? null])).toEqual([
      ['batch-a', 1, null],
      ['batch-a', 2, 1],
      ['batch-a', 3, 3],
      ['batch-a', 4, 4],
      ['batch-b', 1, 2],
      ['batch-c', 1, 5],
    ])
    // Each event reaches the same subscriptions as it would alone: `*` and the matching patterns.
    const subs = await t.db.selectFrom('webhook_subscriptions').select(['id', 'events']).where('status', '=', 'ACTIVE').execute()
    for (const [i, w] of written.entries()) {
      const expected = subs.filter((s: { events: string[] }) => matchesEventType(s.events, batch[i]!.type)).map((s: { id: string }) => s.id).sort()
      const got = (await t.db.selectFrom('webhook_deliveries').select('subscription_id').where('event_id', '=', w.eventId).execute()).map((r: { subscription_id: string }) => r.subscription_id).sort()
      expect(got).toEqual(expected)
      expect(w.deliveries).toBe(expected.length)
    }
    expect(await enqueueEvents(t.db, [], ctx)).toEqual([])
    await expect(enqueueEvents(t.db, [event('ok'), { ...event('x'), type: 'Not A Type' }], ctx)).rejects.toMatchObject({ code: 'WEBHOOK_EVENT_TYPE_INVALID' })
    expect(await t.db.selectFrom('webhook_events').select('id').where('resource_id', '=', 'ok').execute()).toEqual([])
  })

  it('writes bigints as decimal strings and refuses malformed events', async () => {
    const r = await enqueueEvent(t.db, event('amounts', { amount: 10n ** 30n }), ctx)
    const row = await t.db.selectFrom('webhook_events').select('data').where('id', '=', r.eventId).executeTakeFirstOrThrow()
    expect(row.data).toEqual({ amount: '1000000000000000000000000000000' })
    await expect(enqueueEvent(t.db, { ...event('x'), type: 'Transaction Changed' }, ctx)).rejects.toMatchObject({ code: 'WEBHOOK_EVENT_TYPE_INVALID' })
    await expect(enqueueEvent(t.db, { ...event(''), data: {} }, ctx)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await expect(enqueueEvent(t.db, { ...event('x'), data: [] as never }, ctx)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
  })
})
