import { auditActor } from '../../shared/auth/audit-actor.ts'
import { Type } from 'typebox'
import type { HttpServer } from '../../shared/http/create-server.ts'
import { requirePrincipal } from '../../shared/auth/auth-plugin.ts'
import type { CustodyContext } from '../context.ts'
import { TX_STATUSES } from '../db/schema.ts'
import { Intent } from '../transactions/check-intent.ts'
import { createTransaction, initiatorOf } from '../transactions/create-transaction.ts'
import { cancelTransaction } from '../transactions/cancel-transaction.ts'
import { getTransactionRow, listTransactions } from '../transactions/read-transactions.ts'
import { serializeTransaction } from '../transactions/serialize.ts'
import { readTransactionTimeline } from '../transactions/read-timeline.ts'
import { Address, Amount, Page, Problem, Transaction } from './schemas.ts'

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
const Status = Type.Union(TX_STATUSES.map((s) => Type.Literal(s)))

export function registerTransactionRoutes(app: HttpServer, ctx: CustodyContext) {
  app.post(
    '/v1/transactions',
    {
      config: { scopes: ['transact'] },
      schema: {
        tags: ['transactions'],
        summary: 'Submit a transaction (idempotent by externalTxId)',
        description:
          'The same externalTxId with the same body returns the existing transaction (200); with another body it is refused (409). `intent`, if given, must match what custody decodes from the calldata (422 otherwise).',
        body: Type.Object(
          {
            externalTxId: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._:/-]+$' }),
            sourceVaultId: Type.String({ minLength: 1, maxLength: 64 }),
            to: Address,
            data: Type.Optional(Type.String({ pattern: '^0x([0-9a-fA-F]{2})*$', maxLength: 200_000 })),
            value: Type.Optional(Amount),
            intent: Type.Optional(Intent),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Transaction, 201: Transaction, ...errors },
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req)
      const { transaction, created } = await createTransaction(ctx, { initiator: initiatorOf(p), input: req.body, correlationId: String(req.id) })
      return reply.status(created ? 201 : 200).send(serializeTransaction(transaction))
    },
  )

  app.get(
    '/v1/transactions',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['transactions'],
        summary: 'List transactions (newest first) or find one by externalTxId',
        querystring: Type.Object({
          externalTxId: Type.Optional(Type.String({ maxLength: 200 })),
          status: Type.Optional(Status),
          sourceVaultId: Type.Optional(Type.String({ maxLength: 64 })),
          kind: Type.Optional(Type.Union([Type.Literal('USER'), Type.Literal('GAS_TOPUP')])),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { 200: Page(Transaction), ...errors },
      },
    },
    async (req) => listTransactions(ctx, requirePrincipal(req).role, req.query),
  )

  app.get(
    '/v1/transactions/:id',
    {
      config: { scopes: ['read'] },
      schema: { tags: ['transactions'], summary: 'One transaction', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: Transaction, ...errors } },
    },
    async (req) => serializeTransaction(await getTransactionRow(ctx, req.params.id)),
  )

  app.get(
    '/v1/transactions/:id/timeline',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['transactions'],
        summary: 'A transaction’s history from the audit log, oldest first: status changes, the policy decision, votes',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ seq: Type.String(), at: Type.String(), actor: Type.String(), action: Type.String(), before: Type.Unknown(), after: Type.Unknown() })) }),
          ...errors,
        },
      },
    },
    async (req) => readTransactionTimeline(ctx, req.params.id),
  )

  app.post(
    '/v1/transactions/:id/cancel',
    {
      config: { scopes: ['transact'] },
      schema: {
        tags: ['transactions'],
        summary: 'Cancel a transaction that has not been signed yet',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        body: Type.Optional(Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false })),
        response: { 200: Transaction, ...errors },
      },
    },
    async (req) => {
      const p = requirePrincipal(req)
      const row = await cancelTransaction(ctx, req.params.id, { keyId: p.keyId, clientId: p.role, admin: p.scopes.includes('admin'), actor: auditActor(p) }, req.body?.reason, String(req.id))
      return serializeTransaction(row)
    },
  )
}
