import type { HttpServer } from '../http/create-server.ts'
import type { ServiceMetrics } from './service-metrics.ts'

/**
 * Times every request by its route template (`/v1/transactions/:id`, never
 * the raw URL, so the series stay few) and serves the registry at GET /metrics,
 * public like /health: put it behind the network, not the API keys.
 */
export function registerMetrics(app: HttpServer, metrics: ServiceMetrics): void {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched'
    if (route === '/metrics') return
    metrics.httpDuration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000)
  })
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    const body = await metrics.registry.metrics()
    return reply.type(metrics.registry.contentType).send(body)
  })
}
