import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import { webhookSubscriptionSettingsMigration, webhooksMigration } from './migrations.ts'
import type { WebhookEnvelope } from './run-delivery-batch.ts'
import { WEBHOOK_HEADERS } from './sign-webhook.ts'
import { verifyWebhookSignature, type VerifyWebhookSignatureResult } from './verify-webhook-signature.ts'
import { parseWebhookTargetPolicy } from './webhook-target.ts'

/** The test receivers listen on loopback, which subscriptions reach only when allowed, as in development. */
export const LOCAL_WEBHOOK_TARGETS = parseWebhookTargetPolicy('localhost,127.0.0.1,::1')

/** One POST the test receiver got, with its signature checked against the receiver's secrets. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders
  rawBody: string
  body: WebhookEnvelope
  eventId: string
  verified: VerifyWebhookSignatureResult
  /** The status the receiver answered. */
  answered: number
}

export interface TestReceiver {
  url: string
  received: ReceivedWebhook[]
  /** Secrets the receiver verifies with (set once the subscription exists). */
  secrets: string[]
  /** Status to answer for the n-th request (0-based); default 200. */
  respond: (n: number, body: WebhookEnvelope) => number
  /** Real milliseconds to wait before answering (a slow receiver). */
  delayMs: number
  /** Waits, polling, until `count` requests arrived; throws after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

/**
 * A real HTTP receiver on 127.0.0.1 (any free port) that checks each
 * delivery's signature the way a customer would, with `clock` as its now.
 */
export async function startTestReceiver(clock: Clock): Promise<TestReceiver> {
  const received: ReceivedWebhook[] = []
  const receiver: TestReceiver = {
    url: '',
    received,
    secrets: [],
    respond: () => 200,
    delayMs: 0,
    async waitFor(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`receiver got ${received.length} of ${count} deliveries within ${timeoutMs} ms`)
        await new Promise((r) => setTimeout(r, 10))
      }
    },
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8')
      const body = JSON.parse(rawBody) as WebhookEnvelope
      const verified = verifyWebhookSignature({ header: req.headers[WEBHOOK_HEADERS.signature], rawBody, secret: receiver.secrets, now: clock.now() })
      const answered = verified.ok ? receiver.respond(received.length, body) : 401
      received.push({ headers: req.headers, rawBody, body, eventId: String(req.headers[WEBHOOK_HEADERS.eventId]), verified, answered })
      const answer = () => res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered < 300 ? 'ok' : 'no')
      if (receiver.delayMs > 0) setTimeout(answer, receiver.delayMs)
      else answer()
    })
  })
  server.keepAliveTimeout = 1_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`
  return receiver
}

/** A fresh database (PGlite, or PostgreSQL under DATABASE_URL) with the webhook tables. */
export async function openWebhookTestDatabase(schema: string): Promise<TestDatabase<any>> {
  const t = await openTestDatabase<any>(schema)
  await migrateToLatest(t.db as Kysely<unknown>, t.schema, { '0001_webhooks': webhooksMigration, '0002_webhook_subscription_settings': webhookSubscriptionSettingsMigration })
  return t
}
