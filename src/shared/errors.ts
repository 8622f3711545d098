/**
 * The one error base class. Every error we throw on purpose is a CustosError
 * with a stable machine `code`, the HTTP status it maps to, and whether the
 * same request may succeed if retried unchanged.
 *
 * @example
 * throw new NotFoundError('vault', id)
 */
export class CustosError extends Error {
  override readonly name: string = 'CustosError'
  readonly code: string
  readonly status: number
  readonly retryable: boolean
  readonly details: Record<string, unknown> | undefined

  constructor(
    code: string,
    message: string,
    opts: { status?: number; retryable?: boolean; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause })
    this.code = code
    this.status = opts.status ?? 500
    this.retryable = opts.retryable ?? false
    this.details = opts.details
  }
}

export class ValidationError extends CustosError {
  override readonly name = 'ValidationError'
  constructor(message: string, details?: Record<string, unknown>) {
    super('VALIDATION_FAILED', message, { status: 400, details })
  }
}

export class ConfigError extends CustosError {
  override readonly name = 'ConfigError'
  constructor(message: string, details?: Record<string, unknown>) {
    super('CONFIG_INVALID', message, { status: 500, details })
  }
}

export class NotFoundError extends CustosError {
  override readonly name = 'NotFoundError'
  constructor(resource: string, id: string) {
    super('NOT_FOUND', `${resource} ${id} does not exist`, { status: 404, details: { resource, id } })
  }
}

export class ConflictError extends CustosError {
  override readonly name = 'ConflictError'
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, { status: 409, details })
  }
}

export class UnauthorizedError extends CustosError {
  override readonly name = 'UnauthorizedError'
  constructor(code: string, message: string) {
    super(code, message, { status: 401 })
  }
}

export class ForbiddenError extends CustosError {
  override readonly name = 'ForbiddenError'
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, { status: 403, details })
  }
}

export class ChainError extends CustosError {
  override readonly name = 'ChainError'
  constructor(code: string, message: string, opts: { cause?: unknown; retryable?: boolean; details?: Record<string, unknown> } = {}) {
    super(code, message, { status: 502, retryable: opts.retryable ?? true, cause: opts.cause, details: opts.details })
  }
}

export function isCustosError(err: unknown): err is CustosError {
  return err instanceof CustosError
}
