import { Type } from 'typebox'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import { requirePrincipal } from '../../../shared/auth/auth-plugin.ts'
import type { LookupKey } from '../../../shared/auth/verify-request.ts'
import type { CustodyContext } from '../../context.ts'
import { Problem } from '../../routes/schemas.ts'
import { listApiUsers, registerApiUser, revokeApiUser, serializeApiUser } from '../api-users.ts'
import { auditActor } from '../../../shared/auth/audit-actor.ts'

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem }
const ApiUser = Type.Object({
  apiKey: Type.String(),
  name: Type.String(),
  publicKeyPem: Type.String(),
  principalKeyId: Type.String(),
  status: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
})

/** Native (signed-request) admin routes that manage the Fireblocks API's users. */
export function registerApiUserRoutes(app: HttpServer, ctx: CustodyContext, deps: { lookupKey: LookupKey }) {
  app.post(
    '/v1/fireblocks/api-users',
    {
      config: { scopes: ['admin'] },
      schema: {
        tags: ['fireblocks'],
        summary: 'Register a Fireblocks API user: an RSA public key, acting as a custody API key',
        description: 'The answer holds `apiKey`: the X-API-Key (and JWT sub) of the user. Its private key never reaches custody.',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 100 }), publicKeyPem: Type.String({ minLength: 100, maxLength: 10_000 }), principalKeyId: Type.String({ minLength: 1, maxLength: 128 }) },
          { additionalProperties: false },
        ),
        response: { 201: ApiUser, ...errors },
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req)
      return reply.status(201).send(serializeApiUser(await registerApiUser(ctx, req.body, deps, auditActor(p), String(req.id), p)))
    },
  )

  app.get(
    '/v1/fireblocks/api-users',
    { config: { scopes: ['admin'] }, schema: { tags: ['fireblocks'], summary: 'Fireblocks API users', response: { 200: Type.Object({ items: Type.Array(ApiUser) }), ...errors } } },
    async () => ({ items: (await listApiUsers(ctx)).map(serializeApiUser) }),
  )

  app.post(
    '/v1/fireblocks/api-users/:apiKey/revoke',
    { config: { scopes: ['admin'] }, schema: { tags: ['fireblocks'], summary: 'Revoke a Fireblocks API user at once', params: Type.Object({ apiKey: Type.String({ maxLength: 64 }) }), response: { 200: ApiUser, ...errors } } },
    async (req) => serializeApiUser(await revokeApiUser(ctx, req.params.apiKey, auditActor(requirePrincipal(req)), String(req.id))),
  )
}
