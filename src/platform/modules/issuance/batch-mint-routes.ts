import { Type } from 'typebox'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import type { PlatformContext } from '../../context.ts'
import { DEFAULT_CHUNK_GAS_BUDGET } from './batch-mint-gas.ts'
import { MAX_BATCH_ITEMS } from './batch-mint-items.ts'
import { acceptBatchMint, getBatchMint } from './batch-mint.ts'
import { errors, IdParams } from '../../http/schemas.ts'
import { actorOf, requireAnyScope } from '../../http/principal.ts'

const NStr = Type.Union([Type.String(), Type.Null()])

const BatchMintBody = Type.Object(
  {
    tokenId: Type.String({ minLength: 1, maxLength: 64 }),
    items: Type.Array(
      Type.Object(
        {
          investorId: Type.String({ minLength: 1, maxLength: 64 }),
          quantity: Type.String({ minLength: 1, maxLength: 80, description: 'base units, a positive integer as a decimal string (checked per item: a bad one is named by its index)' }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_BATCH_ITEMS, description: `1 to ${MAX_BATCH_ITEMS} items, one per investor (a duplicate investor refuses the batch)` },
    ),
    agreementRef: Type.String({ minLength: 1, maxLength: 200 }),
    idempotencyKey: Type.String({ pattern: '^[A-Za-z0-9._:-]{1,100}$' }),
    maxChunkGas: Type.Optional(
      Type.Integer({
        minimum: 100_000,
        maximum: Number(DEFAULT_CHUNK_GAS_BUDGET),
        description: `lowers the predicted gas of each chunk (default and maximum ${DEFAULT_CHUNK_GAS_BUDGET}: 90 % of the largest estimate custody can send under the 16,777,216 gas cap)`,
      }),
    ),
  },
  { additionalProperties: false },
)

const Chunk = Type.Object({
  index: Type.Integer(),
  firstItem: Type.Integer(),
  lastItem: Type.Integer(),
  holders: Type.Integer(),
  quantity: Type.String(),
  predictedGas: Type.String(),
  externalTxId: Type.String(),
  status: Type.String({ description: 'PLANNED, SUBMITTED, PENDING_AUTHORIZATION (a custody approver must approve), COMPLETED, FAILED, or NOT_SENT (the batch ended before it)' }),
  statusCode: NStr,
  statusReason: NStr,
  operationId: NStr,
  custodyTxId: NStr,
  custodyStatus: NStr,
  txHash: NStr,
})

const Item = Type.Object({
  index: Type.Integer(),
  investorId: Type.String(),
  walletAddress: Type.String(),
  quantity: Type.String(),
  chunkIndex: Type.Integer(),
  status: Type.String({ description: 'PENDING, MINTED, FAILED or NOT_SENT (its chunk’s outcome)' }),
})

/** A batch mint, its chunks and its items. */
export const BatchMint = Type.Object({
  id: Type.String(),
  tokenId: Type.String(),
  status: Type.String({ description: 'PROCESSING, COMPLETED or FAILED' }),
  statusCode: NStr,
  statusReason: NStr,
  agreementRef: Type.String(),
  idempotencyKey: Type.String(),
  itemCount: Type.Integer(),
  totalQuantity: Type.String(),
  chunkCount: Type.Integer(),
  gasModel: Type.Object({
    baseGas: Type.String(),
    perHolderGas: Type.String(),
    probe: Type.String({ description: 'first-time (measured on holders new to the token) or existing (measured on existing holders, scaled up by 1.5)' }),
    chunkGasBudget: Type.String(),
    holdersPerChunk: Type.Integer(),
    txGasCap: Type.String(),
  }),
  chunks: Type.Array(Chunk),
  items: Type.Array(Item),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  completedAt: NStr,
})

export function registerBatchMintRoutes(app: HttpServer, ctx: PlatformContext) {
  app.post(
    '/v1/assets/batch-mint',
    {
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags: ['issuance'],
        summary: 'Issue tokens to many ACTIVE investors at once (scope issuer or operate)',
        description:
          'Every item is checked first as a single mint is (a bad item refuses the whole batch: 422 BATCH_MINT_ITEM_REFUSED naming itemIndex and reason; 422 BATCH_MINT_SUPPLY_LIMIT_EXCEEDED for the total). The items are cut into chunks sized from the token’s measured batchMint gas so that each custody transaction stays under the 16,777,216 gas cap; custody sends batchMint for each chunk from the warm issuer-agent vault (externalTxId batch-mint:<batchId>:<chunk>), one after another, each after a custody approver approves it. 202 for a new batch; 200 with the same batch for a repeat of the same body; 409 IDEMPOTENCY_KEY_REUSED for another body.',
        body: BatchMintBody,
        response: { 200: BatchMint, 202: BatchMint, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireAnyScope(req, ['issuer', 'operate'])
      const { batch, created } = await acceptBatchMint(ctx, req.body, actorOf(p), String(req.id))
      return reply.status(created ? 202 : 200).send(batch)
    },
  )

  app.get(
    '/v1/assets/batch-mints/:id',
    { config: { scopes: ['read'] }, schema: { tags: ['issuance'], summary: 'A batch mint: its chunks with their custody transactions, and every item’s status', params: IdParams, response: { 200: BatchMint, ...errors } } },
    async (req) => getBatchMint(ctx, req.params.id),
  )
}
