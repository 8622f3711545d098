import { Type } from 'typebox'
import { sql, type Kysely } from 'kysely'
import type { HttpServer } from '../http/create-server.ts'
import { readChainId } from '../../chain/clients.ts'
import { VERSION } from '../version.ts'

export const HealthResponse = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  service: Type.String(),
  version: Type.String(),
  chainId: Type.Integer(),
  database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  checks: Type.Object({ database: Type.Boolean(), chain: Type.Boolean() }),
})

/** GET /health: 200 when the database and the chain answer, 503 otherwise. Public. */
export function registerHealthRoute(app: HttpServer, opts: { service: string; db: Kysely<unknown>; databaseKind: 'pglite' | 'postgres'; rpcUrl: string; chainId: number }) {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: { tags: ['health'], summary: 'Liveness and readiness', response: { 200: HealthResponse, 503: HealthResponse } },
    },
    async (_req, reply) => {
      const database = await sql`select 1 as ok`.execute(opts.db).then(() => true, () => false)
      const chain = await readChainId(opts.rpcUrl).then((id) => id === opts.chainId, () => false)
      const ok = database && chain
      return reply.status(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'unavailable',
        service: opts.service,
        version: VERSION,
        chainId: opts.chainId,
        database: opts.databaseKind,
        checks: { database, chain },
      })
    },
  )
}
