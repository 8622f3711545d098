import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Kysely } from 'kysely'
import { getAddress, type Address } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { startTestCustody, type TestCustody } from '../test/custody.ts'
import { ANVIL_DEV_KEYS } from '../chain/dev-accounts.ts'
import { deployContract, sendCall } from '../chain/deployer.ts'
import { auditAnchorAbi } from '../chain/generated/abis.ts'
import { createHttpServer, type HttpServer } from '../shared/http/create-server.ts'
import { installAuth } from '../shared/auth/auth-plugin.ts'
import { createMemoryReplayCache } from '../shared/auth/replay-cache.ts'
import { createLogger } from '../shared/logger.ts'
import { ManualClock } from '../shared/clock.ts'
import { openDatabase } from '../shared/db/connect.ts'
import { migrateToLatest } from '../shared/db/migrate.ts'
import { appendAuditBatch } from '../audit/log/append.ts'
import { createCheckpoint } from '../audit/log/checkpoint.ts'
import { generateLogKey, logSignerFromSkey } from '../audit/log/log-key.ts'
import { auditLogMigration } from '../audit/log/migrations.ts'
import { listAuditCheckpoints, listAuditEntries } from '../audit/log/query.ts'
import { auditExportsMigration } from '../audit/http/export-requests-migration.ts'
import { custodyLogSigner } from '../custody/audit/log-signer.ts'
import { auditLogId } from '../custody/audit/anchor-contract.ts'
import type { AuditCheckpoints } from '../custody/audit/start-audit-checkpoints.ts'
import { registerCustodyAuditRoutes, startCustodyAuditCheckpoints } from '../custody/audit/custody-audit.ts'
import { allowAuditAnchorer, ensureAuditAnchorVault } from './audit-bootstrap.ts'
import { auditDecideCommand, auditExportCommand } from './audit.ts'
import { auditVerifyCommand } from './audit-verify.ts'

const BIN = fileURLToPath(new URL('../../bin/custos.mjs', import.meta.url))
const ORIGIN = 'custos.dev/custody/cli-test'

