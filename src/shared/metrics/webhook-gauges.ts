import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import { readWebhookBacklog } from '../webhooks/read-backlog.ts'
import type { WebhooksDB } from '../webhooks/schema.ts'
import type { ServiceMetrics } from './service-metrics.ts'

/** Webhook deliveries by status and the age of the oldest still pending (the delivery lag now). */
export function registerWebhookGauges(metrics: ServiceMetrics, db: Kysely<unknown>, clock: Clock): void {
  const read = () => readWebhookBacklog(db as Kysely<WebhooksDB>)
  metrics.gauge('custos_webhook_deliveries', 'Webhook deliveries in the table by status', ['status'], async (set) => {
    const { byStatus } = await read()
    for (const status of ['PENDING', 'DELIVERED', 'FAILED']) set(byStatus[status] ?? 0, { status })
  })
  metrics.gauge('custos_webhook_oldest_pending_seconds', 'Age of the oldest webhook delivery not yet delivered (0: none)', [], async (set) => {
    const { oldestPendingAt } = await read()
    set(oldestPendingAt ? Math.max(0, (clock.now().getTime() - oldestPendingAt.getTime()) / 1000) : 0)
  })
}
