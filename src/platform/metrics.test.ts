import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { startTestCustody, type TestCustody } from '../test/custody.ts'
import { startTestPlatform, type TestPlatform } from '../test/platform.ts'

describe('platform metrics and health probes', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    platform = await startTestPlatform(chain, custody)
  })
  afterAll(async () => {
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('serves the workflow backlog, the indexer lag and request latency on /metrics, and separate probes', async () => {
    expect((await platform.as['compliance-officer'].get('/v1/investors')).status).toBe(200)
    const text = await (await fetch(`${platform.url}/metrics`)).text()
    expect(text).toMatch(/^custos_platform_indexer_lag_blocks\{service="platform"\} \d+$/m)
    expect(text).toContain('# TYPE custos_platform_workflows gauge')
    expect(text).toMatch(/^custos_http_request_duration_seconds_count\{[^}]*route="\/v1\/investors"[^}]*status="200"[^}]*\} 1$/m)
    expect(text).toMatch(/^custos_webhook_deliveries\{status="PENDING",service="platform"\} \d+$/m)
    expect(text).toMatch(/^custos_audit_log_entries\{service="platform"\} \d+$/m)
    expect((await fetch(`${platform.url}/health/live`)).status).toBe(200)
    expect(await (await fetch(`${platform.url}/health/ready`)).json()).toMatchObject({ status: 'ok', checks: { database: true, chain: true } })
  }, 120_000)
})
