import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { ManualClock } from '../clock.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { createHttpServer, type HttpServer } from '../http/create-server.ts'
import { createLogger } from '../logger.ts'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import { apiKeysMigration, createApiKeyStore, type IssuedApiKey } from '../auth/api-key-store.ts'
import { principalsMigration } from '../auth/principals.ts'
import { installAuth } from '../auth/auth-plugin.ts'
import { createMemoryReplayCache } from '../auth/replay-cache.ts'
import { signRequest } from '../auth/sign-request.ts'
import { enqueueEvent } from './enqueue-event.ts'
import { webhookSubscriptionSettingsMigration, webhooksMigration } from './migrations.ts'
import { registerWebhookRoutes } from './routes.ts'
import { runDeliveryBatch } from './run-delivery-batch.ts'
import { LOCAL_WEBHOOK_TARGETS, startTestReceiver, type TestReceiver } from './test-receiver.ts'

type Res = { statusCode: number; headers: Record<string, unknown>; body: string; json(): any }

describe('webhook subscription API', () => {
  let t: TestDatabase<any>
  let app: HttpServer
  let receiver: TestReceiver
  let admin: IssuedApiKey
  let reader: IssuedApiKey
  let wakes = 0
  const clock = new ManualClock()
  const sealKey = randomBytes(32)

  beforeAll(async () => {
    t = await openTestDatabase<any>('webhooks_routes')
    await migrateToLatest(t.db as Kysely<unknown>, t.schema, { '0001_api_keys': apiKeysMigration, '0001b_principals': principalsMigration, '0002_webhooks': webhooksMigration, '0003_webhook_subscription_settings': webhookSubscriptionSettingsMigration })
    const keys = createApiKeyStore({ db: t.db, encryptionKey: randomBytes(32), clock })
    admin = await keys.createApiKey({ role: 'issuer-admin', scopes: ['webhooks:read', 'webhooks:admin'], createdBy: 'test' })
    reader = await keys.createApiKey({ role: 'auditor', scopes: ['webhooks:read'], createdBy: 'test' })
    app = await createHttpServer({ title: 't', version: '0', description: 't', logger: createLogger({ service: 't', level: 'silent' }) })
    installAuth(app, { lookupKey: keys.lookupKey, replayCache: createMemoryReplayCache(), clock, rateLimiter: false })
    registerWebhookRoutes(app, { db: t.db, sealKey, clock, scopes: { read: 'webhooks:read', admin: 'webhooks:admin' }, wake: () => void (wakes += 1), targets: LOCAL_WEBHOOK_TARGETS })
    await app.ready()
    receiver = await startTestReceiver(clock)
  })
  afterAll(async () => {
    await receiver?.close()
    await app?.close()
    await t?.close()
  })

  function send(key: IssuedApiKey, method: string, url: string, body?: unknown): Promise<Res> {
    const payload = body === undefined ? '' : JSON.stringify(body)
    clock.advance(1) // the same request signed at the same instant would be refused as a replay
    const headers = signRequest({ keyId: key.keyId, secret: key.secret, method, pathWithQuery: url, body: payload, now: clock.now() })
    return app.inject({
      method: method as 'GET',
      url,
      payload: payload === '' ? undefined : payload,
      headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) },
    }) as Promise<Res>
  }
  function expectProblem(res: Res, status: number, code: string) {
    expect({ status: res.statusCode, code: res.json().code }).toEqual({ status, code })
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/)
  }

  it('creates a subscription and shows its secret once', async () => {
    const res = await send(admin, 'POST', '/v1/webhooks', { url: receiver.url, events: ['transaction.*', 'investor.status_changed'], description: 'platform' })
    expect(res.statusCode).toBe(201)
    const created = res.json()
    expect(created).toMatchObject({ url: receiver.url, events: ['transaction.*', 'investor.status_changed'], status: 'ACTIVE', createdBy: admin.keyId, description: 'platform' })
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/)

    const list = await send(reader, 'GET', '/v1/webhooks')
    expect(list.statusCode).toBe(200)
    expect(list.json().items.map((s: { id: string }) => s.id)).toEqual([created.id])
    const one = await send(reader, 'GET', `/v1/webhooks/${created.id}`)
    expect(one.json()).toEqual({ ...created, secret: undefined })
    for (const r of [list, one]) {
      expect(r.body).not.toContain(created.secret)
      expect(r.body).not.toContain('secret"')
    }
  })

  it('needs the admin scope to change anything', async () => {
    expectProblem(await send(reader, 'POST', '/v1/webhooks', { url: receiver.url, events: ['*'] }), 403, 'AUTH_SCOPE_MISSING')
    const id = (await send(reader, 'GET', '/v1/webhooks')).json().items[0].id
    expectProblem(await send(reader, 'POST', `/v1/webhooks/${id}/rotate-secret`, {}), 403, 'AUTH_SCOPE_MISSING')
    expectProblem(await send(reader, 'DELETE', `/v1/webhooks/${id}`), 403, 'AUTH_SCOPE_MISSING')
    const unsigned = await app.inject({ method: 'GET', url: '/v1/webhooks' })
    expect(unsigned.statusCode).toBe(401)
  })

  it('refuses URLs that are not http(s), bad patterns and unknown fields', async () => {
    for (const url of ['ftp://example.com/x', 'javascript:alert(1)', 'file:///etc/passwd', '/relative', 'https://user:pw@example.com/', 'https://example.com/#frag']) {
      expectProblem(await send(admin, 'POST', '/v1/webhooks', { url, events: ['*'] }), 400, 'WEBHOOK_URL_INVALID')
    }
    for (const events of [['Transaction.Changed'], ['transaction*'], ['*.changed'], ['a..b']]) {
      expectProblem(await send(admin, 'POST', '/v1/webhooks', { url: receiver.url, events }), 400, 'WEBHOOK_EVENT_TYPE_INVALID')
    }
    expectProblem(await send(admin, 'POST', '/v1/webhooks', { url: receiver.url, events: [] }), 400, 'VALIDATION_FAILED')
    expectProblem(await send(admin, 'POST', '/v1/webhooks', { url: receiver.url, events: ['*'], secret: 'mine' }), 400, 'VALIDATION_FAILED')
    expectProblem(await send(reader, 'GET', '/v1/webhooks/not-a-uuid'), 400, 'VALIDATION_FAILED')
    expectProblem(await send(reader, 'GET', `/v1/webhooks/${randomUUID()}`), 404, 'NOT_FOUND')
  })

  it('rotates the secret: the new one is shown once and signs the next delivery', async () => {
    const created = (await send(admin, 'POST', '/v1/webhooks', { url: receiver.url, events: ['rotation.test'] })).json()
    const rotated = await send(admin, 'POST', `/v1/webhooks/${created.id}/rotate-secret`)
    expect(rotated.statusCode).toBe(200)
    const body = rotated.json()
    expect(body.secret).toMatch(/^whsec_/)
    expect(body.secret).not.toBe(created.secret)
    expect(body.secretRotatedAt).toBe(clock.now().toISOString())
    expect(body.previousSecretExpiresAt).toBeNull()
    const withOverlap = (await send(admin, 'POST', `/v1/webhooks/${created.id}/rotate-secret`, { overlapSeconds: 600 })).json()
    expect(withOverlap.previousSecretExpiresAt).toBe(new Date(clock.now().getTime() + 600_000).toISOString())

    receiver.secrets = [withOverlap.secret]
    await enqueueEvent(t.db, { type: 'rotation.test', resourceType: 'r', resourceId: '1', data: {} }, { clock })
    await runDeliveryBatch({ db: t.db, clock, sealKey, targets: LOCAL_WEBHOOK_TARGETS })
    expect(receiver.received.at(-1)!.verified.ok).toBe(true)
    expectProblem(await send(admin, 'POST', `/v1/webhooks/${created.id}/rotate-secret`, { overlapSeconds: -1 }), 400, 'VALIDATION_FAILED')
  })

  it('pages through the delivery log and redelivers', async () => {
    const created = (await send(admin, 'POST', '/v1/webhooks', { url: receiver.url, events: ['log.*'] })).json()
    receiver.secrets = [created.secret]
    receiver.respond = (_n, body) => (body.type === 'log.flaky' && receiver.received.filter((r) => r.body.type === 'log.flaky').length === 0 ? 500 : 200)
    const events = []
    for (const type of ['log.one', 'log.flaky', 'log.three']) {
      events.push(await enqueueEvent(t.db, { type, resourceType: 'log', resourceId: 'r1', data: { type } }, { clock }))
      clock.advance(1000)
    }
    await runDeliveryBatch({ db: t.db, clock, sealKey, targets: LOCAL_WEBHOOK_TARGETS })
    clock.advance(5_000)
    await runDeliveryBatch({ db: t.db, clock, sealKey, targets: LOCAL_WEBHOOK_TARGETS })

    const page1 = await send(reader, 'GET', `/v1/webhooks/${created.id}/deliveries?limit=2`)
    expect(page1.statusCode).toBe(200)
    const p1 = page1.json()
    expect(p1.items.map((d: { eventType: string }) => d.eventType)).toEqual(['log.three', 'log.flaky'])
    expect(p1.items[1]).toMatchObject({ status: 'DELIVERED', attempts: 2, sequence: 2, lastStatus: 200, eventId: events[1]!.eventId })
    expect(p1.items[1].attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 200])
    expect(typeof p1.items[1].attemptLog[0].durationMs).toBe('number')
    expect(p1.nextCursor).toEqual(expect.any(String))
    const p2 = (await send(reader, 'GET', `/v1/webhooks/${created.id}/deliveries?limit=2&cursor=${p1.nextCursor}`)).json()
    expect(p2.items.map((d: { eventType: string }) => d.eventType)).toEqual(['log.one'])
    expect(p2.nextCursor).toBeNull()
    const delivered = (await send(reader, 'GET', `/v1/webhooks/${created.id}/deliveries?status=DELIVERED`)).json()
    expect(delivered.items).toHaveLength(3)
    expectProblem(await send(reader, 'GET', `/v1/webhooks/${created.id}/deliveries?cursor=garbage`), 400, 'VALIDATION_FAILED')

    const before = receiver.received.length
    const wakesBefore = wakes
    const redeliver = await send(admin, 'POST', `/v1/webhooks/deliveries/${p2.items[0].id}/redeliver`)
    expect(redeliver.statusCode).toBe(202)
    expect(redeliver.json()).toMatchObject({ status: 'PENDING', eventId: events[0]!.eventId, redeliveryOf: p2.items[0].id, attempts: 0 })
    expect(wakes).toBe(wakesBefore + 1)
    await runDeliveryBatch({ db: t.db, clock, sealKey, targets: LOCAL_WEBHOOK_TARGETS })
    expect(receiver.received.slice(before).map((r) => r.eventId)).toEqual([events[0]!.eventId])
    expectProblem(await send(admin, 'POST', `/v1/webhooks/deliveries/${randomUUID()}/redeliver`), 404, 'NOT_FOUND')
  })

  it('disables, enables and deletes', async () => {
    const created = (await send(admin, 'POST', '/v1/webhooks', { url: receiver.url, events: ['*'] })).json()
    const d = await enqueueEvent(t.db, { type: 'x.y', resourceType: 'x', resourceId: '1', data: {} }, { clock })
    const disabled = await send(admin, 'POST', `/v1/webhooks/${created.id}/disable`)
    expect(disabled.json().status).toBe('DISABLED')
    const log = (await send(reader, 'GET', `/v1/webhooks/${created.id}/deliveries`)).json()
    expect(log.items).toMatchObject([{ eventId: d.eventId, status: 'FAILED', lastError: 'subscription disabled' }])
    expectProblem(await send(admin, 'POST', `/v1/webhooks/deliveries/${log.items[0].id}/redeliver`), 409, 'WEBHOOK_SUBSCRIPTION_NOT_ACTIVE')
    expect((await send(admin, 'POST', `/v1/webhooks/${created.id}/enable`)).json().status).toBe('ACTIVE')
    expect((await send(admin, 'POST', `/v1/webhooks/deliveries/${log.items[0].id}/redeliver`)).statusCode).toBe(202)

    const del = await send(admin, 'DELETE', `/v1/webhooks/${created.id}`)
    expect(del.statusCode).toBe(204)
    expect(del.body).toBe('')
    expectProblem(await send(reader, 'GET', `/v1/webhooks/${created.id}`), 404, 'NOT_FOUND')
    expectProblem(await send(admin, 'DELETE', `/v1/webhooks/${created.id}`), 404, 'NOT_FOUND')
    expect((await send(reader, 'GET', '/v1/webhooks')).json().items.map((s: { id: string }) => s.id)).not.toContain(created.id)
  })

  it('documents every route in OpenAPI', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
    expect(Object.keys(spec.paths).filter((p) => p.startsWith('/v1/webhooks')).sort()).toEqual([
      '/v1/webhooks',
      '/v1/webhooks/deliveries/{deliveryId}/redeliver',
      '/v1/webhooks/{id}',
      '/v1/webhooks/{id}/deliveries',
      '/v1/webhooks/{id}/disable',
      '/v1/webhooks/{id}/enable',
      '/v1/webhooks/{id}/rotate-secret',
    ])
    expect(spec.paths['/v1/webhooks'].post.requestBody.content['application/json'].schema.required).toEqual(['url', 'events'])
    expect(Object.keys(spec.paths['/v1/webhooks/{id}'].get.responses['200'].content['application/json'].schema.properties)).not.toContain('secret')
  })
})
