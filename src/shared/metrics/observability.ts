import type { ChainProbe } from '../service/chain-probe.ts'
import type { ServiceMetrics } from './service-metrics.ts'

/** What a service's HTTP app needs to serve /metrics and /health/*: one of each per service instance. */
export interface Observability {
  metrics: ServiceMetrics
  chainProbe: ChainProbe
}
