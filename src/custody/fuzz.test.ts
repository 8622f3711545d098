import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { startTestCustody, type TestCustody } from '../test/custody.ts'
import { fuzzOpenApi } from '../test/fuzz-openapi.ts'
import { openApiDefects } from '../test/openapi-quality.ts'
import { FIREBLOCKS_PREFIX } from './fireblocks/fireblocks-api.ts'

describe('custody survives malformed input on every operation of its OpenAPI document', () => {
  let chain: TestChain
  let custody: TestCustody

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { workers: 0 })
    await custody.as.admin.post('/v1/vaults', { name: 'fuzz', tier: 'warm' })
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
  })

  it('documents every operation the way a client generator needs: ids, security, problem+json errors, 401 and 429', async () => {
    const doc = (await custody.service.app.inject({ method: 'GET', url: '/openapi.json' })).json()
    expect(openApiDefects(doc, { skip: (path) => path.startsWith(FIREBLOCKS_PREFIX) })).toEqual([])
  })

  it('answers ≥100 mutated, validly signed requests per operation with no 5xx, every error as problem+json, and a refused one changes nothing', async () => {
    const db = custody.service.ctx.db
    const auditSize = async () => Number((await db.selectFrom('audit_entries').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()).n)
    const outcome = await fuzzOpenApi(custody.service.app, {
      ...custody.keys.admin!,
      perOperation: 100,
      // The Fireblocks API answers in Fireblocks' own error format and its own (JWT) authentication; its schemas are the same TypeBox ones.
      skip: (_m, path) => path.startsWith(FIREBLOCKS_PREFIX),
      // Every change custody makes is audited; a refused request must leave the log as it was.
      changeWitness: auditSize,
    })
    expect(outcome.operations).toBeGreaterThan(20)
    expect(outcome.requests).toBeGreaterThanOrEqual(outcome.operations * 100)
    const summary = (list: { request: { operation: string }; status: number; body?: string }[]) => [...new Set(list.map((f) => `${f.request.operation} → ${f.status} ${(f.body ?? '').slice(0, 120)}`))]
    expect(summary(outcome.failures)).toEqual([])
    expect(summary(outcome.changedByRefusal)).toEqual([])
    // Printed for the record: how the answers spread, and which mutations a route tolerates (e.g. an optional field left out).
    console.info(`fuzz: ${outcome.operations} operations, ${outcome.requests} requests, ${JSON.stringify(outcome.statuses)}, ${outcome.accepted.length} tolerated by ${new Set(outcome.accepted.map((a) => a.request.operation)).size} operations`)
  }, 900_000)
})
