import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { ManualClock } from '../clock.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { createHttpServer, type HttpServer } from '../http/create-server.ts'
import { createLogger } from '../logger.ts'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import { apiKeysMigration, createApiKeyStore, type IssuedApiKey } from './api-key-store.ts'
import { principalsMigration } from './principals.ts'
import { installAuth, requirePrincipal } from './auth-plugin.ts'
import { createMemoryReplayCache } from './replay-cache.ts'
import { computeSignature, createSignedFetch, signRequest } from './sign-request.ts'

describe('signing a request', () => {
  it('gives the signature of the worked example in README.md', () => {
    const headers = signRequest({
      keyId: 'ck_example',
      secret: 'cs_worked-example-secret-do-not-use-0001',
      method: 'post',
      pathWithQuery: '/v1/vaults?limit=10',
      body: '{"name":"treasury","tier":"hot"}',
      now: new Date('2026-01-01T00:00:00.000Z'),
    })
    expect(headers).toEqual({
      'X-API-Key': 'ck_example',
      'X-API-Timestamp': '1767225600000',
      'X-API-Signature': '327213ddcb15ac8c3f76a9217c3ddb6476e623d0fd94b7586376a58e438191f5',
    })
    expect(computeSignature('cs_worked-example-secret-do-not-use-0001', '1767225600000', 'GET', '/v1/vaults?limit=10')).toBe(
      '8827f3265ef9d1ef3ff4dbbae11ccc67e94ca9cc57dc2d9fca3a12306417ed6a',
    )
  })

  it('signs the body bytes, so a string and its UTF-8 bytes sign alike', () => {
    const body = '{"name":"Zoë"}'
    const p = { keyId: 'k', secret: 's', method: 'PUT', pathWithQuery: '/v1/x', now: 1 }
    expect(signRequest({ ...p, body })).toEqual(signRequest({ ...p, body: new TextEncoder().encode(body) }))
  })
})

