import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { CustosError } from '../errors.ts'

/** RFC 9457 problem details, with our stable `code`. */
export interface Problem {
  type: string
  title: string
  status: number
  code: string
  detail: string
  instance?: string
  correlationId?: string
  retryable?: boolean
  errors?: unknown[]
  [extra: string]: unknown
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

export function problemOf(err: unknown, req: FastifyRequest): Problem {
  const base = { instance: req.url, correlationId: String(req.id) }
  if (err instanceof CustosError) {
    const hidden = err.status >= 500 && !(err.status === 502 || err.status === 503)
    // Details first: they can never overwrite the fields a client relies on.
    return {
      ...(hidden ? {} : (err.details ?? {})),
      type: `https://custos.dev/problems/${err.code.toLowerCase().replace(/_/g, '-')}`,
      title: TITLES[err.status] ?? 'Error',
      status: err.status,
      code: err.code,
      detail: hidden ? 'internal error; quote the correlation id to an operator' : err.message,
      retryable: err.retryable,
      ...base,
    }
  }
  const fe = err as FastifyError & { validation?: unknown[]; validationContext?: string }
  if (fe?.validation) {
    return {
      type: 'https://custos.dev/problems/validation-failed',
      title: 'Bad Request',
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: fe.message,
      errors: fe.validation,
      ...base,
    }
  }
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = (fe.code ?? 'BAD_REQUEST').replace(/^FST_ERR_/, '').replace(/^CTP_/, '')
    return {
      type: `https://custos.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title: TITLES[fe.statusCode] ?? 'Error',
      status: fe.statusCode,
      code,
      detail: fe.message,
      ...base,
    }
  }
  return {
    type: 'https://custos.dev/problems/internal',
    title: 'Internal Server Error',
    status: 500,
    code: 'INTERNAL',
    detail: 'internal error; quote the correlation id to an operator',
    ...base,
  }
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type('application/problem+json').send(problem)
}
