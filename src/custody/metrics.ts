import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import { registerAuditGauges } from '../audit/log/audit-gauges.ts'
import type { ServiceMetrics } from '../shared/metrics/service-metrics.ts'
import { registerWebhookGauges } from '../shared/metrics/webhook-gauges.ts'
import type { CustodyContext } from './context.ts'
import { TRANSITIONS } from './transactions/status-machine.ts'
import { DEPOSIT_STATUSES } from './deposits/schema.ts'

const STATUSES = Object.keys(TRANSITIONS)
const WAITING = STATUSES.filter((s) => (TRANSITIONS as Record<string, readonly string[]>)[s]!.length > 0)

/** Custody's scrape-time series: transactions and deposits by status, the pipeline's queues, webhooks, the audit log. */
export function registerCustodyGauges(metrics: ServiceMetrics, ctx: Pick<CustodyContext, 'db' | 'clock'>): void {
  const byStatus = async () => {
    const rows = await ctx.db.selectFrom('transactions').select(['status', sql<string>`count(*)`.as('n')]).groupBy('status').execute()
    return new Map(rows.map((r) => [r.status as string, Number(r.n)]))
  }
  metrics.gauge('custos_custody_transactions', 'Custody transactions by status', ['status'], async (set) => {
    const counts = await byStatus()
    for (const status of STATUSES) set(counts.get(status) ?? 0, { status })
  })
  metrics.gauge('custos_custody_pipeline_queue_depth', 'Transactions waiting in each pipeline stage (every status that is not an end)', ['stage'], async (set) => {
    const counts = await byStatus()
    for (const stage of WAITING) set(counts.get(stage) ?? 0, { stage })
  })
  metrics.gauge('custos_custody_deposits', 'Incoming transfers to vaults by status', ['status'], async (set) => {
    const rows = await ctx.db.selectFrom('deposits').select(['status', sql<string>`count(*)`.as('n')]).groupBy('status').execute()
    const counts = new Map(rows.map((r) => [r.status as string, Number(r.n)]))
    for (const status of DEPOSIT_STATUSES) set(counts.get(status) ?? 0, { status })
  })
  registerWebhookGauges(metrics, ctx.db as Kysely<unknown>, ctx.clock)
  registerAuditGauges(metrics, ctx.db)
}