describe('createSignedFetch against a listening service', () => {
  let t: TestDatabase<any>
  let app: HttpServer
  let key: IssuedApiKey
  let service: IssuedApiKey
  let store: ReturnType<typeof createApiKeyStore>
  let baseUrl: string
  const clock = new ManualClock()

  beforeAll(async () => {
    t = await openTestDatabase<any>('auth_fetch')
    await migrateToLatest(t.db as Kysely<unknown>, t.schema, { '0001_api_keys': apiKeysMigration, '0001b_principals': principalsMigration })
    store = createApiKeyStore({ db: t.db, encryptionKey: randomBytes(32), clock })
    key = await store.createApiKey({ role: 'operator', scopes: ['read', 'transact'], createdBy: 'test' })
    app = await createHttpServer({ title: 't', version: '0', description: 't', logger: createLogger({ service: 't', level: 'silent' }) })
    installAuth(app, { lookupKey: store.lookupKey, replayCache: createMemoryReplayCache(), clock })
    service = await store.createApiKey({ role: 'platform', scopes: ['read', 'transact', 'act-on-behalf'], createdBy: 'test', principalKind: 'service' })
    app.get('/v1/echo', { config: { scopes: ['read'] } }, async (req) => ({ keyId: requirePrincipal(req).keyId, url: req.url }))
    app.get('/v1/who', { config: { scopes: ['read'] } }, async (req) => ({ principalId: requirePrincipal(req).principalId, onBehalfOf: requirePrincipal(req).onBehalfOf ?? null }))
    app.post('/v1/echo', { config: { scopes: ['transact'] } }, async (req, reply) => reply.status(201).send({ got: req.body }))
    app.post('/v1/admin', { config: { scopes: ['admin'] } }, async () => ({ never: true }))
    await app.listen({ host: '127.0.0.1', port: 0 })
    const addr = app.server.address()
    if (addr === null || typeof addr === 'string') throw new Error('no port')
    baseUrl = `http://127.0.0.1:${addr.port}`
  })
  afterAll(async () => {
    await app?.close()
    await t?.close()
  })

  it('gets and posts JSON, signing what actually goes on the request line', async () => {
    const client = createSignedFetch({ baseUrl: `${baseUrl}/`, keyId: key.keyId, secret: key.secret, clock })
    const got = await client.get<{ keyId: string; url: string }>('/v1/echo?q=a b&limit=10')
    expect(got.status).toBe(200)
    expect(got.body).toEqual({ keyId: key.keyId, url: '/v1/echo?q=a%20b&limit=10' })
    expect(got.problem).toBeUndefined()
    const posted = await client.post('/v1/echo', { amount: '1000000000000000000000', note: 'Zoë' })
    expect(posted).toMatchObject({ status: 201, body: { got: { amount: '1000000000000000000000', note: 'Zoë' } } })
  })

  it('sends the same request twice at one instant without the second being taken for a replay', async () => {
    const client = createSignedFetch({ baseUrl, keyId: key.keyId, secret: key.secret, clock })
    const twice = await Promise.all([client.post('/v1/echo', { externalTxId: 'same' }), client.post('/v1/echo', { externalTxId: 'same' })])
    expect(twice.map((r) => r.status)).toEqual([201, 201])
  })

  it('hands back problem+json refusals as problems', async () => {
    const client = createSignedFetch({ baseUrl, keyId: key.keyId, secret: key.secret, clock })
    const res = await client.post('/v1/admin', {})
    expect(res.status).toBe(403)
    expect(res.problem).toMatchObject({ code: 'AUTH_SCOPE_MISSING', status: 403 })
    const stranger = createSignedFetch({ baseUrl, keyId: key.keyId, secret: 'cs_not-the-secret', clock })
    expect((await stranger.get('/v1/echo')).problem?.code).toBe('AUTH_BAD_SIGNATURE')
  })

  it('carries the principal a service acts for, signed, and only from a key allowed to act on behalf', async () => {
    const platform = createSignedFetch({ baseUrl, keyId: service.keyId, secret: service.secret, clock })
    const asked = await platform.get<{ principalId: string; onBehalfOf: string | null }>('/v1/who', { onBehalfOf: 'platform:pr_alice' })
    expect(asked.status).toBe(200)
    expect(asked.body.onBehalfOf).toBe('platform:pr_alice')
    expect((await platform.get('/v1/who')).body).toMatchObject({ onBehalfOf: null })

    // A header added to a request signed without it (or altered after signing) does not match the signature.
    const unsigned = await platform.get('/v1/who', { headers: { 'X-Custos-On-Behalf-Of': 'platform:pr_mallory' } })
    expect(unsigned.problem?.code).toBe('AUTH_BAD_SIGNATURE')
    const signed = signRequest({ keyId: service.keyId, secret: service.secret, method: 'GET', pathWithQuery: '/v1/who', now: clock.now(), onBehalfOf: 'platform:pr_alice' })
    const altered = await fetch(`${baseUrl}/v1/who`, { headers: { ...signed, 'X-Custos-On-Behalf-Of': 'platform:pr_mallory' } })
    expect(altered.status).toBe(401)
    expect(((await altered.json()) as { code: string }).code).toBe('AUTH_BAD_SIGNATURE')

    // A key without the act-on-behalf scope may not speak for anyone, even signing the header.
    const plain = createSignedFetch({ baseUrl, keyId: key.keyId, secret: key.secret, clock })
    const refused = await plain.get('/v1/who', { onBehalfOf: 'platform:pr_alice' })
    expect(refused.status).toBe(403)
    expect(refused.problem?.code).toBe('AUTH_ON_BEHALF_NOT_ALLOWED')
  })

  it('grants the act-on-behalf scope to services only', async () => {
    await expect(store.createApiKey({ role: 'operator', scopes: ['read', 'act-on-behalf'], createdBy: 'test' })).rejects.toThrow(/only a service principal/)
  })
})
