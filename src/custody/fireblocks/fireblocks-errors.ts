import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { CustosError } from '../../shared/errors.ts'

/**
 * An error of the Fireblocks-compatible API. Its body is Fireblocks' `{message, code}`:
 * `code` is Fireblocks' documented number where there is one (-1 … -12 for
 * authentication, 1004 unknown vault account, 1006 unknown asset), otherwise
 * custody's own stable code; `custosCode` always carries custody's code.
 */
export class FireblocksApiError extends CustosError {
  override readonly name = 'FireblocksApiError'
  readonly fireblocksCode: number | string
  constructor(status: number, fireblocksCode: number | string, custosCode: string, message: string, details?: Record<string, unknown>) {
    super(custosCode, message, { status, details })
    this.fireblocksCode = fireblocksCode
  }
}

/** Fireblocks' documented authentication error codes. */
export const FIREBLOCKS_AUTH_CODES = {
  invalidSignature: -1,
  missingApiKey: -2,
  missingJwt: -3,
  wrongUri: -4,
  invalidTokenFormat: -5,
  wrongUser: -6,
  tokenNotAccepted: -7,
  insufficientPermissions: -8,
  expired: -10,
  futureIat: -12,
} as const

export const unauthorized = (code: number, custosCode: string, message: string) => new FireblocksApiError(401, code, custosCode, message)

/** Custody's codes that have a Fireblocks counterpart. */
const KNOWN: Record<string, number> = {
  VAULT_ACCOUNT_NOT_FOUND: 1004,
  ASSET_NOT_FOUND: 1006,
}

export interface FireblocksErrorBody {
  message: string
  code: number | string
  custosCode: string
  correlationId: string
}

/** Renders any error thrown under the Fireblocks prefix as Fireblocks does: `{message, code}`, application/json. */
export function sendFireblocksError(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const correlationId = String(req.id)
  let status = 500
  let body: FireblocksErrorBody
  if (err instanceof FireblocksApiError) {
    status = err.status
    body = { message: err.message, code: err.fireblocksCode, custosCode: err.code, correlationId }
  } else if (err instanceof CustosError) {
    status = err.status
    const hidden = status >= 500 && status !== 502 && status !== 503
    const notFound = err.code === 'NOT_FOUND' ? `${String(err.details?.resource ?? '').toUpperCase().replace(/ /g, '_')}_NOT_FOUND` : err.code
    body = { message: hidden ? 'internal error; quote the correlation id to an operator' : err.message, code: KNOWN[notFound] ?? notFound, custosCode: err.code, correlationId }
  } else if ((err as FastifyError)?.validation) {
    status = 400
    body = { message: (err as FastifyError).message, code: 'VALIDATION_FAILED', custosCode: 'VALIDATION_FAILED', correlationId }
  } else if (typeof (err as FastifyError)?.statusCode === 'number' && (err as FastifyError).statusCode! < 500) {
    status = (err as FastifyError).statusCode!
    body = { message: (err as FastifyError).message, code: (err as FastifyError).code ?? 'BAD_REQUEST', custosCode: (err as FastifyError).code ?? 'BAD_REQUEST', correlationId }
  } else {
    body = { message: 'internal error; quote the correlation id to an operator', code: 'INTERNAL', custosCode: 'INTERNAL', correlationId }
  }
  if (status >= 500) req.log.error({ err, correlationId }, 'fireblocks api error')
  return reply.status(status).type('application/json').send(body)
}
