import { Type } from 'typebox'
import type { HttpServer } from '../../shared/http/create-server.ts'
import { requirePrincipal } from '../../shared/auth/auth-plugin.ts'
import type { CustodyContext } from '../context.ts'
import { Address, Problem } from '../routes/schemas.ts'
import { placeHold } from './place-hold.ts'
import { getHold, listHolds } from './read-holds.ts'
import { releaseHolds } from './release-hold.ts'
import { serializeHold } from './schema.ts'
import { auditActor } from '../../shared/auth/audit-actor.ts'

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem }
const NStr = Type.Union([Type.String(), Type.Null()])
const Reason = Type.String({ minLength: 1, maxLength: 500 })

export const Hold = Type.Object({
  id: Type.String(),
  chainId: Type.Integer(),
  address: Type.String(),
  token: NStr,
  rule: Type.Union([Type.Literal('ON_HOLD'), Type.Literal('KYC_EXPIRED'), Type.Literal('ACCREDITATION_EXPIRED')]),
  reason: Type.String(),
  reference: NStr,
  active: Type.Boolean(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  releasedAt: NStr,
  releasedBy: NStr,
  releaseReason: NStr,
})

/** Address holds: stop every movement from or to an address at once, before the chain knows. */
export function registerHoldRoutes(app: HttpServer, ctx: CustodyContext) {
  app.get(
    '/v1/holds',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['holds'],
        summary: 'Address holds (active ones unless all=true)',
        querystring: Type.Object({ address: Type.Optional(Address), all: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Hold) }), ...errors },
      },
    },
    async (req) => ({ items: (await listHolds(ctx, req.query)).map(serializeHold) }),
  )

  app.get(
    '/v1/holds/:id',
    { config: { scopes: ['read'] }, schema: { tags: ['holds'], summary: 'One hold', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: Hold, ...errors } } },
    async (req) => serializeHold(await getHold(ctx, req.params.id)),
  )

  app.post(
    '/v1/holds',
    {
      config: { scopes: ['transact'] },
      schema: {
        tags: ['holds'],
        summary: 'Hold an address: no token movement from or to it is signed from now on (201 new, 200 already held)',
        body: Type.Object({ address: Address, token: Type.Optional(Address), rule: Type.Optional(Type.Union([Type.Literal('ON_HOLD'), Type.Literal('KYC_EXPIRED'), Type.Literal('ACCREDITATION_EXPIRED')])), reason: Reason, reference: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
        response: { 200: Hold, 201: Hold, ...errors },
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req)
      const { hold, created } = await placeHold(ctx, req.body, auditActor(p), String(req.id))
      return reply.status(created ? 201 : 200).send(serializeHold(hold))
    },
  )

  app.post(
    '/v1/holds/release',
    {
      config: { scopes: ['transact'] },
      schema: {
        tags: ['holds'],
        summary: 'Release a hold by id, or every active hold on an address (for one token when given)',
        body: Type.Object({ id: Type.Optional(Type.String({ maxLength: 64 })), address: Type.Optional(Address), token: Type.Optional(Address), reason: Reason }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Hold) }), ...errors },
      },
    },
    async (req) => {
      const p = requirePrincipal(req)
      return { items: (await releaseHolds(ctx, req.body, auditActor(p), String(req.id))).map(serializeHold) }
    },
  )
}
