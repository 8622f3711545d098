import { auditActor } from '../../../shared/auth/audit-actor.ts'
import { Type } from 'typebox'
import type { FireblocksRoutes } from '../fireblocks-api.ts'
import { createTransaction, initiatorOf } from '../../transactions/create-transaction.ts'
import { cancelTransaction } from '../../transactions/cancel-transaction.ts'
import { getTransactionRow, listTransactions } from '../../transactions/read-transactions.ts'
import { serializeTransaction } from '../../transactions/serialize.ts'
import { TX_STATUSES } from '../../db/schema.ts'
import { NotFoundError } from '../../../shared/errors.ts'
import { assertIdempotencyKey, toCustodyRequest, toMessageRequest, type FireblocksTransactionRequest } from '../transaction-request.ts'
import { toFireblocksSignedMessage, toFireblocksTransaction } from '../transaction-response.ts'
import { findSignedMessage, findSignedMessageByExternalId, signEthMessage } from '../sign-eth-message.ts'

const TxParams = Type.Object({ txId: Type.String({ maxLength: 64 }) })

/**
 * Transactions (Fireblocks' `/transactions`): created through custody's own
 * createTransaction (policy, approvals, audit and exactly-once by external id unchanged).
 */
export const registerTransactionRoutes: FireblocksRoutes = (fb, { ctx, principalOf }) => {
  fb.post(
    '/transactions',
    {
      config: { public: true, scopes: ['transact'] },
      schema: {
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 40 })) }),
        body: Type.Object(
          {
            operation: Type.Optional(Type.String({ maxLength: 32 })),
            assetId: Type.Optional(Type.String({ maxLength: 64 })),
            source: Type.Optional(Type.Object({ type: Type.String(), id: Type.Optional(Type.String()) }, { additionalProperties: true })),
            destination: Type.Optional(Type.Object({ type: Type.String(), id: Type.Optional(Type.String()), oneTimeAddress: Type.Optional(Type.Object({ address: Type.String() }, { additionalProperties: true })) }, { additionalProperties: true })),
            amount: Type.Optional(Type.Unknown()),
            externalTxId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
            extraParameters: Type.Optional(Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()])),
          },
          { additionalProperties: true },
        ),
      },
    },
    async (req) => {
      const p = principalOf(req)
      const body = req.body as FireblocksTransactionRequest
      const idempotencyKey = assertIdempotencyKey(req.headers['idempotency-key'])
      if (body.operation === 'TYPED_MESSAGE') {
        const m = await toMessageRequest(ctx, body, idempotencyKey)
        const { row } = await signEthMessage(ctx, { initiator: { keyId: p.keyId, clientId: p.role, groups: p.groups }, ...m, correlationId: String(req.id) })
        return { id: row.id, status: 'COMPLETED', systemMessages: [] }
      }
      const input = await toCustodyRequest(ctx, body, idempotencyKey)
      const { transaction } = await createTransaction(ctx, { initiator: initiatorOf(p), input, correlationId: String(req.id) })
      return { id: transaction.id, status: transaction.status, systemMessages: [] }
    },
  )

  fb.get(
    '/transactions',
    {
      config: { public: true, scopes: ['read'] },
      schema: {
        querystring: Type.Object({
          status: Type.Optional(Type.Union(TX_STATUSES.map((s) => Type.Literal(s)))),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          next: Type.Optional(Type.String({ maxLength: 200 })),
        }),
      },
    },
    async (req, reply) => {
      const page = await listTransactions(ctx, principalOf(req).role, { status: req.query.status, limit: req.query.limit, cursor: req.query.next, kind: 'USER' })
      if (page.nextCursor) reply.header('next-page', page.nextCursor)
      return Promise.all(page.items.map((t) => toFireblocksTransaction(ctx, t)))
    },
  )

  fb.get('/transactions/:txId', { config: { public: true, scopes: ['read'] }, schema: { params: TxParams } }, async (req) => {
    const message = await findSignedMessage(ctx, req.params.txId)
    if (message) return toFireblocksSignedMessage(ctx, message)
    return toFireblocksTransaction(ctx, serializeTransaction(await getTransactionRow(ctx, req.params.txId)))
  })

  fb.get('/transactions/external_tx_id/:externalTxId', { config: { public: true, scopes: ['read'] }, schema: { params: Type.Object({ externalTxId: Type.String({ maxLength: 200 }) }) } }, async (req) => {
    const message = await findSignedMessageByExternalId(ctx, principalOf(req).role, req.params.externalTxId)
    if (message) return toFireblocksSignedMessage(ctx, message)
    const page = await listTransactions(ctx, principalOf(req).role, { externalTxId: req.params.externalTxId, limit: 1 })
    const [found] = page.items
    if (!found) throw new NotFoundError('transaction', req.params.externalTxId)
    return toFireblocksTransaction(ctx, found)
  })

  fb.post('/transactions/:txId/cancel', { config: { public: true, scopes: ['transact'] }, schema: { params: TxParams } }, async (req) => {
    const p = principalOf(req)
    await cancelTransaction(ctx, req.params.txId, { keyId: p.keyId, clientId: p.role, admin: p.scopes.includes('admin'), actor: auditActor(p) }, 'cancelled through the Fireblocks API', String(req.id))
    return { success: true }
  })
}
