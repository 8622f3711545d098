import { Type } from 'typebox'
import { sql, type Kysely } from 'kysely'
import type { HttpServer } from '../http/create-server.ts'
import { VERSION } from '../version.ts'
import type { ChainProbe } from './chain-probe.ts'

export const HealthResponse = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  service: Type.String(),
  version: Type.String(),
  chainId: Type.Integer(),
  database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  checks: Type.Object({ database: Type.Boolean(), chain: Type.Boolean() }),
})

export const LivenessResponse = Type.Object({ status: Type.Literal('ok'), service: Type.String(), version: Type.String() })

export interface HealthOptions {
  service: string
  db: Kysely<unknown>
  databaseKind: 'pglite' | 'postgres'
  chainId: number
  /** The chain check, cached by the probe: a probe every second costs no RPC call per probe. */
  chain: ChainProbe
}

/**
 * GET /health/live: the process answers (no dependency is asked, so a database
 * outage does not get the process restarted). GET /health/ready: the database
 * answers and the chain serves our chain id (checked at most every few
 * seconds); 503 otherwise, so a load balancer stops sending traffic.
 * GET /health is the readiness answer, kept for existing probes. All public.
 */
export function registerHealthRoute(app: HttpServer, opts: HealthOptions) {
  app.get(
    '/health/live',
    { config: { public: true }, schema: { tags: ['health'], summary: 'Liveness: the process answers', response: { 200: LivenessResponse } } },
    async () => ({ status: 'ok' as const, service: opts.service, version: VERSION }),
  )
  const routes = [
    ['/health/ready', 'Readiness: the database and the chain answer'],
    ['/health', 'Readiness (the same answer as /health/ready)'],
  ] as const
  for (const [path, summary] of routes) {
    app.get(path, { config: { public: true }, schema: { tags: ['health'], summary, response: { 200: HealthResponse, 503: HealthResponse } } }, async (_req, reply) => {
      const [database, chain] = await Promise.all([databaseAnswers(opts.db), opts.chain.check().then((c) => c.ok)])
      const ok = database && chain
      return reply.status(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'unavailable',
        service: opts.service,
        version: VERSION,
        chainId: opts.chainId,
        database: opts.databaseKind,
        checks: { database, chain },
      })
    })
  }
}

// A database that does not answer within 2 s counts as down (a pool waiting on an unreachable server would wait far longer).
async function databaseAnswers(db: Kysely<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 2000)))
  try {
    return await Promise.race([sql`select 1 as ok`.execute(db).then(() => true, () => false), timeout])
  } finally {
    clearTimeout(timer)
  }
}
