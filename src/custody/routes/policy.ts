import { Type } from 'typebox'
import type { HttpServer } from '../../shared/http/create-server.ts'
import { requirePrincipal } from '../../shared/auth/auth-plugin.ts'
import type { CustodyContext } from '../context.ts'
import { dryRunPolicy } from '../governance/dry-run-policy.ts'
import { createPolicyDraft, describeActivePolicy, getPolicyVersion, listPolicyVersions, readPolicyInput } from '../governance/policy-store.ts'
import { ActivePolicy, ChangeRequest, DryRunResult, PolicyInput, PolicyVersion } from '../governance/route-schemas.ts'
import { Problem } from './schemas.ts'

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem }
const VersionParam = Type.Object({ version: Type.Integer({ minimum: 1 }) })
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'how many of the latest transactions to replay (default 1,000)' }))

/** The governed Transaction Authorization Policy: the active version, drafts, dry runs. */
export function registerPolicyRoutes(app: HttpServer, ctx: CustodyContext) {
  app.get(
    '/v1/policy',
    {
      config: { scopes: ['read'] },
      schema: { tags: ['policy'], summary: 'The policy in force, and the admins who approved it', response: { 200: ActivePolicy, ...errors } },
    },
    async () => describeActivePolicy(ctx),
  )

  app.get(
    '/v1/policy/versions',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['policy'],
        summary: 'Policy versions, newest first',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
        response: { 200: Type.Object({ items: Type.Array(PolicyVersion) }), ...errors },
      },
    },
    async (req) => ({ items: await listPolicyVersions(ctx, req.query.limit) }),
  )

  app.get(
    '/v1/policy/versions/:version',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['policy'],
        summary: 'One policy version, with the change request that activates (or activated) it',
        params: VersionParam,
        response: { 200: Type.Intersect([PolicyVersion, Type.Object({ changeRequest: Type.Union([ChangeRequest, Type.Null()]) })]), ...errors },
      },
    },
    async (req) => getPolicyVersion(ctx, req.params.version),
  )

  app.post(
    '/v1/policy/drafts',
    {
      config: { scopes: ['admin'] },
      schema: {
        tags: ['policy'],
        summary: 'Propose a new policy version (YAML or JSON); it takes effect once an admin quorum approves its change request',
        body: Type.Object({ ...PolicyInput, comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false }),
        response: { 201: Type.Object({ draft: PolicyVersion, changeRequest: ChangeRequest }), ...errors },
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req)
      const created = await createPolicyDraft(ctx, req.body, { keyId: p.keyId, correlationId: String(req.id) })
      return reply.status(201).send(created)
    },
  )

  app.post(
    '/v1/policy/versions/:version/dry-run',
    {
      config: { scopes: ['admin'] },
      schema: {
        tags: ['policy'],
        summary: 'Replay the latest transactions through a stored version and report which would be decided differently',
        params: VersionParam,
        body: Type.Optional(Type.Object({ limit: Limit }, { additionalProperties: false })),
        response: { 200: DryRunResult, ...errors },
      },
    },
    async (req) => {
      const v = await getPolicyVersion(ctx, req.params.version)
      return dryRunPolicy(ctx, readPolicyInput({ document: v.document }).document, { limit: req.body?.limit })
    },
  )

  app.post(
    '/v1/policy/dry-run',
    {
      config: { scopes: ['admin'] },
      schema: {
        tags: ['policy'],
        summary: 'Replay the latest transactions through a document (not stored) and report which would be decided differently',
        body: Type.Object({ ...PolicyInput, limit: Limit }, { additionalProperties: false }),
        response: { 200: DryRunResult, ...errors },
      },
    },
    async (req) => {
      const { limit, ...input } = req.body
      return dryRunPolicy(ctx, readPolicyInput(input).document, { limit })
    },
  )
}
