import type { Kysely } from 'kysely'
import { createHttpServer, type HttpServer } from '../shared/http/create-server.ts'
import { registerHealthRoute } from '../shared/service/health.ts'
import { VERSION } from '../shared/version.ts'
import type { CustodyContext } from './context.ts'

/**
 * The custody HTTP API as a Fastify instance, built from a context so tests
 * can `inject` requests without a socket. Listening is main.ts's business.
 */
export async function buildCustodyApp(ctx: CustodyContext): Promise<HttpServer> {
  const app = await createHttpServer({
    title: 'Custos custody API',
    version: VERSION,
    description: 'Vaults, keys that never leave custody, policy-governed transactions, signed webhooks.',
    logger: ctx.logger,
  })
  registerHealthRoute(app, {
    service: 'custody',
    db: ctx.db as Kysely<unknown>,
    databaseKind: ctx.databaseKind,
    rpcUrl: ctx.chain.rpcUrl,
    chainId: ctx.chain.chainId,
  })
  return app
}
