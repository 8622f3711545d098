import { Type } from 'typebox'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import type { PlatformContext } from '../../context.ts'
import { registerBatchMintRoutes } from './batch-mint-routes.ts'
import { mintAsset } from './mint.ts'
import { getOperationOfKind, serializeOperation } from '../tokens/read-operations.ts'
import { errors, IdParams } from '../../http/schemas.ts'
import { actorOf, requireAnyScope } from '../../http/principal.ts'
import { Operation } from '../tokens/public.ts'
import { Uint256 } from '../../../shared/http/amount.ts'

const MintBody = Type.Object(
  {
    tokenId: Type.String({ minLength: 1, maxLength: 64 }),
    investorId: Type.String({ minLength: 1, maxLength: 64 }),
    quantity: Uint256('base units, decimal string'),
    agreementRef: Type.String({ minLength: 1, maxLength: 200 }),
    idempotencyKey: Type.String({ pattern: '^[A-Za-z0-9._:-]{1,100}$' }),
    lockupDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 36_500, description: 'locks what this mint issues for so many days from the mint’s block, as a lot of the token’s Custos lock-up module; or lockupUntil' })),
    lockupUntil: Type.Optional(Type.String({ format: 'date-time', description: 'locks what this mint issues until this time (in the future; released at or after it, from the mint’s block); or lockupDays' })),
  },
  { additionalProperties: false },
)

/** Issuance: single mints (`/v1/assets/mint`, `/v1/assets/issuances/:id`) and batch mints (batch-mint-routes.ts). */
export function registerIssuanceRoutes(app: HttpServer, ctx: PlatformContext) {
  app.post(
    '/v1/assets/mint',
    {
      schema: {
        tags: ['issuance'],
        summary: 'Issue tokens to an ACTIVE investor (scope issuer or operate)',
        description:
          'Custody sends mint(wallet, quantity) from the warm issuer-agent vault (externalTxId mint:<idempotencyKey>), so the issuance is usually PENDING_AUTHORIZATION until a custody approver approves. With lockupDays or lockupUntil, the issuer-agent vault first records the lock-up for the investor’s next mint (setNextMintLockup, a SET_MINT_LOCKUP token operation, externalTxId mint-lockup:<idempotencyKey>, approved at custody too) and the mint is sent only once it completed (MINT_LOCKUP_FAILED if it failed); 409 MINT_LOCKUP_IN_FLIGHT while another mint or lock-up of the investor is in flight, 422 MINT_LOCKUP_UNAVAILABLE for a token without the Custos lock-up module. 202 for a new issuance; 200 with the same issuance for a repeat of the same body; 409 IDEMPOTENCY_KEY_REUSED for another body; 422 INVESTOR_NOT_ACTIVE.',
        body: MintBody,
        response: { 200: Operation, 202: Operation, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireAnyScope(req, ['issuer', 'operate'])
      const { op, created } = await mintAsset(ctx, req.body, actorOf(p), String(req.id))
      return reply.status(created ? 202 : 200).send(serializeOperation(op))
    },
  )

  app.get(
    '/v1/assets/issuances/:id',
    { config: { scopes: ['read'] }, schema: { tags: ['issuance'], summary: 'One issuance and its custody transaction', params: IdParams, response: { 200: Operation, ...errors } } },
    async (req) => getOperationOfKind(ctx, req.params.id, 'MINT', 'issuance'),
  )
  registerBatchMintRoutes(app, ctx)
}
