import type { Kysely } from 'kysely'
import { registerAuditGauges } from '../audit/log/audit-gauges.ts'
import type { ServiceMetrics } from '../shared/metrics/service-metrics.ts'
import { registerWebhookGauges } from '../shared/metrics/webhook-gauges.ts'
import type { ChainProbe } from '../shared/service/chain-probe.ts'
import type { PlatformContext } from './context.ts'
import { readWorkflowBacklog } from './engine/read-backlog.ts'
import { readIndexerHead } from './modules/indexer/public.ts'

/** The platform's scrape-time series: workflow backlog, indexer lag behind the chain head, webhooks, the audit log. */
export function registerPlatformGauges(metrics: ServiceMetrics, ctx: Pick<PlatformContext, 'db' | 'clock'>, chain: ChainProbe): void {
  metrics.gauge('custos_platform_workflows', 'Workflows not finished, by kind and status (ACTIVE or FAILED)', ['kind', 'status'], async (set) => {
    for (const r of await readWorkflowBacklog(ctx.db)) set(r.count, { kind: r.kind, status: r.status })
  })
  metrics.gauge('custos_platform_indexer_lag_blocks', 'Blocks the chain indexer is behind the chain head (head checked at most every 5 s)', [], async (set) => {
    const [{ blockNumber }, head] = await Promise.all([chain.check(), readIndexerHead(ctx.db)])
    if (blockNumber !== null) set(Number(blockNumber - (head.number ?? 0n)))
  })
  registerWebhookGauges(metrics, ctx.db as Kysely<unknown>, ctx.clock)
  registerAuditGauges(metrics, ctx.db)
}
