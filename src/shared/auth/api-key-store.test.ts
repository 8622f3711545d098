// @postgres-pass: API keys and their rotation in SQL.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import { ManualClock } from '../clock.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import { apiKeysMigration, createApiKeyStore, type ApiKeyStore } from './api-key-store.ts'
import { principalsMigration } from './principals.ts'

describe('API key store', () => {
  let t: TestDatabase<any>
  let store: ApiKeyStore
  const clock = new ManualClock()
  const encryptionKey = randomBytes(32)

  beforeAll(async () => {
    t = await openTestDatabase<any>('auth_keys')
    await migrateToLatest(t.db as Kysely<unknown>, t.schema, { '0001_api_keys': apiKeysMigration, '0001b_principals': principalsMigration })
    store = createApiKeyStore({ db: t.db, encryptionKey, clock })
  })
  afterAll(() => t?.close())

  async function rawRow(keyId: string): Promise<Record<string, unknown>> {
    const r = await sql<Record<string, unknown>>`select * from api_keys where key_id = ${keyId}`.execute(t.db)
    return r.rows[0]!
  }

  it('issues ck_ key ids and a secret the server can use', async () => {
    const { keyId, secret } = await store.createApiKey({ role: 'operator', scopes: ['transact', 'read'], groups: ['treasury'], createdBy: 'alice' })
    expect(keyId).toMatch(/^ck_[a-z2-7]{24}$/)
    expect(secret.length).toBeGreaterThanOrEqual(40)
    expect(await store.lookupKey(keyId)).toEqual({
      keyId, principalId: keyId, principalKind: 'person', role: 'operator', scopes: ['transact', 'read'], groups: ['treasury'], secret, status: 'active', notBefore: null, expiresAt: null,
    })
  })

  it('stores no trace of the secret in any column, in any encoding', async () => {
    const { keyId, secret } = await store.createApiKey({ role: 'operator', scopes: ['read'], createdBy: 'alice' })
    const row = await rawRow(keyId)
    const stored = Object.values(row)
      .map((v) => (v instanceof Uint8Array ? [Buffer.from(v).toString('hex'), Buffer.from(v).toString('base64'), Buffer.from(v).toString('latin1')] : [JSON.stringify(v)]))
      .flat()
      .join('|')
    const raw = Buffer.from(secret.slice(3), 'base64url')
    const encodings = [secret, secret.slice(3), Buffer.from(secret).toString('hex'), Buffer.from(secret).toString('base64'), raw.toString('hex'), raw.toString('base64'), raw.toString('latin1')]
    for (const e of encodings) {
      expect(stored.includes(e)).toBe(false)
      expect(stored.toLowerCase().includes(e.toLowerCase().slice(0, 24))).toBe(false)
    }
    expect(Buffer.from(row.secret_ciphertext as Uint8Array).length).toBe(Buffer.byteLength(secret))
  })

  it('lists keys without any secret material', async () => {
    const list = await store.listApiKeys()
    expect(list.length).toBeGreaterThanOrEqual(2)
    for (const k of list) {
      expect(Object.keys(k).sort()).toEqual(
        ['createdAt', 'createdBy', 'expiresAt', 'groups', 'keyId', 'notBefore', 'revokedAt', 'principalId', 'revokedBy', 'role', 'rotatedFrom', 'scopes', 'status'].sort(),
      )
    }
  })

  it('imports a development credential idempotently and refuses another secret under the same id', async () => {
    const dev = { keyId: 'platform-dev', secret: `cs_${'d'.repeat(40)}`, role: 'service', scopes: ['transact'], createdBy: 'seed' }
    expect(await store.importApiKey(dev)).toEqual({ created: true })
    expect(await store.importApiKey(dev)).toEqual({ created: false })
    await expect(store.importApiKey({ ...dev, secret: `cs_${'e'.repeat(40)}` })).rejects.toMatchObject({ code: 'API_KEY_EXISTS', status: 409 })
    expect((await store.lookupKey('platform-dev'))?.secret).toBe(dev.secret)
    await expect(store.importApiKey({ ...dev, keyId: 'short-secret', secret: 'abc' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('rotates: the old key expires at the end of the overlap, the new one inherits role and scopes', async () => {
    const old = await store.createApiKey({ role: 'operator', scopes: ['read'], groups: ['ops'], createdBy: 'alice' })
    await store.lookupKey(old.keyId) // warm the cache: rotation must invalidate it
    const next = await store.rotateApiKey(old.keyId, { overlapSeconds: 300, by: 'bob' })
    expect(next.keyId).not.toBe(old.keyId)
    expect((await store.lookupKey(old.keyId))?.expiresAt).toEqual(new Date(clock.now().getTime() + 300_000))
    // Rotation keeps the principal: the new key is the same person for four eyes.
    expect(await store.lookupKey(next.keyId)).toMatchObject({ principalId: old.keyId, role: 'operator', scopes: ['read'], groups: ['ops'], secret: next.secret, expiresAt: null })
    const listed = (await store.listApiKeys()).find((k) => k.keyId === next.keyId)
    expect(listed).toMatchObject({ rotatedFrom: old.keyId, createdBy: 'bob' })
    clock.advance(300_000)
    await expect(store.rotateApiKey(old.keyId, { overlapSeconds: 60, by: 'bob' })).rejects.toMatchObject({ code: 'API_KEY_NOT_ACTIVE' })
  })

  it('gives a principal another key only within what the principal holds', async () => {
    const first = await store.createApiKey({ role: 'approver', scopes: ['read', 'approve'], groups: ['approvers'], createdBy: 'ceremony', principalName: 'Ada' })
    const principalId = (await store.lookupKey(first.keyId))!.principalId
    const second = await store.createApiKey({ role: 'approver', scopes: ['read'], groups: ['approvers'], createdBy: first.keyId, principalId })
    expect((await store.lookupKey(second.keyId))?.principalId).toBe(principalId)
    await expect(store.createApiKey({ role: 'approver', scopes: ['read', 'admin'], createdBy: first.keyId, principalId })).rejects.toMatchObject({ code: 'GRANT_EXCEEDS_PRINCIPAL', status: 403 })
    await expect(store.createApiKey({ role: 'approver', scopes: ['read'], groups: ['admins'], createdBy: first.keyId, principalId })).rejects.toMatchObject({ code: 'GRANT_EXCEEDS_PRINCIPAL' })
    await expect(store.createApiKey({ role: 'admin', scopes: ['read'], createdBy: first.keyId, principalId })).rejects.toMatchObject({ code: 'GRANT_EXCEEDS_PRINCIPAL' })
    await expect(store.createApiKey({ role: 'approver', scopes: ['read'], createdBy: 'x', principalId: 'pr_nobody' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('revokes at once in this process, idempotently, and says who did it', async () => {
    const k = await store.createApiKey({ role: 'operator', scopes: ['read'], createdBy: 'alice' })
    expect((await store.lookupKey(k.keyId))?.status).toBe('active')
    const revoked = await store.revokeApiKey(k.keyId, 'carol')
    expect(revoked).toMatchObject({ status: 'revoked', revokedBy: 'carol', revokedAt: clock.now() })
    expect((await store.lookupKey(k.keyId))?.status).toBe('revoked')
    clock.advance(1_000)
    expect((await store.revokeApiKey(k.keyId, 'dave')).revokedBy).toBe('carol')
    await expect(store.revokeApiKey('ck_nosuchkey', 'carol')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('sees a change made by another process once its short cache has lapsed', async () => {
    const other = createApiKeyStore({ db: t.db, encryptionKey, clock, cacheTtlMs: 5_000 })
    const k = await store.createApiKey({ role: 'operator', scopes: ['read'], createdBy: 'alice' })
    expect((await other.lookupKey(k.keyId))?.status).toBe('active')
    await store.revokeApiKey(k.keyId, 'carol')
    clock.advance(5_000)
    expect((await other.lookupKey(k.keyId))?.status).toBe('revoked')
  })

  it('refuses to read secrets under the wrong encryption key, and a secret moved to another row', async () => {
    const k = await store.createApiKey({ role: 'operator', scopes: ['read'], createdBy: 'alice' })
    const wrong = createApiKeyStore({ db: t.db, encryptionKey: randomBytes(32), clock })
    await expect(wrong.lookupKey(k.keyId)).rejects.toMatchObject({ code: 'API_KEY_DECRYPT_FAILED' })
    const victim = await store.createApiKey({ role: 'operator', scopes: ['read'], createdBy: 'alice' })
    await sql`update api_keys set secret_ciphertext = s.secret_ciphertext, secret_iv = s.secret_iv, secret_tag = s.secret_tag
      from api_keys s where api_keys.key_id = ${victim.keyId} and s.key_id = ${k.keyId}`.execute(t.db)
    const fresh = createApiKeyStore({ db: t.db, encryptionKey, clock })
    await expect(fresh.lookupKey(victim.keyId)).rejects.toMatchObject({ code: 'API_KEY_DECRYPT_FAILED' })
    expect(() => createApiKeyStore({ db: t.db, encryptionKey: randomBytes(16), clock })).toThrow(/32 bytes/)
  })
})
