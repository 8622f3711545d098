// @postgres-pass: the webhook inbox keyed on event ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { createLogger } from '../../../shared/logger.ts'
import { createSignedFetch, type SignedFetch } from '../../../shared/auth/sign-request.ts'
import { migrateToLatest } from '../../../shared/db/migrate.ts'
import { signWebhookPayload, WEBHOOK_HEADERS } from '../../../shared/webhooks/sign-webhook.ts'
import { publicClientFor } from '../../../chain/clients.ts'
import { openTestDatabase, type TestDatabase } from '../../../test/database.ts'
import { TestClock } from '../../../test/platform.ts'
import { loadPlatformConfig } from '../../config.ts'
import { platformMigrations } from '../../db/migrations.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { createPlatformService, type PlatformService } from '../../service.ts'
import { KYC_VENDOR_SIGNATURE_HEADER } from './routes.ts'
import { signVendorWebhook } from '../kyc/public.ts'

const CUSTODY_SECRET = 'whsec_platform-inbound-test'
const VENDOR_SECRET = 'vendor-secret-for-tests'
type Investor = { id: string; status: string; statusCode: string | null; kyc: { providerRef: string } | null }

/** Receiving webhooks needs no chain and no custody: the platform alone, on its database. */
describe('webhooks received from custody and from KYC vendors', () => {
  let database: TestDatabase<PlatformDB>
  let service: PlatformService
  let url: string
  let home: string
  let admin: SignedFetch
  const clock = new TestClock()

  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }))
  const now = () => Math.floor(Date.now() / 1000)
  const custodyEvent = (e: { id: string; sequence: number; status: string; txHash?: string }) =>
    JSON.stringify({
      id: e.id,
      type: 'transaction.status_changed',
      resourceType: 'transaction',
      resourceId: 'tx-inbound-1',
      sequence: e.sequence,
      occurredAt: new Date().toISOString(),
      data: { id: 'tx-inbound-1', externalTxId: 'onb:someone:create-identity', status: e.status, subStatus: null, txHash: e.txHash ?? null },
    })
  const deliver = (body: string, secret = CUSTODY_SECRET, t = now()) => post('/v1/inbound/custody', body, { [WEBHOOK_HEADERS.signature]: signWebhookPayload({ secrets: [secret], rawBody: body, timestampSeconds: t }) })

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'custos-inbound-'))
    database = await openTestDatabase<PlatformDB>('platform', platformMigrations)
    await migrateToLatest(database.db as Kysely<unknown>, 'platform', platformMigrations)
    const config = loadPlatformConfig({
      CUSTOS_HOME: home,
      RPC_URL: 'http://127.0.0.1:9',
      CUSTODY_URL: 'http://127.0.0.1:9',
      CUSTODY_WEBHOOK_SECRET: CUSTODY_SECRET,
      PLATFORM_KYC_WEBHOOK_SECRET: VENDOR_SECRET,
      PLATFORM_MASTER_KEY: 'ab'.repeat(32),
      PLATFORM_WORKER_POLL_MS: '50',
      LOG_LEVEL: 'silent',
    })
    service = await createPlatformService({
      config,
      database,
      chain: { rpcUrl: config.RPC_URL, chainId: 31337, publicClient: publicClientFor(config.RPC_URL, 31337), deployments: null },
      logger: createLogger({ service: 'platform', level: 'silent' }),
      clock,
    })
    await service.app.listen({ host: '127.0.0.1', port: 0 })
    const addr = service.app.server.address()
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
    const k = await service.apiKeys.createApiKey({ role: 'issuer-admin', scopes: ['read', 'issuer', 'admin', 'compliance'], createdBy: 'test' })
    admin = createSignedFetch({ baseUrl: url, keyId: k.keyId, secret: k.secret })
  })
  afterAll(async () => {
    await service?.close()
    await database?.close()
    if (home) rmSync(home, { recursive: true, force: true })
  })

  const processed = async () => {
    const deadline = Date.now() + 10_000
    for (;;) {
      const pending = await service.ctx.db.selectFrom('inbound_events').select('id').where('processed_at', 'is', null).execute()
      if (pending.length === 0) return
      if (Date.now() > deadline) throw new Error(`${pending.length} inbound events still unprocessed`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  it('goes on at once with an event a killed worker had claimed, and leaves alone one a live worker holds', async () => {
    const db = service.ctx.db
    const at = clock.now()
    // A worker of another node, alive (beating), and one that was killed: no heartbeat.
    await db.insertInto('platform_workers').values({ id: 'pw_alive_elsewhere', started_at: at, heartbeat_at: at }).execute()
    const claimed = (id: string, lockedBy: string, ageMs: number) => ({
      id, source: 'custody', event_id: id, type: 'vault.noted', resource_type: null, resource_id: null, sequence: null,
      payload: JSON.stringify({ id, type: 'vault.noted', data: {} }), received_at: new Date(at.getTime() - ageMs), attempts: 1,
      // Claimed a moment ago: its 30 s lease has not run out.
      next_attempt_at: new Date(at.getTime() + 29_000), locked_by: lockedBy,
    })
    const alive = randomUUID()
    const killed = randomUUID()
    await db.insertInto('inbound_events').values([claimed(alive, 'pw_alive_elsewhere', 2_000), claimed(killed, 'pw_killed', 1_000)]).execute()
    const done = async (id: string) => (await db.selectFrom('inbound_events').select('processed_at').where('id', '=', id).executeTakeFirstOrThrow()).processed_at
    const deadline = Date.now() + 10_000
    while ((await done(killed)) === null) {
      if (Date.now() > deadline) throw new Error('the killed worker’s event was not taken over')
      await new Promise((r) => setTimeout(r, 50))
    }
    // Older, and looked at in the same claims, yet still the live worker's.
    expect(await done(alive)).toBeNull()
    // The later cases count the inbox from empty.
    await db.deleteFrom('inbound_events').where('id', 'in', [alive, killed]).execute()
    await db.deleteFrom('platform_workers').where('id', '=', 'pw_alive_elsewhere').execute()
  })

  it('refuses a custody delivery that is unsigned, signed with another secret, or stale', async () => {
    const body = custodyEvent({ id: randomUUID(), sequence: 1, status: 'SUBMITTED' })
    expect((await post('/v1/inbound/custody', body, {})).body.code).toBe('WEBHOOK_SIGNATURE_MISSING')
    expect((await deliver(body, 'whsec_someone-else')).body.code).toBe('WEBHOOK_SIGNATURE_MISMATCH')
    const stale = await deliver(body, CUSTODY_SECRET, now() - 3600)
    expect(stale).toMatchObject({ status: 401, body: { code: 'WEBHOOK_SIGNATURE_EXPIRED' } })
    expect(await service.ctx.db.selectFrom('inbound_events').select('id').execute()).toEqual([])
  })

  it('keeps the newest state of a custody transaction whatever the order and number of deliveries', async () => {
    const submitted = custodyEvent({ id: randomUUID(), sequence: 1, status: 'SUBMITTED' })
    const broadcasting = custodyEvent({ id: randomUUID(), sequence: 2, status: 'BROADCASTING', txHash: '0xaa' })
    const completed = custodyEvent({ id: randomUUID(), sequence: 3, status: 'COMPLETED', txHash: '0xbb' })
    expect((await deliver(submitted)).status).toBe(202)
    expect((await deliver(completed)).status).toBe(202)
    expect((await deliver(broadcasting)).status).toBe(202)
    const again = await deliver(completed)
    expect(again).toMatchObject({ status: 200, body: { status: 'duplicate' } })
    await processed()
    const row = await service.ctx.db.selectFrom('custody_transactions').selectAll().where('custody_tx_id', '=', 'tx-inbound-1').executeTakeFirstOrThrow()
    expect(row).toMatchObject({ external_tx_id: 'onb:someone:create-identity', status: 'COMPLETED', tx_hash: '0xbb' })
    expect(Number(row.sequence)).toBe(3)
    expect(await service.ctx.db.selectFrom('inbound_events').select('id').where('source', '=', 'custody').execute()).toHaveLength(3)
  })

  it('applies a KYC vendor’s signed result to the investor it screened, once', async () => {
    const created = await admin.post<Investor>('/v1/investors', { name: 'Dmitriy Volkov', email: 'dv@example.org', country: 'CY', type: 'individual' })
    let investor = created.body
    for (let i = 0; investor.status === 'PENDING_KYC'; i++) {
      expect(i).toBeLessThan(200)
      await new Promise((r) => setTimeout(r, 50))
      investor = (await admin.get<Investor>(`/v1/investors/${investor.id}`)).body
    }
    expect(investor.status).toBe('IN_REVIEW')
    const result = JSON.stringify({
      id: 'vendor-evt-1',
      providerRef: investor.kyc!.providerRef,
      outcome: 'REJECT',
      reasons: [{ code: 'SANCTIONS_NAME_MATCH', message: 'vendor confirmed the match (date of birth)' }],
      sanctionsMatches: [],
      checkedAt: new Date().toISOString(),
    })
    const forged = await post('/v1/inbound/kyc/acme', result, { [KYC_VENDOR_SIGNATURE_HEADER]: signVendorWebhook('not-the-secret', result, now()) })
    expect(forged).toMatchObject({ status: 401, body: { code: 'WEBHOOK_SIGNATURE_INVALID' } })
    const signed = { [KYC_VENDOR_SIGNATURE_HEADER]: signVendorWebhook(VENDOR_SECRET, result, now()) }
    expect((await post('/v1/inbound/kyc/acme', result, signed)).status).toBe(202)
    expect((await post('/v1/inbound/kyc/acme', result, { [KYC_VENDOR_SIGNATURE_HEADER]: signVendorWebhook(VENDOR_SECRET, result, now()) })).status).toBe(200)
    await processed()
    const after = (await admin.get<Investor>(`/v1/investors/${investor.id}`)).body
    expect(after).toMatchObject({ status: 'REJECTED', statusCode: 'SANCTIONS_NAME_MATCH' })
  })
})
