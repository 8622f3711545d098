import type { FastifyRequest } from 'fastify'
import { requirePrincipal } from '../auth/auth-plugin.ts'
import { sessionActor } from './console-context.ts'
import { auditActor } from '../auth/audit-actor.ts'

/**
 * The audit actor of an authenticated request: its principal, then the means,
 * `person:<principal>/session:<id>` for a console session, `person:<principal>/apikey:<key id>`
 * for a signed request (see audit-actor.ts).
 */
export function actorOfRequest(req: FastifyRequest): string {
  const p = requirePrincipal(req)
  return req.consoleSession ? sessionActor(req.consoleSession.principalId, req.consoleSession.id, p.principalKind) : auditActor(p)
}
