import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualClock } from '../../shared/clock.ts'
import { createLogger } from '../../shared/logger.ts'
import { migrateToLatest } from '../../shared/db/migrate.ts'
import { createHttpServer, type HttpServer } from '../../shared/http/create-server.ts'
import { installAuth } from '../../shared/auth/auth-plugin.ts'
import { apiKeysMigration, createApiKeyStore } from '../../shared/auth/api-key-store.ts'
import { principalsMigration } from '../../shared/auth/principals.ts'
import { createMemoryReplayCache } from '../../shared/auth/replay-cache.ts'
import { createSignedFetch, type SignedFetch } from '../../shared/auth/sign-request.ts'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import { encodeEntry, leafHash } from '../hashing.ts'
import { appendAuditBatch, type AuditEntryInput } from '../log/append.ts'
import { createCheckpoint } from '../log/checkpoint.ts'
import { generateLogKey, logSignerFromSkey } from '../log/log-key.ts'
import { auditLogMigration } from '../log/migrations.ts'
import { listAuditEntries } from '../log/query.ts'
import { verifyConsistency, verifyInclusion } from '../verify/tree.ts'
import { verifyAuditExport } from '../verify/verify-export.ts'
import { registerAuditRoutes } from './audit-routes.ts'
import { createAuditExportClient, downloadAuditExport } from './download-export.ts'
import { auditExportsMigration } from './export-requests-migration.ts'
import { REDACTED_EXPORT_FORMAT } from './export-snapshot.ts'

const ORIGIN = 'custos.dev/platform/routes-test'

/** Moves a millisecond on every read, so two identical requests never share a signature (the replay cache would refuse the second). */
class TickingClock extends ManualClock {
  override now(): Date {
    this.advance(1)
    return super.now()
  }
}
const hex = (s: string) => Buffer.from(s, 'hex')

type Entry = { seq: string; actor: string; action: string; before: unknown; after: unknown; details: unknown; leafHash: string; redacted: boolean; targetId: string | null }
type Page<T> = { items: T[]; nextCursor: string | null }
type ExportView = { id: string; status: string; treeSize: string; requestedBy: string; decidedBy: string | null; manifest?: { format: string; treeSize: number } | null }

function investorEntry(i: number, at: Date): AuditEntryInput {
  return {
    at,
    actor: i % 2 === 0 ? 'apikey:officer' : 'system:kyc',
    action: i % 3 === 0 ? 'investor.created' : 'investor.status_changed',
    targetType: 'investor',
    targetId: `inv_${i % 5}`,
    before: i % 3 === 0 ? null : { status: 'PENDING', email: `old${i}@example.com` },
    after: { status: 'ACTIVE', name: `Investor ${i}`, email: `inv${i}@example.com`, country: 'DE', residence: { address: { street: 'Hauptstr. 1', city: 'Berlin' }, since: 2019 } },
    correlationId: `req-${Math.floor(i / 4)}`,
    details: i % 4 === 0 ? { dateOfBirth: '1980-02-29', source: 'manual' } : null,
  }
}

