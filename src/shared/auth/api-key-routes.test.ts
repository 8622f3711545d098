import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { ManualClock } from '../clock.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { createHttpServer, type HttpServer } from '../http/create-server.ts'
import { createLogger } from '../logger.ts'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import { DEV_ROLES } from '../development-api-keys.ts'
import { apiKeysMigration, createApiKeyStore, type ApiKeyStore, type IssuedApiKey } from './api-key-store.ts'
import { registerApiKeyRoutes } from './api-key-routes.ts'
import { installAuth } from './auth-plugin.ts'
import { registerPrincipalRoutes } from './principal-routes.ts'
import { principalsMigration } from './principals.ts'
import { createMemoryReplayCache } from './replay-cache.ts'
import { signRequest } from './sign-request.ts'

type Res = { statusCode: number; json(): any }
const SCOPES = ['read', 'issuer', 'admin', 'compliance', 'operate', 'audit']

/**
 * Key issuance over the API, with the platform's roles: nobody grants more than they hold,
 * keys go only to the caller's own principal, and the platform (which has no admin quorum)
 * adds principals only through the bootstrap ceremony.
 */
describe('governed key issuance (platform roles)', () => {
  let t: TestDatabase<any>
  let app: HttpServer
  let store: ApiKeyStore
  let issuerAdmin: IssuedApiKey
  let officer: IssuedApiKey
  const audited: { action: string; after: Record<string, unknown> }[] = []
  const clock = new ManualClock()

  beforeAll(async () => {
    t = await openTestDatabase<any>('api_key_routes')
    await migrateToLatest(t.db as Kysely<unknown>, t.schema, { '0001_api_keys': apiKeysMigration, '0001b_principals': principalsMigration })
    store = createApiKeyStore({ db: t.db, encryptionKey: randomBytes(32), clock })
    issuerAdmin = await store.createApiKey({ role: 'issuer-admin', scopes: [...DEV_ROLES.platform['issuer-admin']], groups: ['issuer-admin'], createdBy: 'ceremony' })
    officer = await store.createApiKey({ role: 'compliance-officer', scopes: [...DEV_ROLES.platform['compliance-officer']], groups: ['compliance-officer'], createdBy: 'ceremony' })
    app = await createHttpServer({ title: 't', version: '0', description: 't', logger: createLogger({ service: 't', level: 'silent' }) })
    installAuth(app, { lookupKey: store.lookupKey, replayCache: createMemoryReplayCache(), clock, rateLimiter: false })
    registerApiKeyRoutes(app, { store, allowedScopes: SCOPES, audit: async (e) => void audited.push(e) })
    registerPrincipalRoutes(app, { db: t.db, allowedScopes: SCOPES })
    await app.ready()
  })
  afterAll(async () => {
    await app?.close()
    await t?.close()
  })

  function send(key: IssuedApiKey, method: string, url: string, body?: unknown): Promise<Res> {
    const payload = body === undefined ? '' : JSON.stringify(body)
    clock.advance(1)
    const headers = signRequest({ keyId: key.keyId, secret: key.secret, method, pathWithQuery: url, body: payload, now: clock.now() })
    return app.inject({ method: method as 'GET', url, payload: payload === '' ? undefined : payload, headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) } }) as unknown as Promise<Res>
  }

  it('refuses the issuer-admin a key with compliance or auditor scopes, and a key for the compliance officer', async () => {
    const before = (await store.listApiKeys()).length
    for (const scopes of [['read', 'compliance'], ['read', 'audit']]) {
      const res = await send(issuerAdmin, 'POST', '/v1/api-keys', { role: 'issuer-admin', scopes })
      expect(res.statusCode).toBe(403)
      expect(res.json().code).toBe('GRANT_EXCEEDS_OWN')
    }
    const forOfficer = await send(issuerAdmin, 'POST', '/v1/api-keys', { role: 'compliance-officer', scopes: ['read'], principalId: officer.keyId })
    expect(forOfficer.json().code).toBe('KEY_FOR_OTHER_PRINCIPAL')
    const rotateOfficer = await send(issuerAdmin, 'POST', `/v1/api-keys/${officer.keyId}/rotate`, { overlapSeconds: 0 })
    expect(rotateOfficer.json().code).toBe('KEY_OF_OTHER_PRINCIPAL')
    const newPerson = await send(issuerAdmin, 'POST', '/v1/principals', { kind: 'person', name: 'Mallory', roles: ['compliance-officer'], scopes: ['read', 'compliance'] })
    expect(newPerson.statusCode).toBe(403)
    expect(newPerson.json().code).toBe('PRINCIPALS_BY_CEREMONY')
    expect(await store.listApiKeys()).toHaveLength(before)
    expect(audited).toEqual([])
  })

  it('gives the caller a narrower key of its own, which is the same principal, and audits it naming the principal', async () => {
    const res = await send(issuerAdmin, 'POST', '/v1/api-keys', { scopes: ['read'] })
    expect(res.statusCode).toBe(201)
    const made = res.json() as IssuedApiKey
    expect((await store.lookupKey(made.keyId))).toMatchObject({ principalId: issuerAdmin.keyId, role: 'issuer-admin', scopes: ['read'] })
    expect(audited.at(-1)).toMatchObject({ action: 'api_key.created', after: { principalId: issuerAdmin.keyId, scopes: ['read'] } })
    const me = await send(made, 'GET', '/v1/principals/me')
    expect(me.json()).toMatchObject({ id: issuerAdmin.keyId, roles: ['issuer-admin'] })
  })
})
