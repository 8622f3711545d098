import { timingSafeEqual } from 'node:crypto'
import { AUTH_ERROR_CODES, authFailure } from './auth-errors.ts'
import type { ReplayCache } from './replay-cache.ts'
import { AUTH_HEADERS, ON_BEHALF_OF_PATTERN, computeSignature } from './sign-request.ts'
import { ipAllowed } from './ip-allow-list.ts'
import { ForbiddenError } from '../errors.ts'

const AUTH_ERROR_CODES_IP = 'AUTH_IP_NOT_ALLOWED'

/** Who made an authenticated request. */
export interface Principal {
  /** The key that signed (a console session: its principal's id). */
  keyId: string
  /** The person or service acting: four eyes counts these, not keys. */
  principalId: string
  /** Whether that principal is a person or a service (absent: not known, read as a person). */
  principalKind?: 'person' | 'service'
  /** A console session's id when the caller signed in with a passkey instead of signing with a key. */
  sessionId?: string
  role: string
  scopes: string[]
  /** Approval groups the key's holder belongs to. */
  groups: string[]
  /** The principal a service said (signed) it acts for, e.g. `platform:<principalId>`. */
  onBehalfOf?: string
}

/** The scope a service key needs to say whom it acts for. */
export const ACT_ON_BEHALF_SCOPE = 'act-on-behalf'

/** What verification needs to know about a key, secret included (server side only). */
export interface ApiKeyRecord {
  keyId: string
  principalId: string
  principalKind?: 'person' | 'service'
  role: string
  scopes: string[]
  groups: string[]
  secret: string
  status: 'active' | 'revoked'
  notBefore: Date | null
  expiresAt: Date | null
  /** Client addresses the key may be used from (CIDR blocks); null or absent: anywhere. */
  allowedCidrs?: string[] | null
}

export type LookupKey = (keyId: string) => Promise<ApiKeyRecord | undefined>

/** Default acceptance window either side of the server's clock. */
export const DEFAULT_WINDOW_MS = 30_000

export type RequestHeaders = Record<string, string | string[] | undefined>

export interface AuthHeaders {
  keyId: string
  timestamp: string
  timestampMs: number
  /** Lowercase hex, as used for replay detection. */
  signature: string
}

function single(headers: RequestHeaders, name: string): string | undefined {
  const v = headers[name]
  if (Array.isArray(v)) throw authFailure(AUTH_ERROR_CODES.malformedHeaders, `header ${name} appears more than once`)
  return v === undefined || v === '' ? undefined : v
}

/**
 * Reads and checks the three auth headers and the timestamp window, without
 * touching any key: cheap enough to run before the body is read.
 */
export function readAuthHeaders(headers: RequestHeaders, nowMs: number, windowMs: number = DEFAULT_WINDOW_MS): AuthHeaders {
  const keyId = single(headers, AUTH_HEADERS.keyId)
  const timestamp = single(headers, AUTH_HEADERS.timestamp)
  const signature = single(headers, AUTH_HEADERS.signature)
  if (keyId === undefined || timestamp === undefined || signature === undefined) {
    const missing = [
      keyId === undefined ? 'X-API-Key' : undefined,
      timestamp === undefined ? 'X-API-Timestamp' : undefined,
      signature === undefined ? 'X-API-Signature' : undefined,
    ].filter(Boolean)
    throw authFailure(AUTH_ERROR_CODES.missingHeaders, `missing ${missing.join(', ')}`)
  }
  if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(keyId)) throw authFailure(AUTH_ERROR_CODES.malformedHeaders, 'X-API-Key is not a key id')
  if (!/^[0-9]{1,16}$/.test(timestamp)) throw authFailure(AUTH_ERROR_CODES.malformedHeaders, 'X-API-Timestamp must be milliseconds since the Unix epoch')
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) throw authFailure(AUTH_ERROR_CODES.malformedHeaders, 'X-API-Signature must be 64 hex digits')
  const timestampMs = Number(timestamp)
  if (Math.abs(nowMs - timestampMs) > windowMs) {
    throw authFailure(AUTH_ERROR_CODES.timestampSkew, `X-API-Timestamp is more than ${Math.round(windowMs / 1000)} s from the server's time`)
  }
  return { keyId, timestamp, timestampMs, signature: signature.toLowerCase() }
}