describe('audit HTTP API', () => {
  let t: TestDatabase<unknown>
  let app: HttpServer
  let scratch: string
  const clock = new TickingClock(Date.UTC(2026, 4, 1, 9))
  const key = generateLogKey(ORIGIN)
  const signer = logSignerFromSkey(key.skey)
  const as = {} as Record<'officer1' | 'officer2' | 'reader', SignedFetch>
  const keyIds = {} as Record<'officer1' | 'officer2' | 'reader', string>

  beforeAll(async () => {
    t = await openTestDatabase('audit_http')
    await migrateToLatest(t.db as Kysely<unknown>, t.schema, { '0001_api_keys': apiKeysMigration, '0001b_principals': principalsMigration, '0002_audit': auditLogMigration, '0003_audit_exports': auditExportsMigration })
    const store = createApiKeyStore({ db: t.db as Kysely<any>, encryptionKey: new Uint8Array(32).fill(7), clock })
    app = await createHttpServer({ title: 'audit test', version: '0', description: 'audit routes', logger: createLogger({ service: 'audit-test', level: 'silent' }) })
    installAuth(app, { lookupKey: store.lookupKey, replayCache: createMemoryReplayCache(), clock, rateLimiter: false })
    registerAuditRoutes(app, { db: t.db as Kysely<any>, readScopes: ['audit'], logKey: signer, origin: ORIGIN, clock, exportApproval: { ttlMs: 3600_000 } })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const addr = app.server.address()
    const baseUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
    for (const [role, scopes] of [
      ['officer1', ['read', 'audit']],
      ['officer2', ['read', 'audit']],
      ['reader', ['read']],
    ] as const) {
      const k = await store.createApiKey({ role, scopes: [...scopes], groups: [], createdBy: 'test' })
      keyIds[role] = k.keyId
      as[role] = createSignedFetch({ baseUrl, keyId: k.keyId, secret: k.secret, clock })
    }
    const ctx = { db: t.db as Kysely<any>, clock, signer, origin: ORIGIN }
    let n = 0
    for (const size of [10, 25, 40]) {
      const batch: AuditEntryInput[] = []
      for (; n < size; n++) {
        clock.advance(60_000)
        batch.push(investorEntry(n, clock.now()))
      }
      await appendAuditBatch(t.db as Kysely<any>, batch)
      await createCheckpoint(ctx)
    }
    scratch = await mkdtemp(join(tmpdir(), 'custos-audit-http-'))
  })
  afterAll(async () => {
    await app?.close()
    await t?.close()
    if (scratch) await rm(scratch, { recursive: true, force: true })
  })

  it('lets only keys with the audit scope read the log', async () => {
    const res = await as.reader.get('/v1/audit/entries')
    expect(res.status).toBe(403)
    expect(res.problem?.code).toBe('AUTH_SCOPE_MISSING')
    expect((await as.reader.post('/v1/audit/exports', { reason: 'curious', includePersonalData: false })).status).toBe(403)
  })

  it('filters entries and pages through them with a cursor', async () => {
    const first = await as.officer1.get<Page<Entry>>('/v1/audit/entries?actor=apikey%3Aofficer&targetId=inv_2&limit=2')
    expect(first.status).toBe(200)
    expect(first.body.items.map((e) => e.seq)).toEqual(['2', '12'])
    const second = await as.officer1.get<Page<Entry>>(`/v1/audit/entries?actor=apikey%3Aofficer&targetId=inv_2&limit=2&cursor=${first.body.nextCursor}`)
    expect(second.body.items.map((e) => e.seq)).toEqual(['22', '32'])
    expect(second.body.nextCursor).toBeNull()
    const byTime = await as.officer1.get<Page<Entry>>(`/v1/audit/entries?from=${new Date(Date.UTC(2026, 4, 1, 9, 3)).toISOString()}&to=${new Date(Date.UTC(2026, 4, 1, 9, 6)).toISOString()}&action=investor.status_changed`)
    expect(byTime.body.items.map((e) => e.seq)).toEqual(['2', '4'])
    const newest = await as.officer1.get<Page<Entry>>('/v1/audit/entries?order=desc&limit=1&correlationId=req-9')
    expect(newest.body.items.map((e) => e.seq)).toEqual(['39'])
    expect((await as.officer1.get('/v1/audit/entries?limit=5000')).status).toBe(400)
    expect((await as.officer1.get('/v1/audit/entries?from=yesterday')).status).toBe(400)
    expect((await as.officer1.get('/v1/audit/entries?cursor=abc')).status).toBe(400)
  })

  it('redacts personal data from what it serves, while the hashes still cover the original entry', async () => {
    const res = await as.officer1.get<Entry>('/v1/audit/entries/4')
    expect(res.status).toBe(200)
    const e = res.body
    expect(e.redacted).toBe(true)
    expect(e.after).toMatchObject({ status: 'ACTIVE', country: 'DE', residence: { since: 2019 } })
    const after = e.after as { name: string; email: string; residence: { address: string } }
    expect(after.name).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(after.email).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(after.residence.address).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(e.details).toMatchObject({ dateOfBirth: expect.stringMatching(/^sha256:/), source: 'manual' })
    expect(JSON.stringify(e)).not.toContain('example.com')
    const [stored] = (await listAuditEntries(t.db as Kysely<any>, { cursor: '3', limit: 1 })).items
    expect(e.leafHash).toBe(leafHash(encodeEntry(stored!)).toString('hex'))
    expect((await as.officer1.get('/v1/audit/entries/40')).status).toBe(404)
    expect((await as.officer1.get('/v1/audit/entries/99999999999999999999')).status).toBe(400)
  })

  it('proves an entry is in a signed checkpoint, by default the latest that covers it', async () => {
    const cps = await as.officer1.get<Page<{ treeSize: string; rootHash: string; checkpoint: string; anchor: { status: string | null } }>>('/v1/audit/checkpoints')
    expect(cps.body.items.map((c) => c.treeSize)).toEqual(['10', '25', '40'])
    expect(cps.body.items[0]!.checkpoint.startsWith(`${ORIGIN}\n10\n`)).toBe(true)
    const entry = (await as.officer1.get<Entry>('/v1/audit/entries/17')).body
    const p = await as.officer1.get<{ treeSize: string; leafHash: string; rootHash: string; proof: string[]; checkpoint: string | null }>('/v1/audit/entries/17/inclusion-proof')
    expect(p.status).toBe(200)
    expect(p.body.treeSize).toBe('40')
    expect(p.body.leafHash).toBe(entry.leafHash)
    expect(p.body.rootHash).toBe(cps.body.items[2]!.rootHash)
    expect(p.body.checkpoint).toBe(cps.body.items[2]!.checkpoint)
    expect(verifyInclusion(hex(entry.leafHash), 17, 40, p.body.proof.map(hex), hex(p.body.rootHash))).toBe(true)
    const at25 = await as.officer1.get<{ rootHash: string; proof: string[] }>('/v1/audit/entries/17/inclusion-proof?treeSize=25')
    expect(verifyInclusion(hex(entry.leafHash), 17, 25, at25.body.proof.map(hex), hex(cps.body.items[1]!.rootHash))).toBe(true)
    expect((await as.officer1.get('/v1/audit/entries/17/inclusion-proof?treeSize=17')).status).toBe(400)
    const beyond = await as.officer1.get('/v1/audit/entries/17/inclusion-proof?treeSize=41')
    expect(beyond.status).toBe(400)
    expect(beyond.problem?.code).toBe('AUDIT_TREE_SIZE_BEYOND_LOG')
  })

  it('proves that one checkpoint extends another', async () => {
    const res = await as.officer1.get<{ fromRoot: string; toRoot: string; proof: string[]; fromCheckpoint: string | null; toCheckpoint: string | null }>('/v1/audit/consistency-proof?from=10&to=40')
    expect(res.status).toBe(200)
    expect(res.body.fromCheckpoint?.split('\n')[1]).toBe('10')
    expect(res.body.toCheckpoint?.split('\n')[1]).toBe('40')
    expect(verifyConsistency(10, 40, hex(res.body.fromRoot), hex(res.body.toRoot), res.body.proof.map(hex))).toBe(true)
    expect((await as.officer1.get('/v1/audit/consistency-proof?from=30&to=20')).status).toBe(400)
    expect((await as.officer1.get('/v1/audit/consistency-proof?from=10&to=41')).status).toBe(400)
    expect((await as.officer1.get('/v1/audit/consistency-proof?from=10')).status).toBe(400)
  })

  it('publishes the log id and its verifier key', async () => {
    const res = await as.officer1.get<{ origin: string; vkey: string }>('/v1/audit/log-key')
    expect(res.body).toMatchObject({ origin: ORIGIN, vkey: key.vkey })
  })

  it('serves an export without personal data at once, redacted and marked as not verifiable', async () => {
    const created = await as.officer1.post<ExportView>('/v1/audit/exports', { reason: 'quarterly review', includePersonalData: false, segmentSize: 16 })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ status: 'AVAILABLE', treeSize: '40', requestedBy: keyIds.officer1 })
    const dir = join(scratch, 'redacted')
    const { manifest } = await downloadAuditExport(createAuditExportClient({ transport: as.officer1 }), created.body.id, dir)
    expect(manifest.format).toBe(REDACTED_EXPORT_FORMAT)
    expect(manifest.segments).toHaveLength(3)
    expect(manifest.redaction?.replacedValues).toBeGreaterThan(40)
    const text = (await Promise.all(manifest.segments.map((s) => readFile(join(dir, s.file), 'utf8')))).join('')
    expect(text).not.toContain('example.com')
    const report = await verifyAuditExport(dir, { trustedKeys: [key.vkey], workers: 0 })
    expect(report.ok).toBe(false)
    expect(report.problems[0]!.code).toBe('MANIFEST_INVALID')
    // Another officer cannot download someone else's export.
    expect((await as.officer2.get(`/v1/audit/exports/${created.body.id}/segments/0`)).problem?.code).toBe('AUDIT_EXPORT_NOT_REQUESTER')
  })

  it('holds an export with personal data until a second officer approves it, audits each step, and then it verifies', async () => {
    const created = await as.officer1.post<ExportView>('/v1/audit/exports', { reason: 'regulator request 2026-17', includePersonalData: true, segmentSize: 16 })
    expect(created.body.status).toBe('PENDING_APPROVAL')
    const id = created.body.id
    const pending = await as.officer1.get<ExportView>(`/v1/audit/exports/${id}`)
    expect(pending.body).toMatchObject({ status: 'PENDING_APPROVAL', manifest: null })
    expect((await as.officer1.get(`/v1/audit/exports/${id}/segments/0`)).problem?.code).toBe('AUDIT_EXPORT_NOT_APPROVED')
    const self = await as.officer1.post(`/v1/audit/exports/${id}/approve`, { comment: 'me myself' })
    expect(self.status).toBe(403)
    expect(self.problem?.code).toBe('AUDIT_EXPORT_SELF_APPROVAL')
    expect((await as.reader.post(`/v1/audit/exports/${id}/approve`, {})).status).toBe(403)
    const waiting = await as.officer2.get<Page<ExportView>>('/v1/audit/exports?status=PENDING_APPROVAL')
    expect(waiting.body.items.map((x) => x.id)).toEqual([id])

    const approved = await as.officer2.post<ExportView>(`/v1/audit/exports/${id}/approve`, { comment: 'request letter checked' })
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ status: 'AVAILABLE', decidedBy: keyIds.officer2 })
    expect((await as.officer2.post(`/v1/audit/exports/${id}/approve`, {})).problem?.code).toBe('AUDIT_EXPORT_NOT_PENDING')
    // The approver sees the request, not the data.
    expect((await as.officer2.get<ExportView>(`/v1/audit/exports/${id}`)).body.manifest).toBeNull()

    const dir = join(scratch, 'full')
    const { manifest } = await downloadAuditExport(createAuditExportClient({ transport: as.officer1 }), id, dir)
    expect(manifest.format).toBe('custos-audit-export/1')
    // The log as it was when requested: the 40 entries and the first export's own audit trail.
    const size = Number(created.body.treeSize)
    expect(size).toBeGreaterThan(40)
    expect(manifest.treeSize).toBe(size)
    expect(await readFile(join(dir, manifest.segments[0]!.file), 'utf8')).toContain('inv0@example.com')
    const report = await verifyAuditExport(dir, { trustedKeys: [key.vkey], workers: 0 })
    expect(report.problems).toEqual([])
    expect(report).toMatchObject({ ok: true, entries: size, uncheckpointedEntries: size - 40 })

    const trail = await as.officer1.get<Page<Entry>>(`/v1/audit/entries?targetId=${id}`)
    expect(trail.body.items.map((e) => [e.action, e.actor])).toEqual([
      ['audit.export.requested', `person:${keyIds.officer1}/apikey:${keyIds.officer1}`],
      ['audit.export.approved', `person:${keyIds.officer2}/apikey:${keyIds.officer2}`],
      ['audit.export.downloaded', `person:${keyIds.officer1}/apikey:${keyIds.officer1}`],
      ...manifest.segments.map(() => ['audit.export.downloaded', `person:${keyIds.officer1}/apikey:${keyIds.officer1}`]),
    ])
    expect(Number((await as.officer1.get<{ treeSize: string }>('/v1/audit/log-key')).body.treeSize)).toBeGreaterThan(size)
  })

  it('ends a request that a second officer rejects, or that nobody approves in time', async () => {
    const rejected = await as.officer2.post<ExportView>('/v1/audit/exports', { reason: 'fishing', includePersonalData: true })
    const r = await as.officer1.post<ExportView>(`/v1/audit/exports/${rejected.body.id}/reject`, { comment: 'no legal basis' })
    expect(r.body.status).toBe('REJECTED')
    expect((await as.officer2.get(`/v1/audit/exports/${rejected.body.id}/segments/0`)).problem?.code).toBe('AUDIT_EXPORT_REJECTED')

    const late = await as.officer2.post<ExportView>('/v1/audit/exports', { reason: 'forgotten', includePersonalData: true })
    clock.advance(3600_000 + 1)
    const approve = await as.officer1.post(`/v1/audit/exports/${late.body.id}/approve`, {})
    expect(approve.problem?.code).toBe('AUDIT_EXPORT_NOT_PENDING')
    expect((await as.officer2.get<ExportView>(`/v1/audit/exports/${late.body.id}`)).body.status).toBe('EXPIRED')
    const trail = await as.officer1.get<Page<Entry>>(`/v1/audit/entries?targetId=${late.body.id}`)
    expect(trail.body.items.map((e) => [e.action, e.actor])).toEqual([
      ['audit.export.requested', `person:${keyIds.officer2}/apikey:${keyIds.officer2}`],
      ['audit.export.expired', 'system:audit-exports'],
    ])
  })
})
