import type { Kysely } from 'kysely'
import { createHttpServer, type HttpServer } from '../shared/http/create-server.ts'
import { registerHealthRoute } from '../shared/service/health.ts'
import { VERSION } from '../shared/version.ts'
import type { PlatformContext } from './context.ts'

/** The platform HTTP API as a Fastify instance, built from a context. */
export async function buildPlatformApp(ctx: PlatformContext): Promise<HttpServer> {
  const app = await createHttpServer({
    title: 'Custos platform API',
    version: VERSION,
    description: 'Investors and KYC, tokens and offerings, issuance, compliant transfers, cap table, audit.',
    logger: ctx.logger,
  })
  registerHealthRoute(app, {
    service: 'platform',
    db: ctx.db as Kysely<unknown>,
    databaseKind: ctx.databaseKind,
    rpcUrl: ctx.chain.rpcUrl,
    chainId: ctx.chain.chainId,
  })
  return app
}