/** Runs the real `custos` command; never throws on a non-zero exit. */
function custos(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` })
    })
  })
}

describe('custos audit export / approve / verify, end to end', () => {
  let chain: TestChain
  let custody: TestCustody
  let audit: AuditCheckpoints
  let auditApi: HttpServer
  let auditUrl: string
  let scratch: string
  let exportDir: string
  let anchor: Address
  const signer = custodyLogSigner(Buffer.from('ab'.repeat(32), 'hex'), ORIGIN)
  const keyEnv = (role: string) => ({ CUSTOS_API_KEY_ID: custody.keys[role]!.keyId, CUSTOS_API_SECRET: custody.keys[role]!.secret })

  async function anchoredCheckpoint(name: string) {
    expect((await custody.as.admin.post('/v1/vaults', { name, tier: 'hot' })).status).toBe(201)
    const { checkpoint } = await audit.tick()
    expect(checkpoint).not.toBeNull()
    const deadline = Date.now() + 30_000
    for (;;) {
      const { items } = await listAuditCheckpoints(custody.service.ctx.db, { order: 'desc', limit: 1 })
      if (items[0]?.anchor.status === 'CONFIRMED') return items[0]
      if (Date.now() > deadline) throw new Error(`checkpoint ${checkpoint!.treeSize} not anchored: ${items[0]?.anchor.status}`)
      await audit.tick()
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  beforeAll(async () => {
    chain = await startTestChain()
    // The test makes every checkpoint itself: custody's own loop (a tick every 5 s) would add one whenever setup is slow.
    custody = await startTestCustody(chain, { env: { CUSTODY_DEPLOYMENTS_FILE: process.env.CUSTOS_TEST_DEPLOYMENTS!, CUSTODY_AUDIT_ORIGIN: ORIGIN, CUSTODY_AUDIT_CHECKPOINT_SECONDS: '0' } })
    const ctx = custody.service.ctx
    anchor = getAddress(chain.deployments.auditAnchor!)
    const vault = await ensureAuditAnchorVault(custody.client.admin)
    await allowAuditAnchorer({ rpcUrl: chain.rpcUrl, deployerKey: ANVIL_DEV_KEYS[0]!, deployments: chain.deployments, anchorer: vault.address })
    audit = startCustodyAuditCheckpoints(ctx, signer, { intervalMs: 0, pollMs: null, retryAfterMs: 0 })
    await anchoredCheckpoint('cli-audit-1')
    await anchoredCheckpoint('cli-audit-2')

    // Custody's audit API as service.ts/app.ts wire it, here on its own listener over custody's database and keys.
    auditApi = await createHttpServer({ title: 'custody audit', version: '0', description: 'test', logger: createLogger({ service: 'custody-audit', level: 'silent' }) })
    installAuth(auditApi, { lookupKey: custody.service.apiKeys.lookupKey, replayCache: createMemoryReplayCache(), clock: ctx.clock })
    registerCustodyAuditRoutes(auditApi, ctx, signer)
    await auditApi.listen({ host: '127.0.0.1', port: 0 })
    const addr = auditApi.server.address()
    auditUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
    scratch = await mkdtemp(join(tmpdir(), 'custos-cli-audit-'))
    exportDir = join(scratch, 'export')
  })
  afterAll(async () => {
    await audit?.stop()
    await auditApi?.close()
    await custody?.close()
    await chain?.stop()
    if (scratch) await rm(scratch, { recursive: true, force: true })
  })

  it('exports through the API with an auditor key and verifies it clean against the chain', async () => {
    const exported = await custos(['audit', 'export', '--url', auditUrl, '--out', exportDir, '--reason', 'annual audit'], keyEnv('auditor'))
    expect(exported.out).toMatch(/audit export: \d+ entries, 2 checkpoints/)
    expect(exported.code).toBe(0)
    const manifest = JSON.parse(await readFile(join(exportDir, 'manifest.json'), 'utf8')) as { anchorContract: { address: string }; checkpoints: { anchor: { status: string } }[] }
    expect(manifest.anchorContract.address).toBe(anchor)
    expect(manifest.checkpoints.map((c) => c.anchor.status)).toEqual(['CONFIRMED', 'CONFIRMED'])

    const verified = await custos(['audit', 'verify', exportDir, '--rpc', chain.rpcUrl, '--anchor', anchor, '--key', signer.vkey])
    expect(verified.out).toContain('2 match, 0 not anchored, 0 mismatch')
    expect(verified.out).toContain('log key      pinned (1)')
    expect(verified.out).toMatch(/^OK: \d+ entries and 2 checkpoints verified/m)
    expect(verified.code).toBe(0)
  }, 120_000)

  it('names the first tampered entry and exits 1', async () => {
    const dir = join(scratch, 'tampered')
    await cp(exportDir, dir, { recursive: true })
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { segments: { file: string }[] }
    const file = join(dir, manifest.segments[0]!.file)
    const lines = (await readFile(file, 'utf8')).split('\n')
    const victim = lines.findIndex((l) => l.includes('"action":"vault.created"') && l.includes('cli-audit-2'))
    expect(victim).toBeGreaterThan(0)
    lines[victim] = lines[victim]!.replace('cli-audit-2', 'cli-audit-X')
    await writeFile(file, lines.join('\n'))

    const res = await custos(['audit', 'verify', dir, '--rpc', chain.rpcUrl, '--anchor', anchor, '--key', signer.vkey])
    expect(res.code).toBe(1)
    expect(res.out).toContain(`first bad entry: seq ${victim} (ENTRY_HASH_MISMATCH)`)
    expect(res.out).toMatch(/^FAILED/m)
  }, 120_000)

  it('exits 1 when the chain it is pointed at anchors another root, or is not an AuditAnchor at all', async () => {
    // A look-alike contract holding a forged root for the first checkpoint of this log.
    const rogue = await deployContract(chain.deployCtx, 'AuditAnchor', [chain.deployer.account.address])
    await sendCall(chain.deployCtx, rogue, auditAnchorAbi, 'setAnchorer', [chain.deployer.account.address, true])
    const { items } = await listAuditCheckpoints(custody.service.ctx.db, {})
    await sendCall(chain.deployCtx, rogue, auditAnchorAbi, 'anchor', [auditLogId(ORIGIN), items[0]!.treeSize, `0x${'11'.repeat(32)}`])
    const wrongRoot = await custos(['audit', 'verify', exportDir, '--rpc', chain.rpcUrl, '--anchor', rogue, '--key', signer.vkey])
    expect(wrongRoot.code).toBe(1)
    expect(wrongRoot.out).toContain('ANCHOR_MISMATCH')
    expect(wrongRoot.out).toContain('ANCHOR_MISSING')

    const lines: string[] = []
    const notAContract = await auditVerifyCommand(exportDir, { rpc: chain.rpcUrl, anchor: chain.wallets[3]!.account.address, log: (l) => lines.push(l) })
    expect(notAContract.exitCode).toBe(1)
    expect(notAContract.report?.problems.map((p) => p.code)).toContain('ANCHOR_READ_FAILED')
    expect(lines.join('\n')).toContain('taken from the export itself (pin it with --key)')
  }, 120_000)

  it('holds an export with personal data for a second officer, then downloads it', async () => {
    const dir = join(scratch, 'with-personal-data')
    const asked = await custos(['audit', 'export', '--url', auditUrl, '--out', dir, '--reason', 'regulator letter 17', '--personal-data'], keyEnv('auditor'))
    expect(asked.code).toBe(2)
    const id = /request ([0-9a-f-]{36})/.exec(asked.out)![1]!
    const quiet = { log: () => {} }
    await expect(auditDecideCommand({ ...process.env, ...keyEnv('auditor') }, id, { url: auditUrl, ...quiet })).rejects.toThrow(/a second officer/)
    const approved = await auditDecideCommand({ ...process.env, ...keyEnv('admin') }, id, { url: auditUrl, comment: 'letter checked', ...quiet })
    expect(approved.status).toBe('AVAILABLE')
    const got = await auditExportCommand({ ...process.env, ...keyEnv('auditor') }, { url: auditUrl, request: id, out: dir, ...quiet })
    expect(got.exitCode).toBe(0)
    const lines: string[] = []
    expect((await auditVerifyCommand(dir, { rpc: chain.rpcUrl, keys: [signer.vkey], log: (l) => lines.push(l) })).exitCode).toBe(0)
    expect(lines.join('\n')).toContain('was taken from the export itself')
    const trail = await listAuditEntries(custody.service.ctx.db, { targetId: id })
    expect(trail.items.map((e) => e.action)).toEqual(['audit.export.requested', 'audit.export.approved', 'audit.export.downloaded', 'audit.export.downloaded'])
  }, 120_000)

  it('exports straight from a stopped service’s embedded database, and records that it did', async () => {
    const dataDir = join(scratch, 'platform-db')
    const key = generateLogKey('custos.dev/platform/cli-test')
    const clock = new ManualClock(Date.UTC(2026, 5, 1))
    const open = () => openDatabase<unknown>({ kind: 'pglite', dataDir }, 'platform')
    let database = await open()
    await migrateToLatest(database.db as Kysely<unknown>, 'platform', { '0004_audit_log': auditLogMigration, '0020_audit_exports': auditExportsMigration })
    await appendAuditBatch(database.db as Kysely<any>, Array.from({ length: 30 }, (_, i) => ({ at: new Date(Date.UTC(2026, 5, 1) + i), actor: 'user:officer', action: 'investor.created', targetType: 'investor', targetId: `inv_${i}`, after: { email: `i${i}@example.com` } })))
    await createCheckpoint({ db: database.db as Kysely<any>, clock, signer: logSignerFromSkey(key.skey), origin: 'custos.dev/platform/cli-test' })
    await database.close()

    const dir = join(scratch, 'direct')
    const res = await custos(['audit', 'export', '--service', 'platform', '--out', dir, '--reason', 'archive', '--segment-size', '8'], { PLATFORM_DATABASE_URL: `pglite:${dataDir}`, CUSTOS_HOME: join(scratch, 'no-home') })
    expect(res.out).toContain('audit export: 30 entries, 1 checkpoints, 4 segments from the platform database')
    expect(res.code).toBe(0)
    const lines: string[] = []
    expect((await auditVerifyCommand(dir, { keys: [key.vkey], log: (l) => lines.push(l) })).exitCode).toBe(0)
    expect(lines.join('\n')).toContain('anchors were not checked')

    database = await open()
    const after = await listAuditEntries(database.db as Kysely<any>, { action: 'audit.export.direct' })
    await database.close()
    expect(after.items).toHaveLength(1)
    expect(after.items[0]!.details).toMatchObject({ treeSize: 30, via: 'database', reason: 'archive' })
  }, 120_000)
})
