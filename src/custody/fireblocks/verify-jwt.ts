import { createHash, createPublicKey, timingSafeEqual, verify } from 'node:crypto'
import type { ReplayCache } from '../../shared/auth/replay-cache.ts'
import type { RequestHeaders } from '../../shared/auth/verify-request.ts'
import { FIREBLOCKS_AUTH_CODES as C, unauthorized } from './fireblocks-errors.ts'
import type { ApiUserRow } from './api-users.ts'

/** A token lives at most this long (`exp - iat`): Fireblocks' SDK signs for 55 s. */
export const MAX_TOKEN_LIFETIME_SECONDS = 60
/** Clock difference tolerated on `iat` and `exp`. */
export const CLOCK_SKEW_SECONDS = 5

export interface FireblocksJwtClaims {
  uri: string
  nonce: string | number
  iat: number
  exp: number
  sub: string
  bodyHash: string
}

export interface VerifyFireblocksRequestParameters {
  headers: RequestHeaders
  /** Path and query exactly as on the request line. */
  url: string
  rawBody?: Uint8Array | string
  now: Date
  findUser(apiKey: string): Promise<ApiUserRow | undefined>
  replayCache: ReplayCache
}

const B64URL = /^[A-Za-z0-9_-]+$/

function header(headers: RequestHeaders, name: string): string | undefined {
  const v = headers[name]
  if (Array.isArray(v)) throw unauthorized(C.invalidTokenFormat, 'FIREBLOCKS_MALFORMED_HEADERS', `header ${name} appears more than once`)
  return v === undefined || v === '' ? undefined : v
}

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

/**
 * Authenticates a request as Fireblocks documents it: `X-API-Key` names the API user and
 * `Authorization: Bearer <JWT>` carries an RS256 token signed by the user's private key
 * with `uri` (path and query of this request), `nonce` (never seen before), `iat`, `exp`
 * (at most 60 s after `iat`), `sub` (the API key) and `bodyHash` (hex SHA-256 of the exact
 * body). The signature is checked before anything is remembered, so forged tokens cannot
 * fill the nonce store. Throws a 401 with Fireblocks' code; returns the API user.
 */
export async function verifyFireblocksRequest(p: VerifyFireblocksRequestParameters): Promise<{ user: ApiUserRow; claims: FireblocksJwtClaims }> {
  const apiKey = header(p.headers, 'x-api-key')
  const authorization = header(p.headers, 'authorization')
  if (!apiKey) throw unauthorized(C.missingApiKey, 'FIREBLOCKS_API_KEY_MISSING', 'X-API-Key is missing')
  if (!authorization) throw unauthorized(C.missingJwt, 'FIREBLOCKS_JWT_MISSING', 'Authorization: Bearer <JWT> is missing')
  const m = /^Bearer ([^\s]+)$/.exec(authorization)
  const parts = m?.[1]?.split('.') ?? []
  if (parts.length !== 3 || !parts.every((x) => B64URL.test(x))) throw unauthorized(C.invalidTokenFormat, 'FIREBLOCKS_JWT_MALFORMED', 'the Authorization header is not Bearer <JWT>')
  const [h, c, s] = parts as [string, string, string]
  const jose = decodeJson(h) as { alg?: unknown } | undefined
  if (jose?.alg !== 'RS256') throw unauthorized(C.invalidTokenFormat, 'FIREBLOCKS_JWT_ALGORITHM', 'the JWT must be signed with RS256')
  const claims = decodeJson(c) as Partial<FireblocksJwtClaims> | undefined
  if (!claims || typeof claims !== 'object') throw unauthorized(C.invalidTokenFormat, 'FIREBLOCKS_JWT_MALFORMED', 'the JWT payload is not a JSON object')

  const user = /^[A-Za-z0-9-]{1,64}$/.test(apiKey) ? await p.findUser(apiKey) : undefined
  if (!user) throw unauthorized(C.tokenNotAccepted, 'FIREBLOCKS_UNKNOWN_API_KEY', 'unknown API key')
  const signed = verify('RSA-SHA256', Buffer.from(`${h}.${c}`), createPublicKey(user.public_key_pem), Buffer.from(s, 'base64url'))
  if (!signed) throw unauthorized(C.invalidSignature, 'FIREBLOCKS_BAD_SIGNATURE', 'the JWT signature does not verify with this API user’s public key')

  if (claims.sub !== apiKey) throw unauthorized(C.wrongUser, 'FIREBLOCKS_WRONG_USER', 'the JWT sub is not the X-API-Key')
  if (claims.uri !== p.url) throw unauthorized(C.wrongUri, 'FIREBLOCKS_WRONG_URI', 'the JWT uri is not the path and query of this request')
  const bodyHash = createHash('sha256').update(p.rawBody ?? '').digest()
  const claimed = typeof claims.bodyHash === 'string' && /^[0-9a-fA-F]{64}$/.test(claims.bodyHash) ? Buffer.from(claims.bodyHash, 'hex') : Buffer.alloc(0)
  if (claimed.length !== 32 || !timingSafeEqual(claimed, bodyHash)) throw unauthorized(C.invalidSignature, 'FIREBLOCKS_BODY_HASH_MISMATCH', 'the JWT bodyHash does not match the request body')

  const nowS = p.now.getTime() / 1000
  if (!Number.isInteger(claims.iat) || !Number.isInteger(claims.exp)) throw unauthorized(C.invalidTokenFormat, 'FIREBLOCKS_JWT_MALFORMED', 'iat and exp must be whole seconds since the epoch')
  const iat = claims.iat!
  const exp = claims.exp!
  if (iat > nowS + CLOCK_SKEW_SECONDS) throw unauthorized(C.futureIat, 'FIREBLOCKS_JWT_FUTURE', 'the JWT iat is in the future')
  if (exp <= nowS - CLOCK_SKEW_SECONDS) throw unauthorized(C.expired, 'FIREBLOCKS_JWT_EXPIRED', 'the JWT has expired')
  if (exp <= iat || exp - iat > MAX_TOKEN_LIFETIME_SECONDS) throw unauthorized(C.tokenNotAccepted, 'FIREBLOCKS_JWT_LIFETIME', `a JWT may live at most ${MAX_TOKEN_LIFETIME_SECONDS} s (exp - iat)`)
  const nonce = claims.nonce
  if ((typeof nonce !== 'string' && typeof nonce !== 'number') || String(nonce).length === 0 || String(nonce).length > 200) {
    throw unauthorized(C.invalidTokenFormat, 'FIREBLOCKS_JWT_MALFORMED', 'the JWT nonce must be a string or number')
  }
  if (user.status !== 'ACTIVE') throw unauthorized(C.tokenNotAccepted, 'FIREBLOCKS_API_USER_REVOKED', 'this API user has been revoked')

  // Remembered until the token can no longer be accepted.
  const fresh = await p.replayCache.checkAndRemember(`fireblocks:${apiKey}:${String(nonce)}`, (exp + CLOCK_SKEW_SECONDS) * 1000 + 1, p.now.getTime())
  if (!fresh) throw unauthorized(C.tokenNotAccepted, 'FIREBLOCKS_NONCE_REPLAYED', 'this nonce was already used')
  return { user, claims: claims as FireblocksJwtClaims }
}
