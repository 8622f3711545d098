import Fastify, { LogController, type FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { randomUUID } from 'node:crypto'
import type { Logger } from '../logger.ts'
import { problemOf, sendProblem } from './problem.ts'

export type HttpServer = FastifyInstance<any, any, any, Logger, TypeBoxTypeProvider>

export interface HttpServerOptions {
  title: string
  version: string
  description: string
  logger: Logger
  /** Extra OpenAPI security schemes and the global requirement. */
  securitySchemes?: Record<string, unknown>
}

const CORRELATION_HEADER = 'x-correlation-id'

/**
 * A Fastify instance with our conventions: TypeBox schemas that validate,
 * serialise and document each route; OpenAPI at /openapi.json and Swagger UI
 * at /docs; every error as application/problem+json with a stable code; a
 * correlation id taken from X-Correlation-Id (or made) and echoed back.
 */
export async function createHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const app = Fastify({
    loggerInstance: opts.logger,
    genReqId: (req) => {
      const given = req.headers[CORRELATION_HEADER]
      return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID()
    },
    logController: new LogController({ requestIdLogLabel: 'correlationId' }),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.addHook('onSend', async (req, reply) => {
    reply.header(CORRELATION_HEADER, req.id)
  })

  app.setErrorHandler((err, req, reply) => {
    const problem = problemOf(err, req)
    if (problem.status >= 500) req.log.error({ err }, 'request failed')
    else req.log.info({ code: problem.code, status: problem.status }, problem.detail)
    return sendProblem(reply, problem)
  })
  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, {
      type: 'https://custos.dev/problems/route-not-found',
      title: 'Not Found',
      status: 404,
      code: 'ROUTE_NOT_FOUND',
      detail: `no route ${req.method} ${req.url.split('?')[0]}`,
      instance: req.url,
      correlationId: String(req.id),
    }),
  )

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: opts.title, version: opts.version, description: opts.description },
      components: { securitySchemes: (opts.securitySchemes ?? {}) as never },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  return app as unknown as HttpServer
}
