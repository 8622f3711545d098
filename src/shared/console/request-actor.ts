import type { FastifyRequest } from 'fastify'
import { requirePrincipal } from '../auth/auth-plugin.ts'
import { sessionActor } from './console-context.ts'

/**
 * The audit actor of an authenticated request: `console:<principal>/session:<id>` for a
 * console session, `apikey:<key id>` for a signed request.
 */
export function actorOfRequest(req: FastifyRequest): string {
  const p = requirePrincipal(req)
  return req.consoleSession ? sessionActor(req.consoleSession.principalId, req.consoleSession.id) : `apikey:${p.keyId}`
}