export interface VerifyRequestParameters {
  headers: RequestHeaders
  /** HTTP method as received. */
  method: string
  /** Path and query exactly as on the request line. */
  url: string
  /** Exact body bytes; undefined or empty when there is none. */
  rawBody?: string | Uint8Array
  now: Date | number
  lookupKey: LookupKey
  replayCache: ReplayCache
  windowMs?: number
  /** The client's address, checked against the key's allow-list. */
  ip?: string
}

/**
 * Authenticates one signed request, or throws an UnauthorizedError with a
 * stable `AUTH_*` code. The signature is checked before the key's status so
 * that only a holder of the secret learns that a key is revoked or expired,
 * and before the replay cache so forged requests cannot fill it.
 *
 * @example
 * const principal = await verifyRequest({ headers: req.headers, method: req.method, url: req.originalUrl,
 *   rawBody: req.rawBody, now: clock.now(), lookupKey: store.lookupKey, replayCache })
 */
export async function verifyRequest(p: VerifyRequestParameters): Promise<Principal> {
  const nowMs = typeof p.now === 'number' ? p.now : p.now.getTime()
  const windowMs = p.windowMs ?? DEFAULT_WINDOW_MS
  const h = readAuthHeaders(p.headers, nowMs, windowMs)
  const onBehalfOf = single(p.headers, AUTH_HEADERS.onBehalfOf)
  if (onBehalfOf !== undefined && !ON_BEHALF_OF_PATTERN.test(onBehalfOf)) {
    throw authFailure(AUTH_ERROR_CODES.malformedHeaders, 'X-Custos-On-Behalf-Of must be <realm>:<principal id>')
  }
  const key = await p.lookupKey(h.keyId)
  if (!key) throw authFailure(AUTH_ERROR_CODES.unknownKey, 'unknown API key')

  // The on-behalf-of header is part of the signed bytes: added, removed or altered, the signature fails.
  const expected = Buffer.from(computeSignature(key.secret, h.timestamp, p.method, p.url, p.rawBody ?? '', onBehalfOf), 'hex')
  const given = Buffer.from(h.signature, 'hex')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw authFailure(AUTH_ERROR_CODES.badSignature, 'X-API-Signature does not match the request')
  }

  if (key.status === 'revoked') throw authFailure(AUTH_ERROR_CODES.keyRevoked, 'this API key has been revoked')
  if (key.notBefore && nowMs < key.notBefore.getTime()) throw authFailure(AUTH_ERROR_CODES.keyNotYetValid, 'this API key is not valid yet')
  if (key.expiresAt && nowMs >= key.expiresAt.getTime()) throw authFailure(AUTH_ERROR_CODES.keyExpired, 'this API key has expired')

  if (key.allowedCidrs && !(p.ip !== undefined && ipAllowed(key.allowedCidrs, p.ip))) {
    throw new ForbiddenError(AUTH_ERROR_CODES_IP, 'this API key may not be used from this address')
  }
  if (onBehalfOf !== undefined && !key.scopes.includes(ACT_ON_BEHALF_SCOPE)) {
    throw new ForbiddenError('AUTH_ON_BEHALF_NOT_ALLOWED', `this API key may not act on behalf of another principal (it lacks the ${ACT_ON_BEHALF_SCOPE} scope)`)
  }

  // Remembered until the timestamp itself falls out of the window; after that the skew check refuses it.
  const fresh = await p.replayCache.checkAndRemember(h.signature, h.timestampMs + windowMs + 1, nowMs)
  if (!fresh) throw authFailure(AUTH_ERROR_CODES.replayed, 'this request was already received')

  return { keyId: key.keyId, principalId: key.principalId, ...(key.principalKind ? { principalKind: key.principalKind } : {}), role: key.role, scopes: [...key.scopes], groups: [...key.groups], ...(onBehalfOf !== undefined ? { onBehalfOf } : {}) }
}

/** Scopes in `required` that `principal` lacks. */
export function missingScopes(principal: Principal, required: readonly string[]): string[] {
  return required.filter((s) => !principal.scopes.includes(s))
}
