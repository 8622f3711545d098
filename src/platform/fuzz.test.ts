import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { startTestCustody, type TestCustody } from '../test/custody.ts'
import { fuzzOpenApi } from '../test/fuzz-openapi.ts'
import { openApiDefects } from '../test/openapi-quality.ts'
import { startTestPlatform, type TestPlatform } from '../test/platform.ts'
import { PLATFORM_SCOPES } from './http/principal.ts'

/** Mutated requests per operation: at least 100; FUZZ_PER_OPERATION raises it for a longer run. */
const PER_OPERATION = Math.max(100, Number(process.env.FUZZ_PER_OPERATION ?? 100) || 100)

describe('the platform survives malformed input on every operation of its OpenAPI document', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let dir: string

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { workers: 0 })
    // API only (no workers, scheduler or indexer), so nothing but the fuzzed requests can change the audit log.
    // Every inbound receiver configured (custody's webhooks, a KYC vendor, Fireblocks), so each answers a bad
    // signature (401) rather than "not configured" (503, by design: the sender should retry once it is).
    dir = mkdtempSync(join(tmpdir(), 'custos-fuzz-'))
    const fireblocksKey = join(dir, 'fireblocks_webhook.pub')
    writeFileSync(fireblocksKey, await (await fetch(`${custody.url}/fireblocks/webhook_public_key.pem`)).text())
    platform = await startTestPlatform(chain, custody, {
      env: { PLATFORM_WORKERS: '0', PLATFORM_KYC_WEBHOOK_SECRET: 'fuzz-vendor-secret', FIREBLOCKS_WEBHOOK_PUBLIC_KEY_FILE: fireblocksKey },
      custodyWebhooks: true,
    })
  }, 300_000)
  afterAll(async () => {
    await platform?.close()
    await custody?.close()
    await chain?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('documents every operation the way a client generator needs: ids, security, problem+json errors, 401 and 429', async () => {
    const doc = (await platform.service.app.inject({ method: 'GET', url: '/openapi.json' })).json()
    expect(openApiDefects(doc)).toEqual([])
  })

  it(`answers ≥${PER_OPERATION} mutated, validly signed requests per operation with no 5xx, every error as problem+json, and a refused one changes nothing`, async () => {
    const db = platform.service.ctx.db
    const auditSize = async () => Number((await db.selectFrom('audit_entries').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()).n)
    // A key holding every platform scope, so each request passes authentication and reaches validation.
    const key = await platform.service.apiKeys.createApiKey({ role: 'fuzz', scopes: [...PLATFORM_SCOPES], groups: ['issuer-admin'], createdBy: 'test' })
    const outcome = await fuzzOpenApi(platform.service.app, {
      keyId: key.keyId,
      secret: key.secret,
      perOperation: PER_OPERATION,
      // Every change the platform makes is audited; a refused request must leave the log as it was.
      changeWitness: auditSize,
    })
    expect(outcome.operations).toBeGreaterThan(40)
    expect(outcome.requests).toBeGreaterThanOrEqual(outcome.operations * PER_OPERATION)
    const summary = (list: { request: { operation: string }; status: number; body?: string }[]) => [...new Set(list.map((f) => `${f.request.operation} → ${f.status} ${(f.body ?? '').slice(0, 120)}`))]
    expect(summary(outcome.failures)).toEqual([])
    expect(summary(outcome.changedByRefusal)).toEqual([])
    // Printed for the record: how the answers spread, and which mutations a route tolerates (e.g. an optional field left out).
    console.info(`fuzz: ${outcome.operations} operations, ${outcome.requests} requests, ${JSON.stringify(outcome.statuses)}, ${outcome.accepted.length} tolerated by ${new Set(outcome.accepted.map((a) => a.request.operation)).size} operations`)
  }, 1_800_000)
})
