import { Type } from 'typebox'
import type { Kysely } from 'kysely'
import { ForbiddenError, NotFoundError } from '../errors.ts'
import type { HttpServer } from '../http/create-server.ts'
import { requirePrincipal } from './auth-plugin.ts'
import { checkRoleSeparation, findPrincipal, listPrincipals, newPrincipalId, type PrincipalRecord, type RoleConflicts } from './principals.ts'
import type { Principal } from './verify-request.ts'

/** A proposed change to the principals, as a service's governance receives it. */
export type PrincipalChange =
  | { kind: 'PRINCIPAL_CREATE'; principalId: string; principal: { kind: 'person' | 'service'; name: string; roles: string[]; scopes: string[]; groups: string[] } }
  | { kind: 'PRINCIPAL_GRANT'; principalId: string; grant: { roles: string[]; scopes: string[]; groups: string[] } }

/** Opens the change under the service's admin quorum and returns the change request. */
export type ProposePrincipalChange = (change: PrincipalChange, by: { principal: Principal; correlationId: string }) => Promise<unknown>

const Name = Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' })
const PrincipalView = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  roles: Type.Array(Type.String()),
  scopes: Type.Array(Type.String()),
  groups: Type.Array(Type.String()),
  status: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
})

const view = (p: PrincipalRecord) => ({ ...p, createdAt: p.createdAt.toISOString() })

/**
 * Routes over the service's principals: list them, see oneself, and propose a new
 * principal or a grant of roles, scopes and groups. A proposal never takes effect at once:
 * it is a change request under the same admin quorum as a policy change (the requester
 * never counts). A service without a quorum (`propose` absent) refuses proposals: its
 * principals come from the bootstrap ceremony (`custos principals add`). Roles kept apart
 * (`roleConflicts`, read at each request: custody's follow its active policy) are refused
 * before anything is proposed.
 */
export function registerPrincipalRoutes(
  app: HttpServer,
  opts: { db: Kysely<any>; allowedScopes: readonly string[]; propose?: ProposePrincipalChange; roleConflicts?: RoleConflicts | (() => Promise<RoleConflicts>) },
) {
  const conflicts = async (): Promise<RoleConflicts | undefined> => (typeof opts.roleConflicts === 'function' ? opts.roleConflicts() : opts.roleConflicts)
  const Scope = Type.Union(opts.allowedScopes.map((s) => Type.Literal(s)))
  const tags = ['principals']
  const governed = (): ProposePrincipalChange => {
    if (!opts.propose) throw new ForbiddenError('PRINCIPALS_BY_CEREMONY', 'this service adds principals and grants roles only through the bootstrap ceremony (custos principals add)')
    return opts.propose
  }
  app.get('/v1/principals', { config: { scopes: ['admin'] }, schema: { tags, summary: 'List principals (people and services) with their roles', response: { 200: Type.Object({ items: Type.Array(PrincipalView) }) } } }, async () => ({
    items: (await listPrincipals(opts.db)).map(view),
  }))
  app.get('/v1/principals/me', { schema: { tags, summary: 'The principal the caller acts for', response: { 200: PrincipalView } } }, async (req) => {
    const p = requirePrincipal(req)
    const found = await findPrincipal(opts.db, p.principalId)
    if (!found) throw new NotFoundError('principal', p.principalId)
    return view(found)
  })
  app.post(
    '/v1/principals',
    {
      config: { scopes: ['admin'] },
      schema: {
        tags,
        summary: 'Propose a new principal (takes effect at the admin quorum)',
        body: Type.Object(
          {
            kind: Type.Union([Type.Literal('person'), Type.Literal('service')]),
            name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f]+$' }),
            roles: Type.Array(Name, { minItems: 1, maxItems: 8, uniqueItems: true }),
            scopes: Type.Array(Scope, { minItems: 1, uniqueItems: true }),
            groups: Type.Optional(Type.Array(Name, { uniqueItems: true, maxItems: 32 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req)
      checkRoleSeparation(req.body.roles, await conflicts())
      const principal = { kind: req.body.kind, name: req.body.name, roles: req.body.roles, scopes: req.body.scopes, groups: req.body.groups ?? [] }
      const cr = await governed()({ kind: 'PRINCIPAL_CREATE', principalId: newPrincipalId(), principal }, { principal: p, correlationId: String(req.id) })
      return reply.status(202).send(cr)
    },
  )
  app.post(
    '/v1/principals/:principalId/grants',
    {
      config: { scopes: ['admin'] },
      schema: {
        tags,
        summary: 'Propose granting roles, scopes or groups to a principal (takes effect at the admin quorum)',
        params: Type.Object({ principalId: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,128}$' }) }),
        body: Type.Object(
          {
            roles: Type.Optional(Type.Array(Name, { maxItems: 8, uniqueItems: true })),
            scopes: Type.Optional(Type.Array(Scope, { uniqueItems: true })),
            groups: Type.Optional(Type.Array(Name, { uniqueItems: true, maxItems: 32 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req)
      const target = await findPrincipal(opts.db, req.params.principalId)
      if (!target) throw new NotFoundError('principal', req.params.principalId)
      const grant = { roles: req.body.roles ?? [], scopes: req.body.scopes ?? [], groups: req.body.groups ?? [] }
      checkRoleSeparation([...target.roles, ...grant.roles], await conflicts())
      const cr = await governed()({ kind: 'PRINCIPAL_GRANT', principalId: target.id, grant }, { principal: p, correlationId: String(req.id) })
      return reply.status(202).send(cr)
    },
  )
}
