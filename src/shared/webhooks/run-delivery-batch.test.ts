// @postgres-pass: delivery claims under SKIP LOCKED.
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { ManualClock } from '../clock.ts'
import { openDatabase } from '../db/connect.ts'
import type { TestDatabase } from '../../test/database.ts'
import type { WebhookContext } from './context.ts'
import { getDelivery, listDeliveries, redeliverDelivery } from './deliveries.ts'
import { enqueueEvent } from './enqueue-event.ts'
import { runDeliveryBatch } from './run-delivery-batch.ts'
import { createSubscription, deleteSubscription, rotateSubscriptionSecret, type CreatedSubscription } from './subscriptions.ts'
import { openWebhookTestDatabase, startTestReceiver, type TestReceiver, LOCAL_WEBHOOK_TARGETS } from './test-receiver.ts'

const SECOND = 1_000
const HOUR = 3_600_000

describe('webhook delivery', () => {
  let t: TestDatabase<any>
  let ctx: WebhookContext
  let receiver: TestReceiver
  let sub: CreatedSubscription
  const clock = new ManualClock()
  let resource = 0

  beforeAll(async () => {
    t = await openWebhookTestDatabase('webhooks_delivery')
    ctx = { db: t.db, clock, sealKey: randomBytes(32), targets: LOCAL_WEBHOOK_TARGETS }
    receiver = await startTestReceiver(clock)
  })
  afterEach(async () => {
    // Each test starts with one fresh subscription and nothing due.
    if (sub) await deleteSubscription(ctx, sub.id).catch((err: { code?: string }) => expect(err.code).toBe('NOT_FOUND'))
    receiver.received.length = 0
    receiver.respond = () => 200
    receiver.delayMs = 0
  })
  afterAll(async () => {
    await receiver?.close()
    await t?.close()
  })

  async function subscribe(): Promise<CreatedSubscription> {
    sub = await createSubscription(ctx, { url: receiver.url, events: ['transaction.*'] })
    receiver.secrets = [sub.secret]
    return sub
  }
  async function enqueue(data: Record<string, unknown> = {}) {
    resource += 1
    return enqueueEvent(t.db, { type: 'transaction.status_changed', resourceType: 'transaction', resourceId: `tx${resource}`, data }, ctx)
  }
  async function deliveryOf(eventId: string) {
    const row = await t.db.selectFrom('webhook_deliveries').select('id').where('event_id', '=', eventId).where('subscription_id', '=', sub.id).executeTakeFirstOrThrow()
    return getDelivery(ctx, row.id)
  }

  it('sends a signed envelope with the event id header; the receiver verifies it', async () => {
    await subscribe()
    const e = await enqueue({ status: 'COMPLETED', amount: '5' })
    expect(await runDeliveryBatch(ctx)).toEqual({ claimed: 1, delivered: 1, retrying: 0, failed: 0 })
    const [got] = receiver.received
    expect(got!.verified.ok).toBe(true)
    expect(got!.headers['x-custos-event-id']).toBe(e.eventId)
    expect(got!.headers['x-custos-event-type']).toBe('transaction.status_changed')
    expect(got!.headers['content-type']).toBe('application/json')
    expect(got!.headers['x-custos-signature']).toMatch(new RegExp(`^t=${Math.floor(clock.now().getTime() / 1000)},v1=[0-9a-f]{64}$`))
    expect(got!.body).toMatchObject({ id: e.eventId, sequence: 1, data: { status: 'COMPLETED', amount: '5' } })
    const d = await deliveryOf(e.eventId)
    expect(d).toMatchObject({ status: 'DELIVERED', attempts: 1, lastStatus: 200, lastError: null, deliveredAt: clock.now(), nextAttemptAt: null })
    expect(await runDeliveryBatch(ctx)).toMatchObject({ claimed: 0 })
  })

  it('retries a 500 with backoff and delivers the same event id again (at least once), logging both attempts', async () => {
    await subscribe()
    receiver.respond = (n) => (n === 0 ? 500 : 200)
    const e = await enqueue({ status: 'QUEUED' })
    const start = clock.now().getTime()

    expect(await runDeliveryBatch(ctx)).toMatchObject({ claimed: 1, retrying: 1 })
    const pending = await deliveryOf(e.eventId)
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 1, lastStatus: 500 })
    const delay = pending.nextAttemptAt!.getTime() - start
    expect(delay).toBeGreaterThanOrEqual(750)
    expect(delay).toBeLessThanOrEqual(1000)

    // Not due yet: nothing is sent.
    clock.set(pending.nextAttemptAt!.getTime() - 1)
    expect(await runDeliveryBatch(ctx)).toMatchObject({ claimed: 0 })
    clock.set(pending.nextAttemptAt!)
    expect(await runDeliveryBatch(ctx)).toMatchObject({ claimed: 1, delivered: 1 })

    expect(receiver.received.map((r) => [r.eventId, r.body.id, r.answered, r.verified.ok])).toEqual([
      [e.eventId, e.eventId, 500, true],
      [e.eventId, e.eventId, 200, true],
    ])
    expect(receiver.received[0]!.rawBody).toBe(receiver.received[1]!.rawBody)
    const done = await deliveryOf(e.eventId)
    expect(done.status).toBe('DELIVERED')
    expect(done.attemptLog.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 500, null],
      [2, 200, null],
    ])
    expect(done.attemptLog.map((a) => a.at)).toEqual([new Date(start), pending.nextAttemptAt])
    for (const a of done.attemptLog) expect(a.durationMs).toBeGreaterThanOrEqual(0)
  })

  it('backs off 1 s, 2 s, 4 s … up to 1 h, and marks the delivery FAILED after 24 h', async () => {
    await subscribe()
    receiver.respond = () => 503
    const e = await enqueue()
    const start = clock.now().getTime()
    const delays: number[] = []
    let d = await deliveryOf(e.eventId)
    while (d.status === 'PENDING') {
      const before = clock.now().getTime()
      await runDeliveryBatch(ctx)
      d = await deliveryOf(e.eventId)
      if (d.nextAttemptAt) {
        delays.push(d.nextAttemptAt.getTime() - before)
        clock.set(d.nextAttemptAt)
      }
      expect(delays.length).toBeLessThan(100)
    }
    expect(d.status).toBe('FAILED')
    expect(d.lastStatus).toBe(503)
    expect(d.attempts).toBe(delays.length + 1)
    expect(d.attemptLog).toHaveLength(d.attempts)
    expect(receiver.received).toHaveLength(d.attempts)

    delays.forEach((delay, i) => {
      const nominal = Math.min(SECOND * 2 ** i, HOUR)
      expect(delay).toBeGreaterThanOrEqual(nominal * 0.75)
      expect(delay).toBeLessThanOrEqual(nominal)
      if (i > 0 && nominal < HOUR) expect(delay).toBeGreaterThan(delays[i - 1]!)
    })
    const lastAttempt = d.attemptLog.at(-1)!.at.getTime()
    expect(lastAttempt - start).toBeGreaterThanOrEqual(24 * HOUR)
    expect(lastAttempt - start).toBeLessThan(25 * HOUR)
    expect(d.attemptLog.at(-2)!.at.getTime() - start).toBeLessThan(24 * HOUR)
    // Given up: never sent again, however far the clock moves.
    clock.advance(48 * HOUR)
    expect(await runDeliveryBatch(ctx)).toMatchObject({ claimed: 0 })
  })

  it('treats a refused connection, a timeout and a redirect as failed attempts and logs why', async () => {
    const closed = createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const closedPort = (closed.address() as AddressInfo).port
    await new Promise((r) => closed.close(r))
    sub = await createSubscription(ctx, { url: `http://127.0.0.1:${closedPort}/hooks`, events: ['*'] })
    const e = await enqueue()
    expect(await runDeliveryBatch(ctx)).toMatchObject({ claimed: 1, retrying: 1 })
    const refused = await deliveryOf(e.eventId)
    expect(refused.lastStatus).toBeNull()
    // Nothing a port scan could use: no socket error, no address.
    expect(refused.lastError).toBe('unreachable')
    expect(refused.attemptLog[0]).toMatchObject({ statusCode: null, error: refused.lastError })
    await deleteSubscription(ctx, sub.id)

    const silent = createServer(() => {}) // reads the request, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    try {
      sub = await createSubscription(ctx, { url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hooks`, events: ['*'] })
      const slow = await enqueue()
      expect(await runDeliveryBatch(ctx, { timeoutMs: 200 })).toMatchObject({ claimed: 1, retrying: 1 })
      const timedOut = await deliveryOf(slow.eventId)
      expect(timedOut.lastError).toBe('no response within 200 ms')
      expect(timedOut.attemptLog[0]!.durationMs).toBeGreaterThanOrEqual(150)
      await deleteSubscription(ctx, sub.id)
    } finally {
      silent.closeAllConnections()
      await new Promise((r) => silent.close(r))
    }

    await subscribe()
    receiver.respond = () => 302
    const redirected = await enqueue()
    await runDeliveryBatch(ctx)
    expect(await deliveryOf(redirected.eventId)).toMatchObject({ status: 'PENDING', lastStatus: 302 })
    expect(receiver.received).toHaveLength(1)
  })

  it('redelivers a delivered event as a fresh delivery with the same event id', async () => {
    await subscribe()
    const e = await enqueue({ n: 1 })
    await runDeliveryBatch(ctx)
    const first = await deliveryOf(e.eventId)
    clock.advance(SECOND)
    const again = await redeliverDelivery(ctx, first.id)
    expect(again).toMatchObject({ status: 'PENDING', attempts: 0, eventId: e.eventId, redeliveryOf: first.id, attemptLog: [] })
    expect(await runDeliveryBatch(ctx)).toMatchObject({ claimed: 1, delivered: 1 })
    expect(receiver.received.map((r) => r.eventId)).toEqual([e.eventId, e.eventId])
    expect(receiver.received[1]!.body.sequence).toBe(1)
    expect(await getDelivery(ctx, again.id)).toMatchObject({ status: 'DELIVERED', attempts: 1 })
    expect((await listDeliveries(ctx, sub.id)).items.map((d) => d.id)).toEqual([again.id, first.id])
  })

  it('signs with both secrets during a rotation overlap, then with the new one only', async () => {
    await subscribe()
    const old = sub.secret
    const rotated = await rotateSubscriptionSecret(ctx, sub.id, { overlapSeconds: 3600 })
    expect(rotated.secret).not.toBe(old)
    receiver.secrets = [old]
    await enqueue()
    await runDeliveryBatch(ctx)
    expect(receiver.received[0]!.headers['x-custos-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/)
    expect(receiver.received[0]!.verified.ok).toBe(true)

    clock.advance(3600 * SECOND)
    receiver.secrets = [rotated.secret]
    await enqueue()
    await runDeliveryBatch(ctx)
    expect(receiver.received[1]!.headers['x-custos-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
    expect(receiver.received[1]!.verified.ok).toBe(true)

    // Rotation without overlap: the old secret stops working at once.
    const next = await rotateSubscriptionSecret(ctx, sub.id)
    receiver.secrets = [rotated.secret]
    await enqueue()
    await runDeliveryBatch(ctx)
    expect(receiver.received[2]!.verified).toMatchObject({ ok: false, reason: 'MISMATCH' })
    receiver.secrets = [next.secret]
    clock.advance(2 * SECOND)
    await runDeliveryBatch(ctx)
    expect(receiver.received[3]!.verified.ok).toBe(true)
  })

  it('cancels pending deliveries when the subscription is deleted', async () => {
    await subscribe()
    receiver.respond = () => 500
    const e = await enqueue()
    await runDeliveryBatch(ctx)
    await deleteSubscription(ctx, sub.id)
    expect(await deliveryOf(e.eventId)).toMatchObject({ status: 'FAILED', lastError: 'subscription deleted', nextAttemptAt: null })
    clock.advance(HOUR)
    expect(await runDeliveryBatch(ctx)).toMatchObject({ claimed: 0 })
    const row = await t.db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', sub.id).executeTakeFirstOrThrow()
    expect([row.status, row.secret_ciphertext, row.secret_iv, row.secret_tag]).toEqual(['DELETED', null, null, null])
  })

  it('stores the secret only as AES-GCM ciphertext bound to the subscription id', async () => {
    await subscribe()
    const row = (await sql<Record<string, unknown>>`select * from webhook_subscriptions where id = ${sub.id}`.execute(t.db)).rows[0]!
    const stored = Object.values(row)
      .map((v) => (v instanceof Uint8Array ? [Buffer.from(v).toString('hex'), Buffer.from(v).toString('base64'), Buffer.from(v).toString('latin1')] : [JSON.stringify(v)]))
      .flat()
      .join('|')
    const raw = Buffer.from(sub.secret.slice('whsec_'.length), 'base64url')
    for (const e of [sub.secret, sub.secret.slice(6), Buffer.from(sub.secret).toString('hex'), Buffer.from(sub.secret).toString('base64'), raw.toString('hex'), raw.toString('base64')]) {
      expect(stored.includes(e)).toBe(false)
    }
    // Copied onto another subscription's row, the ciphertext does not decrypt: that one's deliveries are not sent.
    const other = await createSubscription(ctx, { url: receiver.url, events: ['never.sent'] })
    await sql`update webhook_subscriptions set events = '["*"]', secret_ciphertext = ${row.secret_ciphertext}, secret_iv = ${row.secret_iv}, secret_tag = ${row.secret_tag} where id = ${other.id}`.execute(t.db)
    const e = await enqueue()
    await runDeliveryBatch(ctx)
    const stolen = await t.db.selectFrom('webhook_deliveries').selectAll().where('event_id', '=', e.eventId).where('subscription_id', '=', other.id).executeTakeFirstOrThrow()
    expect([stolen.status, stolen.last_error, stolen.last_status]).toEqual(['PENDING', 'WEBHOOK_SECRET_DECRYPT_FAILED', null])
    expect(receiver.received.filter((r) => r.eventId === e.eventId)).toHaveLength(1)
    await deleteSubscription(ctx, other.id)
  })

  it('lets another worker take over a delivery whose lease ran out; the late worker does not overwrite its record', async () => {
    await subscribe()
    receiver.delayMs = 400
    const e = await enqueue()
    const slow = runDeliveryBatch(ctx, { timeoutMs: 5_000, leaseMs: 10_000 })
    await receiver.waitFor(1)
    // While the first worker waits for the receiver, its lease ends (it is presumed dead).
    clock.advance(10_001)
    receiver.delayMs = 0
    expect(await runDeliveryBatch(ctx)).toMatchObject({ claimed: 1, delivered: 1 })
    await slow
    expect(receiver.received.map((r) => r.eventId)).toEqual([e.eventId, e.eventId])
    const d = await deliveryOf(e.eventId)
    expect(d).toMatchObject({ status: 'DELIVERED', attempts: 2, deliveredAt: clock.now() })
    expect(d.attemptLog.map((a) => [a.attempt, a.statusCode])).toEqual([
      [1, 200],
      [2, 200],
    ])
  })

  it('delivers each delivery once when several workers claim at the same time', async () => {
    await subscribe()
    const events = await Promise.all(Array.from({ length: 60 }, (_, i) => enqueue({ i })))
    // On PostgreSQL every worker has its own connection pool, as separate processes would.
    const workers = await Promise.all(
      Array.from({ length: 4 }, async () => (t.target.kind === 'postgres' ? openDatabase<any>(t.target, t.schema) : undefined)),
    )
    try {
      const contexts = workers.map((w) => ({ ...ctx, db: w?.db ?? t.db }))
      let rounds = 0
      for (;;) {
        const results = await Promise.all(contexts.map((c) => runDeliveryBatch(c, { limit: 7 })))
        if (results.every((r) => r.claimed === 0)) break
        rounds += 1
        expect(rounds).toBeLessThan(60)
      }
    } finally {
      await Promise.all(workers.map((w) => w?.close()))
    }
    const byEvent = new Map<string, number>()
    for (const r of receiver.received) byEvent.set(r.eventId, (byEvent.get(r.eventId) ?? 0) + 1)
    expect(byEvent.size).toBe(60)
    expect([...byEvent].filter(([, n]) => n !== 1)).toEqual([])
    for (const e of events) expect(byEvent.get(e.eventId)).toBe(1)
    const attempts = await sql<{ n: string }>`select count(*)::text as n from webhook_delivery_attempts a join webhook_deliveries d on d.id = a.delivery_id where d.subscription_id = ${sub.id}`.execute(t.db)
    expect(attempts.rows[0]!.n).toBe('60')
  })
})
