import { sql, type Kysely } from 'kysely'
import type { WebhooksDB } from './schema.ts'

export interface WebhookBacklog {
  /** Deliveries by status (PENDING, DELIVERED, FAILED) still in the table (delivered ones age out). */
  byStatus: Record<string, number>
  /** When the oldest delivery still pending was created, if any. */
  oldestPendingAt: Date | null
}

/** What the delivery loop still has to do, for metrics. */
export async function readWebhookBacklog(db: Kysely<WebhooksDB>): Promise<WebhookBacklog> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select(['status', sql<string>`count(*)`.as('n'), sql<Date | null>`min(created_at) filter (where status = 'PENDING')`.as('oldest')])
    .groupBy('status')
    .execute()
  const byStatus: Record<string, number> = {}
  let oldestPendingAt: Date | null = null
  for (const r of rows) {
    byStatus[r.status] = Number(r.n)
    if (r.oldest) oldestPendingAt = new Date(r.oldest)
  }
  return { byStatus, oldestPendingAt }
}
