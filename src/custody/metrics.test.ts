import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { systemClock } from '../shared/clock.ts'
import { startTestReceiver, type TestReceiver } from '../shared/webhooks/test-receiver.ts'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../test/custody.ts'
import { openTestDatabase, type TestDatabase } from '../test/database.ts'
import type { CustodyDB } from './db/schema.ts'

type Tx = { id: string; status: string }

/**
 * Scrapes /metrics; the returned function gives a series' value (0 when absent)
 * by name and labels, in any order, the way a Prometheus query selects it.
 */
async function scrape(url: string): Promise<(name: string, labels?: Record<string, string>) => number> {
  const res = await fetch(`${url}/metrics`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('text/plain')
  const samples = (await res.text())
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(l)!
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]))
      return { name: m[1]!, labels, value: Number(m[3]) }
    })
  return (name, labels = {}) => samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v))?.value ?? 0
}

describe('custody metrics and health probes', () => {
  let chain: TestChain
  let database: TestDatabase<CustodyDB>
  let custody: TestCustody
  let receiver: TestReceiver

  beforeAll(async () => {
    chain = await startTestChain()
    database = await openTestDatabase<CustodyDB>('custody')
    custody = await startTestCustody(chain, { database })
    receiver = await startTestReceiver(systemClock)
  })
  afterAll(async () => {
    await receiver?.close()
    await custody?.close()
    await database?.close().catch(() => {})
    await chain?.stop()
  })

  it('a transfer moves the pipeline, transaction and webhook series on /metrics', async () => {
    const sub = await custody.as.platform.post<{ id: string; secret: string }>('/v1/webhooks', { url: receiver.url, events: ['transaction.*'] })
    receiver.secrets.push(sub.body.secret)
    const vault = (await custody.as.admin.post<{ id: string; address: Address }>('/v1/vaults', { name: 'metered', tier: 'hot' })).body
    await chain.testClient.setBalance({ address: vault.address, value: 10n ** 19n })
    const before = await scrape(custody.url)

    const tx = (await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'metered-1', sourceVaultId: vault.id, to: '0x0000000000000000000000000000000000000001', value: '7' })).body
    await waitForTransaction<Tx>(custody.as.platform, tx.id)
    const deadline = Date.now() + 20_000
    while (!receiver.received.some((r) => r.body.resourceId === tx.id && (r.body.data as { status?: string }).status === 'COMPLETED')) {
      if (Date.now() > deadline) throw new Error('the COMPLETED webhook did not arrive')
      await new Promise((r) => setTimeout(r, 50))
    }
    // The receiver has the last webhook a moment before custody records its delivery: wait for the record.
    let after = await scrape(custody.url)
    while (after('custos_webhook_attempts_total', { outcome: 'delivered' }) < before('custos_webhook_attempts_total', { outcome: 'delivered' }) + 6) {
      if (Date.now() > deadline) break
      await new Promise((r) => setTimeout(r, 50))
      after = await scrape(custody.url)
    }

    // Each pipeline stage the transfer went through was timed once more.
    for (const stage of ['SUBMITTED', 'QUEUED', 'PENDING_SIGNATURE', 'BROADCASTING', 'CONFIRMING']) {
      expect(after('custos_custody_pipeline_stage_seconds_count', { stage }), stage).toBeGreaterThan(before('custos_custody_pipeline_stage_seconds_count', { stage }))
    }
    expect(after('custos_custody_transactions', { status: 'COMPLETED' })).toBe(before('custos_custody_transactions', { status: 'COMPLETED' }) + 1)
    expect(after('custos_custody_pipeline_queue_depth', { stage: 'CONFIRMING' })).toBe(0)
    // Its webhooks were delivered, and how late they arrived was measured.
    expect(after('custos_webhook_attempts_total', { outcome: 'delivered' })).toBeGreaterThanOrEqual(before('custos_webhook_attempts_total', { outcome: 'delivered' }) + 6)
    expect(after('custos_webhook_delivery_lag_seconds_count')).toBeGreaterThan(before('custos_webhook_delivery_lag_seconds_count'))
    expect(after('custos_webhook_deliveries', { status: 'DELIVERED' })).toBeGreaterThanOrEqual(6)
    // Requests are timed by their route template, not the raw URL.
    expect(after('custos_http_request_duration_seconds_count', { method: 'POST', route: '/v1/transactions', status: '201' })).toBe(1)
    expect(after('custos_audit_log_entries')).toBeGreaterThan(before('custos_audit_log_entries'))
  }, 120_000)

  it('readiness fails while the database is down; liveness does not', async () => {
    expect((await fetch(`${custody.url}/health/ready`)).status).toBe(200)
    await database.close()
    const ready = await fetch(`${custody.url}/health/ready`)
    expect(ready.status).toBe(503)
    expect(await ready.json()).toMatchObject({ status: 'unavailable', checks: { database: false, chain: true } })
    expect((await fetch(`${custody.url}/health`)).status).toBe(503)
    const live = await fetch(`${custody.url}/health/live`)
    expect(live.status).toBe(200)
    expect(await live.json()).toMatchObject({ status: 'ok', service: 'custody' })
  })
})
