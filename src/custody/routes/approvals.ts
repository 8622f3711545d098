import { Type } from 'typebox'
import type { HttpServer } from '../../shared/http/create-server.ts'
import { requirePrincipal } from '../../shared/auth/auth-plugin.ts'
import type { CustodyContext } from '../context.ts'
import { getApprovalState, voteOnTransaction } from '../approvals/approve-transaction.ts'
import { startApprovalSweeper } from '../approvals/sweep-approvals.ts'
import { getChangeRequest, listChangeRequests, voteOnChangeRequest } from '../governance/change-requests.ts'
import { ApprovalState, ChangeRequest } from '../governance/route-schemas.ts'
import { Problem } from './schemas.ts'
import type { ConsoleContext } from '../../shared/console/console-context.ts'
import { AssertionSchema } from '../../shared/console/console-routes.ts'
import { actorOfRequest } from '../../shared/console/request-actor.ts'
import { ForbiddenError } from '../../shared/errors.ts'
import { getApprovalRequest, voteWithPasskey } from '../approvals/approve-with-passkey.ts'
import { listPendingApprovals, listApprovalEvidence } from '../approvals/read-approvals.ts'

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem }
const Id = Type.Object({ id: Type.String({ maxLength: 64 }) })
const Comment = Type.Optional(Type.Object({ comment: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }))
const Vote = Type.Optional(
  Type.Object(
    {
      comment: Type.Optional(Type.String({ maxLength: 1000 })),
      assertion: Type.Optional(AssertionSchema),
    },
    { additionalProperties: false },
  ),
)
const AnyObject = Type.Record(Type.String(), Type.Unknown())

/**
 * Four-eyes approvals: of transactions waiting for authorisation (`approve` scope, in the
 * rule's group) and of admin change requests to the policy and the whitelist (`admin`
 * scope). Also runs the approval sweeper (expiry) while the app is open.
 */
export function registerApprovalRoutes(app: HttpServer, ctx: CustodyContext, consoleCtx: ConsoleContext) {
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
            'The key must be in the approval group the policy named; the initiator can never approve its own transaction; a key counts once (repeating a vote changes nothing). The approval that reaches the quorum queues the transaction for signing. From the console (a session), the vote must carry `assertion`: a passkey assertion whose challenge is the one GET /v1/transactions/{id}/approval-request gives for this decision; it is verified, kept with the vote and written to the audit log.',
          params: Id,
          body: Vote,
          response: { 200: ApprovalState, ...errors },
        },
      },
      async (req) => {
        const p = requirePrincipal(req)
        const assertion = req.body?.assertion
        if (req.consoleSession && !assertion) throw new ForbiddenError('PASSKEY_REQUIRED', 'a console vote must be signed with your passkey')
        if (assertion) {
          return voteWithPasskey(ctx, consoleCtx, req.params.id, {
            keyId: p.keyId,
            groups: p.groups,
            principalId: req.consoleSession?.principalId ?? p.keyId,
            sessionId: req.consoleSession?.id ?? null,
            actor: actorOfRequest(req),
            decision,
            comment: req.body?.comment,
            assertion,
            correlationId: String(req.id),
          })
        }
        return voteOnTransaction(ctx, req.params.id, { keyId: p.keyId, groups: p.groups, actor: actorOfRequest(req), decision, comment: req.body?.comment, correlationId: String(req.id) })
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
    '/v1/transactions/:id/approval-request',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['approvals'],
        summary: 'What an approver sees of a transaction, and the passkey challenge of each decision',
        description:
          'The view (source vault, destination and whether it is whitelisted or internal, custody’s decoding with the amount in units, the policy rule, the token compliance pre-check run now, the votes so far), its digest (SHA-256 of its canonical JSON), and for APPROVE and REJECT the statement {v, purpose, transactionId, decision, viewDigest} whose SHA-256 is the WebAuthn challenge.',
        params: Id,
        response: { 200: AnyObject, ...errors },
      },
    },
    async (req) => (await getApprovalRequest(ctx, req.params.id)) as unknown as Record<string, unknown>,
  )

  app.get(
    '/v1/approvals/pending',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['approvals'],
        summary: 'The approvals queue: transactions waiting for approval, oldest first, with what an approver must see',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }),
        response: { 200: Type.Object({ items: Type.Array(AnyObject) }), ...errors },
      },
    },
    async (req) => ({ items: await listPendingApprovals(ctx, { limit: req.query.limit }) }),
  )

  app.get(
    '/v1/transactions/:id/approvals/passkeys',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['approvals'],
        summary: 'The passkey evidence of the console votes on a transaction, for an auditor to verify (see docs/audit.md)',
        params: Id,
        response: { 200: Type.Object({ items: Type.Array(AnyObject) }), ...errors },
      },
    },
    async (req) => ({ items: await listApprovalEvidence(ctx, req.params.id) }),
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
          kind: Type.Optional(Type.Union(['POLICY_ACTIVATE', 'WHITELIST_ADD', 'WHITELIST_REMOVE', 'PRINCIPAL_CREATE', 'PRINCIPAL_GRANT'].map((s) => Type.Literal(s)))),
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
