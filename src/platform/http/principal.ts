import type { FastifyRequest } from 'fastify'
import { requirePrincipal } from '../../shared/auth/auth-plugin.ts'
import { ScopeMissingError } from '../../shared/auth/auth-errors.ts'
import type { Principal } from '../../shared/auth/verify-request.ts'
import { auditActor } from '../../shared/auth/audit-actor.ts'

/** The scopes platform keys can carry. */
export const PLATFORM_SCOPES = ['read', 'issuer', 'admin', 'compliance', 'audit', 'operate'] as const

/** The caller, who must hold at least one of `scopes` (403 AUTH_SCOPE_MISSING otherwise). */
export function requireAnyScope(req: FastifyRequest, scopes: readonly string[]): Principal {
  const p = requirePrincipal(req)
  if (!scopes.some((s) => p.scopes.includes(s))) throw new ScopeMissingError(scopes, [...scopes])
  return p
}

/** The audit actor of a request: its principal, then the key or session it used (see audit-actor.ts). */
export const actorOf = (p: Principal) => auditActor(p)
