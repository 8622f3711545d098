import { Type } from 'typebox'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import type { PlatformContext } from '../../context.ts'
import { checkTransfer } from './check-transfer.ts'
import { createTransfer } from './create-transfer.ts'
import { getOperationOfKind, serializeOperation } from '../tokens/read-operations.ts'
import { errors, IdParams } from '../../http/schemas.ts'
import { actorOf, requireAnyScope } from '../../http/principal.ts'
import { Operation } from '../tokens/public.ts'
import { Uint256 } from '../../../shared/http/amount.ts'

const Id = Type.String({ minLength: 1, maxLength: 64 })
const Addr = Type.String({ pattern: '^0x[0-9a-fA-F]{40}$' })
const Qty = Uint256('base units, decimal string')

const CheckResult = Type.Object({
  code: Type.Integer({ description: '0 = allowed; see the restriction table in src/platform/modules/tokens/README.md' }),
  name: Type.String(),
  message: Type.String(),
  from: Type.Union([Type.String(), Type.Null()]),
  to: Type.Union([Type.String(), Type.Null()]),
  quantity: Type.String(),
})

export function registerTransferRoutes(app: HttpServer, ctx: PlatformContext) {
  app.get(
    '/v1/transfers/check',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['transfers'],
        summary: 'Would this transfer go? ERC-1404-style {code, message} from chain reads',
        querystring: Type.Object({ tokenId: Id, fromInvestorId: Id, toInvestorId: Type.Optional(Id), toAddress: Type.Optional(Addr), quantity: Qty }),
        response: { 200: CheckResult, ...errors },
      },
    },
    async (req) => checkTransfer(ctx, req.query),
  )

  app.post(
    '/v1/transfers',
    {
      schema: {
        tags: ['transfers'],
        summary: 'Transfer tokens between investors through custody (scope issuer or operate)',
        description:
          'Runs the transfer check (422 TRANSFER_<RESTRICTION> with details.restrictionCode when it refuses), then custody sends transfer(to, quantity) from the sender’s own vault (externalTxId xfer:<idempotencyKey>). 202 new; 200 repeat of the same body; 409 IDEMPOTENCY_KEY_REUSED.',
        body: Type.Object(
          { tokenId: Id, fromInvestorId: Id, toInvestorId: Type.Optional(Id), toAddress: Type.Optional(Addr), quantity: Qty, idempotencyKey: Type.String({ pattern: '^[A-Za-z0-9._:-]{1,100}$' }) },
          { additionalProperties: false },
        ),
        response: { 200: Operation, 202: Operation, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireAnyScope(req, ['issuer', 'operate'])
      const { op, created } = await createTransfer(ctx, req.body, actorOf(p), String(req.id))
      return reply.status(created ? 202 : 200).send(serializeOperation(op))
    },
  )

  app.get(
    '/v1/transfers/:id',
    { config: { scopes: ['read'] }, schema: { tags: ['transfers'], summary: 'One transfer and its custody transaction', params: IdParams, response: { 200: Operation, ...errors } } },
    async (req) => getOperationOfKind(ctx, req.params.id, 'TRANSFER', 'transfer'),
  )
}
