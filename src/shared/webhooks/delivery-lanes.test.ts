// @postgres-pass: per-subscription lanes claimed in SQL.
import { randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../clock.ts'
import type { TestDatabase } from '../../test/database.ts'
import type { WebhookContext } from './context.ts'
import { enqueueEvent } from './enqueue-event.ts'
import { startDeliveryLoop } from './start-delivery-loop.ts'
import { createSubscription } from './subscriptions.ts'
import { openWebhookTestDatabase, startTestReceiver, type TestReceiver, LOCAL_WEBHOOK_TARGETS } from './test-receiver.ts'

describe('webhook delivery lanes', () => {
  let t: TestDatabase<any>
  let ctx: WebhookContext
  let healthy: TestReceiver
  let hung: Server
  let hungRequests = 0

  beforeAll(async () => {
    t = await openWebhookTestDatabase('webhooks_lanes')
    ctx = { db: t.db, clock: systemClock, sealKey: randomBytes(32), targets: LOCAL_WEBHOOK_TARGETS }
    // A subscriber that accepts the connection and never answers.
    hung = createServer(() => void (hungRequests += 1))
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve))
    await createSubscription(ctx, { url: `http://127.0.0.1:${(hung.address() as AddressInfo).port}/hook`, events: ['*'] })
    healthy = await startTestReceiver(systemClock)
    healthy.secrets = [(await createSubscription(ctx, { url: healthy.url, events: ['*'] })).secret]
  })
  afterAll(async () => {
    hung?.closeAllConnections()
    await new Promise((r) => hung?.close(r))
    await healthy?.close()
    await t?.close()
  })

  it('keeps delivering to a healthy subscriber at its normal pace while another one hangs', async () => {
    // Requests to the hung subscriber would only end after two minutes.
    const loop = startDeliveryLoop(ctx, { intervalMs: 1_000, timeoutMs: 120_000, limit: 20, perSubscription: 4 })
    const latencies: number[] = []
    try {
      for (let i = 0; i < 30; i++) {
        const sentAt = Date.now()
        await enqueueEvent(t.db, { type: 'transaction.status_changed', resourceType: 'transaction', resourceId: `tx${i}`, data: { i } }, ctx)
        loop.wake()
        await healthy.waitFor(i + 1, 5_000)
        latencies.push(Date.now() - sentAt)
      }
      expect(healthy.received.map((r) => r.body.resourceId)).toEqual(Array.from({ length: 30 }, (_, i) => `tx${i}`))
      // The hung subscriber holds its own lane (4 requests), nothing more.
      expect(hungRequests).toBe(4)
      latencies.sort((a, b) => a - b)
      console.log(`healthy subscriber, 30 events while the other hangs: median ${latencies[15]} ms, max ${latencies[29]} ms`)
    } finally {
      // End the hung requests so the loop's attempts finish (as failures to retry).
      hung.closeAllConnections()
      await loop.stop()
    }
  }, 120_000)
})
