import { CustosError, ForbiddenError, UnauthorizedError } from '../errors.ts'

/** Stable codes of every refusal the signed-request scheme can give. */
export const AUTH_ERROR_CODES = {
  missingHeaders: 'AUTH_MISSING_HEADERS',
  malformedHeaders: 'AUTH_MALFORMED_HEADERS',
  timestampSkew: 'AUTH_TIMESTAMP_SKEW',
  replayed: 'AUTH_REPLAYED',
  unknownKey: 'AUTH_UNKNOWN_KEY',
  keyRevoked: 'AUTH_KEY_REVOKED',
  keyNotYetValid: 'AUTH_KEY_NOT_YET_VALID',
  keyExpired: 'AUTH_KEY_EXPIRED',
  badSignature: 'AUTH_BAD_SIGNATURE',
  scopeMissing: 'AUTH_SCOPE_MISSING',
  rateLimited: 'RATE_LIMITED',
  replayCacheFull: 'AUTH_REPLAY_CACHE_FULL',
  invalidJson: 'INVALID_JSON',
  principalRequired: 'AUTH_REQUIRED',
} as const

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[keyof typeof AUTH_ERROR_CODES]

/** 401: the request could not be attributed to a valid key. */
export function authFailure(code: AuthErrorCode, message: string): UnauthorizedError {
  return new UnauthorizedError(code, message)
}

/** 403: the key is valid but lacks a scope the route requires. */
export class ScopeMissingError extends ForbiddenError {
  constructor(required: readonly string[], missing: readonly string[]) {
    super(AUTH_ERROR_CODES.scopeMissing, `this key lacks the scope(s) ${missing.join(', ')}`, { required: [...required], missing: [...missing] })
  }
}

/** 429: the key has spent its request budget; retry after `retryAfterSeconds`. */
export class RateLimitedError extends CustosError {
  override readonly name = 'RateLimitedError'
  readonly retryAfterSeconds: number
  constructor(retryAfterSeconds: number) {
    super(AUTH_ERROR_CODES.rateLimited, `too many requests for this key; retry after ${retryAfterSeconds} s`, {
      status: 429,
      retryable: true,
      details: { retryAfterSeconds },
    })
    this.retryAfterSeconds = retryAfterSeconds
  }
}

/** 400: a body declared as JSON is not JSON. */
export class InvalidJsonError extends CustosError {
  override readonly name = 'InvalidJsonError'
  constructor(message: string) {
    super(AUTH_ERROR_CODES.invalidJson, message, { status: 400 })
  }
}
