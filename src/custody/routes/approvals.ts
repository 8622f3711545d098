import { Type } from 'typebox'
import type { HttpServer } from '../../shared/http/create-server.ts'
import { requirePrincipal } from '../../shared/auth/auth-plugin.ts'
import type { CustodyContext } from '../context.ts'
import { getApprovalState, voteOnTransaction } from '../approvals/approve-transaction.ts'
import { startApprovalSweeper } from '../approvals/sweep-approvals.ts'
import { getChangeRequest, listChangeRequests, voteOnChangeRequest } from '../governance/change-requests.ts'
import { ApprovalState, ChangeRequest } from '../governance/route-schemas.ts'
import { Problem } from './schemas.ts'

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem }
const Id = Type.Object({ id: Type.String({ maxLength: 64 }) })
const Comment = Type.Optional(Type.Object({ comment: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }))

/**
 * Four-eyes approvals: of transactions waiting for authorisation (`approve` scope, in the
 * rule's group) and of admin change requests to the policy and the whitelist (`admin`
 * scope). Also runs the approval sweeper (expiry) while the app is open.
 */
export function registerApprovalRoutes(app: HttpServer, ctx: CustodyContext) {
  const sweeper = startApprovalSweeper(ctx)
  app.addHook('onClose', async () => {
    await sweeper.stop()
  })

  for (const decision of ['APPROVE', 'REJECT'] as const) {
    app.post(
      `/v1/transactions/:id/${decision === 'APPROVE' ? 'approve' : 'reject'}`,
      {
        config: { scopes: ['approve'] },
        schema: {
          tags: ['approvals'],
          summary: decision === 'APPROVE' ? 'Approve a transaction waiting for authorisation' : 'Reject a transaction waiting for authorisation (one rejection ends it)',
          description:
            'The key must be in the approval group the policy named; the initiator can never approve its own transaction; a key counts once (repeating a vote changes nothing). The approval that reaches the quorum queues the transaction for signing.',
          params: Id,
          body: Comment,
          response: { 200: ApprovalState, ...errors },
        },
      },
      async (req) => {
        const p = requirePrincipal(req)
        return voteOnTransaction(ctx, req.params.id, { keyId: p.keyId, groups: p.groups, decision, comment: req.body?.comment, correlationId: String(req.id) })
      },
    )
  }

  app.get(
    '/v1/transactions/:id/approvals',
    {
      config: { scopes: ['read'] },
      schema: { tags: ['approvals'], summary: 'The policy decision on a transaction and the votes cast on it', params: Id, response: { 200: ApprovalState, ...errors } },
    },
    async (req) => getApprovalState(ctx, req.params.id),
  )

  app.get(
    '/v1/change-requests',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['approvals'],
        summary: 'Admin change requests (policy versions, whitelist), newest first',
        querystring: Type.Object({
          status: Type.Optional(Type.Union(['PENDING', 'APPLIED', 'REJECTED', 'EXPIRED'].map((s) => Type.Literal(s)))),
          kind: Type.Optional(Type.Union(['POLICY_ACTIVATE', 'WHITELIST_ADD', 'WHITELIST_REMOVE'].map((s) => Type.Literal(s)))),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(ChangeRequest) }), ...errors },
      },
    },
    async (req) => ({ items: await listChangeRequests(ctx, req.query as Parameters<typeof listChangeRequests>[1]) }),
  )

  app.get(
    '/v1/change-requests/:id',
    { config: { scopes: ['read'] }, schema: { tags: ['approvals'], summary: 'One admin change request with its votes', params: Id, response: { 200: ChangeRequest, ...errors } } },
    async (req) => getChangeRequest(ctx, req.params.id),
  )

  for (const decision of ['APPROVE', 'REJECT'] as const) {
    app.post(
      `/v1/change-requests/:id/${decision === 'APPROVE' ? 'approve' : 'reject'}`,
      {
        config: { scopes: ['admin'] },
        schema: {
          tags: ['approvals'],
          summary: decision === 'APPROVE' ? 'Approve an admin change request (applied when the quorum is reached)' : 'Reject an admin change request (one rejection closes it)',
          description: 'Approvals count once per admin key and never from the requester.',
          params: Id,
          body: Comment,
          response: { 200: ChangeRequest, ...errors },
        },
      },
      async (req) => {
        const p = requirePrincipal(req)
        return voteOnChangeRequest(ctx, req.params.id, { keyId: p.keyId, decision, comment: req.body?.comment, correlationId: String(req.id) })
      },
    )
  }
}
