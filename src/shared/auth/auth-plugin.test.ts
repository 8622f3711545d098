import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import { Type } from 'typebox'
import { ManualClock } from '../clock.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { createHttpServer, type HttpServer } from '../http/create-server.ts'
import { createLogger } from '../logger.ts'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import { createApiKeyStore, apiKeysMigration, type ApiKeyStore, type IssuedApiKey } from './api-key-store.ts'
import { principalsMigration } from './principals.ts'
import { installAuth, requirePrincipal, type AuthFailureInfo } from './auth-plugin.ts'
import { createRateLimiter } from './rate-limit.ts'
import { apiRequestNoncesMigration, createDbReplayCache, createMemoryReplayCache } from './replay-cache.ts'
import { signRequest } from './sign-request.ts'

const LIMITED_KEY = 'ck_ratelimitedkey'

describe.each(['memory', 'database'] as const)('signed-request authentication (%s replay cache)', (replayKind) => {
  let t: TestDatabase<any>
  let app: HttpServer
  let store: ApiKeyStore
  const clock = new ManualClock()
  const failures: AuthFailureInfo[] = []
  let operator: IssuedApiKey
  let reader: IssuedApiKey
  let limited: IssuedApiKey

  beforeAll(async () => {
    t = await openTestDatabase<any>('auth_plugin')
    await migrateToLatest(t.db as Kysely<unknown>, t.schema, {
      '0001_api_keys': apiKeysMigration, '0001b_principals': principalsMigration,
      '0002_api_request_nonces': apiRequestNoncesMigration,
      '0003_orders': { up: async (db) => void (await sql`create table orders (id serial primary key, asset text not null, key_id text not null)`.execute(db)) },
    })
    store = createApiKeyStore({ db: t.db, encryptionKey: randomBytes(32), clock })
    operator = await store.createApiKey({ role: 'operator', scopes: ['read', 'transact'], groups: ['treasury'], createdBy: 'test' })
    reader = await store.createApiKey({ role: 'auditor', scopes: ['read'], createdBy: 'test' })
    limited = { keyId: LIMITED_KEY, secret: `cs_${'l'.repeat(40)}` }
    await store.importApiKey({ ...limited, role: 'operator', scopes: ['read'], createdBy: 'test' })

    app = await createHttpServer({ title: 't', version: '0', description: 't', logger: createLogger({ service: 't', level: 'silent' }) })
    installAuth(app, {
      lookupKey: store.lookupKey,
      replayCache: replayKind === 'memory' ? createMemoryReplayCache() : createDbReplayCache({ db: t.db }),
      clock,
      rateLimiter: createRateLimiter({ limitsFor: (k) => (k.startsWith(`${LIMITED_KEY}|`) ? { ratePerSecond: 1, burst: 2 } : undefined) }),
      onAuthFailure: (info) => void failures.push(info),
    })
    app.get('/health', { config: { public: true } }, async () => ({ ok: true }))
    app.get('/v1/vaults', { config: { scopes: ['read'] } }, async (req) => ({ principal: requirePrincipal(req), query: req.query }))
    app.post(
      '/v1/orders',
      { config: { scopes: ['transact'] }, schema: { body: Type.Object({ asset: Type.String() }) } },
      async (req, reply) => {
        const body = req.body as { asset: string }
        await sql`insert into orders (asset, key_id) values (${body.asset}, ${requirePrincipal(req).keyId})`.execute(t.db)
        return reply.status(201).send({ created: true })
      },
    )
    await app.ready()
  })
  afterAll(async () => {
    await app?.close()
    await t?.close()
  })

  function send(key: IssuedApiKey, method: string, url: string, body?: unknown, at: number = clock.now().getTime()) {
    const payload = body === undefined ? '' : JSON.stringify(body)
    const headers = signRequest({ keyId: key.keyId, secret: key.secret, method, pathWithQuery: url, body: payload, now: at })
    return app.inject({ method: method as 'GET', url, payload: payload === '' ? undefined : payload, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) } })
  }
  async function orderCount(): Promise<number> {
    const r = await sql<{ n: string }>`select count(*)::text as n from orders`.execute(t.db)
    return Number(r.rows[0]!.n)
  }
  function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): any }, status: number, code: string) {
    expect({ status: res.statusCode, code: res.json().code }).toEqual({ status, code })
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/)
  }

  it('lets a correctly signed GET with a query through and names the caller', async () => {
    const res = await send(reader, 'GET', '/v1/vaults?limit=10&cursor=a%20b')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      principal: { keyId: reader.keyId, principalId: reader.keyId, principalKind: 'person', role: 'auditor', scopes: ['read'], groups: [] },
      query: { limit: '10', cursor: 'a b' },
    })
    expect(res.body).not.toContain(reader.secret)
  })

  it('lets a correctly signed POST through, and the handler runs once', async () => {
    const before = await orderCount()
    const res = await send(operator, 'POST', '/v1/orders', { asset: 'BOND-1' })
    expect(res.statusCode).toBe(201)
    expect(await orderCount()).toBe(before + 1)
  })

  it('serves health, OpenAPI and docs without a signature', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200)
    expect((await app.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200)
    expect([200, 302]).toContain((await app.inject({ method: 'GET', url: '/docs' })).statusCode)
  })

  it('refuses a request without the headers, and an unknown route does not reveal itself', async () => {
    expectProblem(await app.inject({ method: 'GET', url: '/v1/vaults' }), 401, 'AUTH_MISSING_HEADERS')
    expectProblem(await app.inject({ method: 'GET', url: '/v1/nothing-here' }), 401, 'AUTH_MISSING_HEADERS')
  })

  it('refuses a timestamp 31 s old or 31 s ahead, and accepts 30 s', async () => {
    const now = clock.now().getTime()
    expectProblem(await send(reader, 'GET', '/v1/vaults', undefined, now - 31_000), 401, 'AUTH_TIMESTAMP_SKEW')
    expectProblem(await send(reader, 'GET', '/v1/vaults', undefined, now + 31_000), 401, 'AUTH_TIMESTAMP_SKEW')
    expect((await send(reader, 'GET', '/v1/vaults', undefined, now - 30_000)).statusCode).toBe(200)
    expect((await send(reader, 'GET', '/v1/vaults', undefined, now + 30_000)).statusCode).toBe(200)
  })

  it('refuses a request sent a second time, however its signature is spelled, and still after the window', async () => {
    const headers = signRequest({ ...reader, method: 'GET', pathWithQuery: '/v1/vaults?x=1', body: '', now: clock.now() })
    expect((await app.inject({ method: 'GET', url: '/v1/vaults?x=1', headers })).statusCode).toBe(200)
    expectProblem(await app.inject({ method: 'GET', url: '/v1/vaults?x=1', headers }), 401, 'AUTH_REPLAYED')
    const upper = { ...headers, 'X-API-Signature': headers['X-API-Signature'].toUpperCase() }
    expectProblem(await app.inject({ method: 'GET', url: '/v1/vaults?x=1', headers: upper }), 401, 'AUTH_REPLAYED')
    clock.advance(31_000)
    expectProblem(await app.inject({ method: 'GET', url: '/v1/vaults?x=1', headers }), 401, 'AUTH_TIMESTAMP_SKEW')
  })

  it('refuses a signature that does not match the body, path, query or method sent', async () => {
    const body = JSON.stringify({ asset: 'BOND-1' })
    const h = signRequest({ ...operator, method: 'POST', pathWithQuery: '/v1/orders?x=1', body, now: clock.now() })
    const post = (url: string, payload: string, method: 'POST' | 'PUT' = 'POST') =>
      app.inject({ method, url, payload, headers: { ...h, 'content-type': 'application/json' } })
    expectProblem(await post('/v1/orders?x=1', JSON.stringify({ asset: 'BOND-2' })), 401, 'AUTH_BAD_SIGNATURE')
    expectProblem(await post('/v1/orders?x=1', `${body} `), 401, 'AUTH_BAD_SIGNATURE')
    expectProblem(await post('/v1/orders?x=2', body), 401, 'AUTH_BAD_SIGNATURE')
    expectProblem(await post('/v1/orders', body), 401, 'AUTH_BAD_SIGNATURE')
    expectProblem(await post('/v1/vaults?x=1', body), 401, 'AUTH_BAD_SIGNATURE')
    const other = signRequest({ ...operator, secret: `${operator.secret}x`, method: 'GET', pathWithQuery: '/v1/vaults', body: '', now: clock.now() })
    expectProblem(await app.inject({ method: 'GET', url: '/v1/vaults', headers: other }), 401, 'AUTH_BAD_SIGNATURE')
  })

  it('refuses an unknown key', async () => {
    expectProblem(await send({ keyId: 'ck_doesnotexist', secret: operator.secret }, 'GET', '/v1/vaults'), 401, 'AUTH_UNKNOWN_KEY')
  })

  it('refuses a revoked key from the moment it is revoked', async () => {
    const k = await store.createApiKey({ role: 'operator', scopes: ['read'], createdBy: 'test' })
    expect((await send(k, 'GET', '/v1/vaults')).statusCode).toBe(200)
    await store.revokeApiKey(k.keyId, 'admin')
    expectProblem(await send(k, 'GET', '/v1/vaults?again'), 401, 'AUTH_KEY_REVOKED')
  })

  it('keeps a rotated key working through the overlap only; the new one works on', async () => {
    const old = await store.createApiKey({ role: 'operator', scopes: ['read'], createdBy: 'test' })
    expect((await send(old, 'GET', '/v1/vaults?n=1')).statusCode).toBe(200)
    const next = await store.rotateApiKey(old.keyId, { overlapSeconds: 60, by: 'admin' })
    clock.advance(59_000)
    expect((await send(old, 'GET', '/v1/vaults?n=2')).statusCode).toBe(200)
    expect((await send(next, 'GET', '/v1/vaults?n=2')).statusCode).toBe(200)
    clock.advance(1_000)
    expectProblem(await send(old, 'GET', '/v1/vaults?n=3'), 401, 'AUTH_KEY_EXPIRED')
    const res = await send(next, 'GET', '/v1/vaults?n=3')
    expect(res.json().principal).toMatchObject({ keyId: next.keyId, role: 'operator', scopes: ['read'] })
  })

  it('refuses a key past its expiry', async () => {
    const k = await store.createApiKey({ role: 'operator', scopes: ['read'], createdBy: 'test', expiresAt: new Date(clock.now().getTime() + 10_000) })
    expect((await send(k, 'GET', '/v1/vaults')).statusCode).toBe(200)
    clock.advance(10_000)
    expectProblem(await send(k, 'GET', '/v1/vaults'), 401, 'AUTH_KEY_EXPIRED')
  })

  it('answers 403 when the key lacks the route scope', async () => {
    const res = await send(reader, 'POST', '/v1/orders', { asset: 'BOND-1' })
    expectProblem(res, 403, 'AUTH_SCOPE_MISSING')
    expect(res.json().missing).toEqual(['transact'])
  })

  it('answers 429 with Retry-After once a key has spent its budget, and lets it through after', async () => {
    expect((await send(limited, 'GET', '/v1/vaults?r=1')).statusCode).toBe(200)
    expect((await send(limited, 'GET', '/v1/vaults?r=2')).statusCode).toBe(200)
    const res = await send(limited, 'GET', '/v1/vaults?r=3')
    expectProblem(res, 429, 'RATE_LIMITED')
    expect(res.headers['retry-after']).toBe('1')
    expect(res.json()).toMatchObject({ retryable: true, retryAfterSeconds: 1 })
    // Other principals are not affected; another key of the same principal shares its budget.
    expect((await send(reader, 'GET', '/v1/vaults?r=3')).statusCode).toBe(200)
    const sibling = await store.createApiKey({ role: 'operator', scopes: ['read'], createdBy: LIMITED_KEY, principalId: LIMITED_KEY })
    expectProblem(await send(sibling, 'GET', '/v1/vaults?r=3b'), 429, 'RATE_LIMITED')
    clock.advance(1_000)
    expect((await send(limited, 'GET', '/v1/vaults?r=4')).statusCode).toBe(200)
  })

  it('answers 400 INVALID_JSON to a signed body that is not JSON', async () => {
    const payload = '{"asset":'
    const headers = signRequest({ ...operator, method: 'POST', pathWithQuery: '/v1/orders', body: payload, now: clock.now() })
    expectProblem(await app.inject({ method: 'POST', url: '/v1/orders', payload, headers: { ...headers, 'content-type': 'application/json' } }), 400, 'INVALID_JSON')
  })

  it('never runs the handler of a refused POST', async () => {
    const before = await orderCount()
    const body = { asset: 'NOPE' }
    const now = clock.now().getTime()
    const refused = [
      await app.inject({ method: 'POST', url: '/v1/orders', payload: body }),
      await send(operator, 'POST', '/v1/orders', body, now - 31_000),
      await send({ keyId: 'ck_unknownkey', secret: operator.secret }, 'POST', '/v1/orders', body),
      await send({ ...operator, secret: reader.secret }, 'POST', '/v1/orders', body),
      await send(reader, 'POST', '/v1/orders', body),
    ]
    const h = signRequest({ ...operator, method: 'POST', pathWithQuery: '/v1/orders', body: JSON.stringify(body), now })
    await app.inject({ method: 'POST', url: '/v1/orders', payload: JSON.stringify(body), headers: { ...h, 'content-type': 'application/json' } })
    refused.push(await app.inject({ method: 'POST', url: '/v1/orders', payload: JSON.stringify(body), headers: { ...h, 'content-type': 'application/json' } }))
    expect(refused.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 403, 401])
    expect(await orderCount()).toBe(before + 1)
  })

  it('reports each refusal for the audit log without the signature', async () => {
    failures.length = 0
    await send({ keyId: 'ck_unknownkey', secret: operator.secret }, 'GET', '/v1/vaults?secretquery=1')
    await send(reader, 'POST', '/v1/orders', { asset: 'x' })
    expect(failures).toEqual([
      { keyId: 'ck_unknownkey', code: 'AUTH_UNKNOWN_KEY', status: 401, ip: '127.0.0.1', method: 'GET', path: '/v1/vaults', at: clock.now() },
      { keyId: reader.keyId, code: 'AUTH_SCOPE_MISSING', status: 403, ip: '127.0.0.1', method: 'POST', path: '/v1/orders', at: clock.now() },
    ])
  })
})
