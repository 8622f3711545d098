import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** Seconds buckets from a millisecond HTTP answer to a many-block confirmation. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]

/** What the webhook delivery loop reports (shared/webhooks). */
export interface WebhookMetrics {
  /** One attempt ended: its outcome, and for a delivery how long after the event it arrived. */
  attempt(outcome: 'delivered' | 'retrying' | 'failed', lagSeconds: number): void
}

/** A gauge whose values are read when Prometheus scrapes (a query, a cached chain head). */
export type ScrapeGauge = (set: (value: number, labels?: Record<string, string>) => void) => Promise<void>

/**
 * The Prometheus metrics of one service instance. Each instance owns its
 * registry (no global one), so two services in one process (tests) never mix
 * their series. Scraped at GET /metrics.
 */
export interface ServiceMetrics {
  readonly registry: Registry
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>
  readonly webhooks: WebhookMetrics
  /** Time a custody transaction spent in a pipeline status before it moved on. */
  readonly pipelineStage: Histogram<'stage'>
  /** Adds a gauge read at scrape time; a failing read leaves the gauge empty rather than failing the scrape. */
  gauge(name: string, help: string, labelNames: string[], read: ScrapeGauge): void
}

export function createServiceMetrics(service: 'custody' | 'platform'): ServiceMetrics {
  const registry = new Registry()
  registry.setDefaultLabels({ service })
  collectDefaultMetrics({ register: registry, prefix: 'custos_' })
  const httpDuration = new Histogram({
    name: 'custos_http_request_duration_seconds',
    help: 'HTTP request latency by route template, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  const pipelineStage = new Histogram({
    name: 'custos_custody_pipeline_stage_seconds',
    help: 'Time a custody transaction spent in a status before moving on, by that status',
    labelNames: ['stage'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  const webhookAttempts = new Counter({
    name: 'custos_webhook_attempts_total',
    help: 'Webhook delivery attempts by outcome (delivered, retrying, failed for good)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  })
  const webhookLag = new Histogram({
    name: 'custos_webhook_delivery_lag_seconds',
    help: 'From an event being written to its webhook being delivered',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  })
  return {
    registry,
    httpDuration,
    pipelineStage,
    webhooks: {
      attempt(outcome, lagSeconds) {
        webhookAttempts.inc({ outcome })
        if (outcome === 'delivered') webhookLag.observe(Math.max(0, lagSeconds))
      },
    },
    gauge(name, help, labelNames, read) {
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          this.reset()
          await read((value, labels) => (labels ? this.set(labels, value) : this.set(value))).catch(() => {})
        },
      })
    },
  }
}
