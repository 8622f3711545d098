import { Type } from 'typebox'
import type { HttpServer } from '../../shared/http/create-server.ts'
import { requirePrincipal } from '../../shared/auth/auth-plugin.ts'
import { ScopeMissingError } from '../../shared/auth/auth-errors.ts'
import type { CustodyContext } from '../context.ts'
import { ChangeRequest, WhitelistEntry } from '../governance/route-schemas.ts'
import { listWhitelist, requestWhitelistAdd, requestWhitelistRemove } from '../governance/whitelist-store.ts'
import { Address, Problem } from './schemas.ts'

/** Scopes that may ask for an address to be whitelisted (the quorum of admins still decides). */
const WHITELIST_REQUESTERS = ['admin', 'whitelist-request'] as const

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem }

/** The destination whitelist: read it, and ask (admin quorum) to add or remove an address. */
export function registerWhitelistRoutes(app: HttpServer, ctx: CustodyContext) {
  app.get(
    '/v1/whitelist',
    {
      config: { scopes: ['read'] },
      schema: { tags: ['whitelist'], summary: 'Addresses on the whitelist now', response: { 200: Type.Object({ items: Type.Array(WhitelistEntry) }), ...errors } },
    },
    async () => ({ items: await listWhitelist(ctx) }),
  )

  app.post(
    '/v1/whitelist',
    {
      config: { scopes: [] },
      schema: {
        tags: ['whitelist'],
        summary: 'Ask to whitelist an address; effective once an admin quorum approves the change request (scope admin or whitelist-request)',
        description: 'A key with the whitelist-request scope (the platform asking for an investor’s withdrawal address) may open the request, never approve it: the admin quorum decides. 409 WHITELIST_ENTRY_EXISTS (listed already), CHANGE_REQUEST_PENDING (with changeRequestId).',
        body: Type.Object({ address: Address, label: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 202: ChangeRequest, ...errors },
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req)
      if (!WHITELIST_REQUESTERS.some((s) => p.scopes.includes(s))) throw new ScopeMissingError(WHITELIST_REQUESTERS, [...WHITELIST_REQUESTERS])
      return reply.status(202).send(await requestWhitelistAdd(ctx, req.body, { keyId: p.keyId, correlationId: String(req.id) }))
    },
  )

  app.delete(
    '/v1/whitelist/:address',
    {
      config: { scopes: ['admin'] },
      schema: {
        tags: ['whitelist'],
        summary: 'Ask to remove an address from the whitelist; effective once an admin quorum approves',
        params: Type.Object({ address: Address }),
        response: { 202: ChangeRequest, ...errors },
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req)
      return reply.status(202).send(await requestWhitelistRemove(ctx, req.params.address, { keyId: p.keyId, correlationId: String(req.id) }))
    },
  )
}
