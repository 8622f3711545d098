import type { ServiceMetrics } from '../../shared/metrics/service-metrics.ts'
import { readAuditLogStats } from './read-stats.ts'
import type { AuditDb } from './schema.ts'

/** The audit log's size and how long ago a checkpoint of it was last confirmed on-chain. */
export function registerAuditGauges(metrics: ServiceMetrics, db: AuditDb): void {
  metrics.gauge('custos_audit_log_entries', 'Entries in the audit log', [], async (set) => set(Number((await readAuditLogStats(db)).entries)))
  // A timestamp rather than an age, so "never anchored" (0) cannot read as "just anchored": the age is time() - this.
  metrics.gauge('custos_audit_last_anchor_timestamp_seconds', 'Unix time of the newest checkpoint confirmed on-chain (0: none yet); its age is time() minus this', [], async (set) => {
    const { lastAnchoredAt } = await readAuditLogStats(db)
    set(lastAnchoredAt ? lastAnchoredAt.getTime() / 1000 : 0)
  })
}
