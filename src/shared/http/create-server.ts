import Fastify, { LogController, type FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { randomUUID } from 'node:crypto'
import type { Logger } from '../logger.ts'
import { problemOf, sendProblem } from './problem.ts'
import { CUSTOS_FORMATS } from './amount.ts'
import { assertSaneInput } from './input-guard.ts'
import { applySecurityHeaders } from './security-headers.ts'
import type { TlsMaterial } from './tls.ts'
import { Problem } from './problem-schema.ts'
import { refineDocument, refineRoute, type SecurityRequirement } from './openapi-document.ts'

export type HttpServer = FastifyInstance<any, any, any, Logger, TypeBoxTypeProvider>

export interface HttpServerOptions {
  title: string
  version: string
  description: string
  logger: Logger
  /** OpenAPI security schemes the service accepts. */
  securitySchemes?: Record<string, unknown>
  /**
   * Which schemes an authenticated route takes (alternatives OR-ed; default: every scheme
   * of `securitySchemes` together). Public routes (`config.public`) document none.
   */
  security?: (route: { url: string; method: string; isPublic: boolean }) => SecurityRequirement[]
  /** OpenAPI `servers` (default: the origin the document is served from). */
  servers?: { url: string; description?: string }[]
  /** Serve HTTPS (TLS 1.3 only) with this certificate; with `clientCa`, only to clients presenting a certificate it signed. */
  tls?: TlsMaterial
  /**
   * Behind a reverse proxy: `true`, or the proxies' addresses/CIDRs, so the client address
   * (IP allow-lists, security events) and protocol (HSTS) come from X-Forwarded-For/-Proto.
   */
  trustProxy?: boolean | string | string[]
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
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false, formats: { ...CUSTOS_FORMATS } } },
    bodyLimit: 1024 * 1024,
    // Path parameters carry ids up to 200 characters (externalTxId), percent-encoded: Fastify's
    // default of 100 answered 414 to a lookup by a long external id.
    routerOptions: { maxParamLength: 1024 },
    // Errors Fastify raises before routing (an over-long parameter, an undecodable URL) are problems too.
    frameworkErrors: (err, req, reply) => {
      const problem = problemOf(err, req)
      req.log.info({ code: problem.code, status: problem.status }, problem.detail)
      void sendProblem(reply, problem)
    },
    trustProxy: opts.trustProxy ?? false,
    ...(opts.tls
      ? {
          https: {
            cert: opts.tls.cert,
            key: opts.tls.key,
            minVersion: 'TLSv1.3' as const,
            ...(opts.tls.clientCa ? { ca: opts.tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
          },
        }
      : {}),
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.addHook('onSend', async (req, reply) => {
    reply.header(CORRELATION_HEADER, req.id)
    applySecurityHeaders(req, reply)
  })
  // After authentication (preValidation, installAuth) and schema validation: what a schema
  // cannot say about every string and number of every route. 400, and the handler never runs.
  app.addHook('preHandler', async (req) => {
    assertSaneInput(req.params, 'params')
    assertSaneInput(req.query, 'query')
    assertSaneInput(req.body, 'body')
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

  const everyScheme = Object.fromEntries(Object.keys(opts.securitySchemes ?? {}).map((k) => [k, [] as string[]]))
  const refinement = {
    security: opts.security ?? ((route: { isPublic: boolean }) => (route.isPublic ? [] : [everyScheme])),
    problem: Problem as never,
    servers: opts.servers ?? [{ url: '/', description: 'the origin this document is served from' }],
  }
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      // The project's licence (package.json), SPDX-identified as OpenAPI 3.1 allows.
      info: { title: opts.title, version: opts.version, description: opts.description, license: { name: 'Apache 2.0', identifier: 'Apache-2.0' } },
      components: { securitySchemes: (opts.securitySchemes ?? {}) as never },
    },
    transform: refineRoute(refinement) as never,
    transformObject: refineDocument(refinement) as never,
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  return app as unknown as HttpServer
}
