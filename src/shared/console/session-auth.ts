import { timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ForbiddenError, UnauthorizedError } from '../errors.ts'
import type { Principal } from '../auth/verify-request.ts'
import type { ConsoleContext } from './console-context.ts'
import { csrfTokenOf, openSession, type ConsoleSession } from './sessions.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request was authenticated by a console session cookie instead of a signed request. */
    consoleSession?: ConsoleSession
  }
}

/** What installAuth asks of a second way to authenticate (console sessions). */
export interface SessionAuthenticator {
  /** The request carries this service's session cookie and no API key header. */
  claims(req: FastifyRequest): boolean
  /** The session's principal; 401 for no valid session, 403 for a state-changing request without the CSRF token. */
  authenticate(req: FastifyRequest): Promise<Principal>
}

export const CSRF_HEADER = 'x-csrf-token'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The session cookie's name: `__Host-` keeps it to this host, over HTTPS (or localhost), on path /. */
export const sessionCookieName = (service: string) => `__Host-custos-${service}`

/** The session token in the request's cookie for `service`, if any. */
export function sessionTokenOf(req: FastifyRequest, service: string): string | undefined {
  return cookie(req, sessionCookieName(service))
}

function cookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie
  if (typeof header !== 'string') return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

/** Sets the session cookie: http-only, Secure, SameSite=Strict, host-only; it lasts as long as the browser keeps it and the server accepts it. */
export function setSessionCookie(reply: FastifyReply, service: string, token: string): void {
  reply.header('set-cookie', `${sessionCookieName(service)}=${token}; Path=/; Secure; HttpOnly; SameSite=Strict`)
}

export function clearSessionCookie(reply: FastifyReply, service: string): void {
  reply.header('set-cookie', `${sessionCookieName(service)}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0`)
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

/**
 * Authenticates console requests by their session cookie, for installAuth: opens the
 * session (idle and absolute expiry), asks the principal directory who the principal is
 * now, and for a state-changing request requires the session's CSRF token in
 * `X-CSRF-Token` and, when the browser sends one, the console's own `Origin`. The
 * principal then meets the same scope checks as an API key.
 */
export function createSessionAuthenticator(ctx: ConsoleContext): SessionAuthenticator {
  const name = sessionCookieName(ctx.service)
  return {
    claims(req) {
      return req.headers['x-api-key'] === undefined && cookie(req, name) !== undefined
    },
    async authenticate(req) {
      const token = cookie(req, name) ?? ''
      const session = await openSession(ctx, token)
      if (!SAFE_METHODS.has(req.method)) {
        const sent = req.headers[CSRF_HEADER]
        if (typeof sent !== 'string' || !sameText(sent, csrfTokenOf(token))) throw new ForbiddenError('CSRF_TOKEN_INVALID', 'this change must come from the console itself (X-CSRF-Token missing or wrong)')
        const origin = req.headers.origin
        if (typeof origin === 'string' && origin !== ctx.relyingParty().origin) throw new ForbiddenError('CSRF_ORIGIN_INVALID', `requests from ${origin} may not change anything here`)
      }
      const principal = await ctx.directory.find(session.principalId)
      if (!principal) throw new UnauthorizedError('PRINCIPAL_DISABLED', 'your principal can no longer sign in')
      req.consoleSession = session
      return { keyId: principal.id, principalId: principal.id, principalKind: principal.kind ?? 'person', sessionId: session.id, role: principal.role, scopes: [...principal.scopes], groups: [...principal.groups] }
    },
  }
}
