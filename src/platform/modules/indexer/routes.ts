import { Type } from 'typebox'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import type { PlatformContext } from '../../context.ts'
import { readHolders } from './read-holders.ts'
import { readHoldings } from './read-holdings.ts'
import { errors, IdParams } from '../../http/schemas.ts'

const NStr = Type.Union([Type.String(), Type.Null()])
const Block = Type.Object({
  number: Type.String(),
  hash: NStr,
  timestamp: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})

const Holder = Type.Object({
  address: Type.String(),
  investorId: Type.Union([Type.String(), Type.Null()], { description: 'the investor whose platform wallet this is; null for an address the platform does not know' }),
  balance: Type.String({ description: 'base units' }),
  frozen: Type.Boolean({ description: 'the address was frozen on the token at this block' }),
  frozenTokens: Type.String({ description: 'base units frozen (partially) at this block' }),
  identity: Type.Union([Type.String(), Type.Null()], { description: 'the ONCHAINID the address was registered with in the platform identity registry at this block' }),
})

const Holders = Type.Object({
  tokenId: Type.String(),
  tokenAddress: Type.String(),
  block: Block,
  indexedHead: Type.String({ description: 'the last block indexed for this token' }),
  totals: Type.Object({ holders: Type.Integer(), supply: Type.String({ description: 'minted − burned at this block, base units' }) }),
  items: Type.Array(Holder),
  nextCursor: NStr,
})

const Holding = Type.Object({
  tokenId: Type.String(),
  symbol: NStr,
  decimals: Type.Union([Type.Integer(), Type.Null()], { description: 'the token’s decimals: balance / 10^decimals is the amount in units' }),
  tokenAddress: NStr,
  balance: Type.String(),
  frozen: Type.Boolean(),
  frozenTokens: Type.String(),
  block: Block,
})

export function registerHolderRoutes(app: HttpServer, ctx: PlatformContext) {
  app.get(
    '/v1/tokens/:id/holders',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['cap table'],
        summary: 'The token’s holders at a block (default: the indexed head), from the chain indexer',
        description:
          'Balances come from the indexed Transfer events up to the block, so a past block (a record date) answers as exactly as the head. Each holder carries the investor whose wallet it is, its frozen state and its registered identity at that block. 409 BLOCK_NOT_INDEXED (retryable) for a block above the indexed head; 409 CAP_TABLE_NOT_INDEXED for a token the indexer has not picked up yet. Holders in address order, a page at a time.',
        params: IdParams,
        querystring: Type.Object({
          atBlock: Type.Optional(Type.String({ pattern: '^[0-9]{1,20}$', description: 'block number' })),
          atTime: Type.Optional(Type.String({ format: 'date-time', description: 'a time: the cap table as it stood then (the last indexed block mined at or before it)' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { 200: Holders, ...errors },
      },
    },
    async (req) => readHolders(ctx, req.params.id, req.query),
  )

  app.get(
    '/v1/investors/:id/holdings',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['cap table'],
        summary: 'Every platform token the investor’s wallet holds, with balance and frozen state, at each token’s indexed head',
        params: IdParams,
        response: { 200: Type.Object({ investorId: Type.String(), walletAddress: NStr, items: Type.Array(Holding) }), ...errors },
      },
    },
    async (req) => readHoldings(ctx, req.params.id),
  )
}
