import { Type } from 'typebox'
import type { HttpServer } from '../../shared/http/create-server.ts'
import type { CustodyContext } from '../context.ts'
import { Page, Problem } from '../routes/schemas.ts'
import { getDeposit, listDeposits, listVaultDeposits } from './read-deposits.ts'
import { serializeDeposit } from './schema.ts'

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }
const NStr = Type.Union([Type.String(), Type.Null()])
const Status = Type.Union([Type.Literal('DETECTED'), Type.Literal('CONFIRMED'), Type.Literal('RETRACTED')])

export const Deposit = Type.Object({
  id: Type.String(),
  chainId: Type.Integer(),
  vaultId: Type.String(),
  address: Type.String(),
  assetId: Type.String(),
  contractAddress: NStr,
  txHash: Type.String(),
  logIndex: Type.Integer({ description: 'index of the Transfer log in its block; -1 for a native transfer' }),
  from: Type.String(),
  amount: Type.String({ description: 'base units of the asset' }),
  blockNumber: Type.String(),
  blockHash: Type.String(),
  status: Status,
  internal: Type.Boolean({ description: 'sent by another custody vault (sourceVaultId)' }),
  sourceVaultId: NStr,
  detectedAt: Type.String(),
  confirmedAt: NStr,
  retractedAt: NStr,
  updatedAt: Type.String(),
})

const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  assetId: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Status),
}

/** Deposits: incoming transfers to vaults, as the deposit watch saw them. */
export function registerDepositRoutes(app: HttpServer, ctx: CustodyContext) {
  app.get(
    '/v1/deposits',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['deposits'],
        summary: 'Incoming transfers to vaults, newest first',
        querystring: Type.Object({ ...PageQuery, vaultId: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 200: Page(Deposit), ...errors },
      },
    },
    async (req) => listDeposits(ctx, req.query),
  )

  app.get(
    '/v1/deposits/:id',
    {
      config: { scopes: ['read'] },
      schema: { tags: ['deposits'], summary: 'One deposit', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: Deposit, ...errors } },
    },
    async (req) => serializeDeposit(await getDeposit(ctx, req.params.id)),
  )

  app.get(
    '/v1/vaults/:id/deposits',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['deposits'],
        summary: "A vault's incoming transfers, newest first",
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object(PageQuery),
        response: { 200: Page(Deposit), ...errors },
      },
    },
    async (req) => listVaultDeposits(ctx, req.params.id, req.query),
  )
}
