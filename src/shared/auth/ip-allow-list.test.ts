// @postgres-pass: address ranges stored and matched in SQL.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { ManualClock } from '../clock.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { createHttpServer, type HttpServer } from '../http/create-server.ts'
import { createLogger } from '../logger.ts'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import { apiKeysMigration, createApiKeyStore, type ApiKeyStore, type IssuedApiKey } from './api-key-store.ts'
import { installAuth } from './auth-plugin.ts'
import { registerApiKeyIpRoutes } from './api-key-ip-routes.ts'
import { apiKeyIpAllowListMigration, ipAllowed, normaliseCidrs } from './ip-allow-list.ts'
import { principalsMigration } from './principals.ts'
import { createMemoryReplayCache } from './replay-cache.ts'
import { signRequest } from './sign-request.ts'

describe('per-key IP allow-lists', () => {
  let t: TestDatabase<any>
  let app: HttpServer
  let keys: ApiKeyStore
  let admin: IssuedApiKey
  let worker: IssuedApiKey
  const audited: string[] = []
  const clock = new ManualClock()

  beforeAll(async () => {
    t = await openTestDatabase<any>('api_key_ips')
    await migrateToLatest(t.db as Kysely<unknown>, t.schema, { '0001_api_keys': apiKeysMigration, '0001b_principals': principalsMigration, '0002_allowed_ips': apiKeyIpAllowListMigration })
    keys = createApiKeyStore({ db: t.db, encryptionKey: randomBytes(32), clock })
    admin = await keys.createApiKey({ role: 'admin', scopes: ['admin', 'read'], createdBy: 'test' })
    worker = await keys.createApiKey({ role: 'worker', scopes: ['read'], createdBy: 'test' })
    app = await createHttpServer({ title: 't', version: '0', description: 't', logger: createLogger({ service: 't', level: 'silent' }) })
    installAuth(app, { lookupKey: keys.lookupKey, replayCache: createMemoryReplayCache(), clock, rateLimiter: false })
    registerApiKeyIpRoutes(app, { store: keys, audit: async (e) => void audited.push(`${e.action} ${e.keyId} ${JSON.stringify(e.after)}`) })
    app.get('/v1/things', { config: { scopes: ['read'] } }, async () => ({ ok: true }))
    await app.ready()
  })
  afterAll(async () => {
    await app?.close()
    await t?.close()
  })

  function send(key: IssuedApiKey, method: 'GET' | 'PUT', url: string, from: string, body?: unknown) {
    clock.advance(1)
    const payload = body === undefined ? '' : JSON.stringify(body)
    const headers = signRequest({ keyId: key.keyId, secret: key.secret, method, pathWithQuery: url, body: payload, now: clock.now() })
    return app.inject({ method, url, remoteAddress: from, payload: payload || undefined, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) } })
  }

  it('refuses a key from outside its CIDR blocks on every request, IPv4 and IPv6, and audits the change', async () => {
    expect((await send(worker, 'GET', '/v1/things', '203.0.113.9')).statusCode).toBe(200)
    const set = await send(admin, 'PUT', `/v1/api-keys/${worker.keyId}/allowed-ips`, '10.0.0.1', { cidrs: ['10.1.0.0/16', '2001:db8::/32'] })
    expect(set.statusCode).toBe(200)
    expect(set.json()).toEqual({ keyId: worker.keyId, allowedCidrs: ['10.1.0.0/16', '2001:db8::/32'] })
    expect(audited).toEqual([`api_key.allowed_ips_set ${worker.keyId} {"allowedCidrs":["10.1.0.0/16","2001:db8::/32"]}`])

    const outside = await send(worker, 'GET', '/v1/things', '203.0.113.9')
    expect(outside.statusCode).toBe(403)
    expect(outside.json().code).toBe('AUTH_IP_NOT_ALLOWED')
    expect(outside.headers['content-type']).toContain('application/problem+json')
    expect((await send(worker, 'GET', '/v1/things', '10.1.200.3')).statusCode).toBe(200)
    expect((await send(worker, 'GET', '/v1/things', '::ffff:10.1.0.7')).statusCode).toBe(200)
    expect((await send(worker, 'GET', '/v1/things', '2001:db8:1::5')).statusCode).toBe(200)
    expect((await send(worker, 'GET', '/v1/things', '2001:db9::5')).statusCode).toBe(403)

    expect((await send(admin, 'PUT', `/v1/api-keys/${worker.keyId}/allowed-ips`, '10.0.0.1', { cidrs: [] })).statusCode).toBe(200)
    expect((await send(worker, 'GET', '/v1/things', '203.0.113.9')).statusCode).toBe(200)
  })

  it('refuses a list that is not CIDR blocks with 400, changing nothing', async () => {
    const res = await send(admin, 'PUT', `/v1/api-keys/${worker.keyId}/allowed-ips`, '10.0.0.1', { cidrs: ['10.0.0.0/33'] })
    expect(res.statusCode).toBe(400)
    expect((await send(worker, 'GET', '/v1/things', '203.0.113.9')).statusCode).toBe(200)
    expect(() => normaliseCidrs(['example.com'])).toThrow()
    expect(ipAllowed(['192.168.0.0/24'], '192.168.0.77')).toBe(true)
  })
})
