import type { Clock } from '../../shared/clock.ts'
import type { ServiceMetrics } from '../../shared/metrics/service-metrics.ts'
import { readAuditLogStats } from './read-stats.ts'
import type { AuditDb } from './schema.ts'

/** The audit log's size and how long ago a checkpoint of it was last confirmed on-chain. */
export function registerAuditGauges(metrics: ServiceMetrics, db: AuditDb, clock: Clock): void {
  metrics.gauge('custos_audit_log_entries', 'Entries in the audit log', [], async (set) => set(Number((await readAuditLogStats(db)).entries)))
  metrics.gauge('custos_audit_last_anchor_age_seconds', 'Seconds since the newest checkpoint confirmed on-chain was made (absent before the first)', [], async (set) => {
    const { lastAnchoredAt } = await readAuditLogStats(db)
    if (lastAnchoredAt) set((clock.now().getTime() - lastAnchoredAt.getTime()) / 1000)
  })
}
