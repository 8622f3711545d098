import { Type } from 'typebox'
import type { HttpServer } from '../../shared/http/create-server.ts'
import { requirePrincipal } from '../../shared/auth/auth-plugin.ts'
import type { CustodyContext } from '../context.ts'
import { Address, Problem } from '../routes/schemas.ts'
import { getAsset, listAssets } from './read-assets.ts'
import { ASSET_ID_PATTERN, registerAsset } from './register-asset.ts'
import { serializeAsset } from './schema.ts'
import { auditActor } from '../../shared/auth/audit-actor.ts'

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem }

export const Asset = Type.Object({
  id: Type.String(),
  chainId: Type.Integer(),
  kind: Type.Union([Type.Literal('NATIVE'), Type.Literal('ERC20')]),
  contractAddress: Type.Union([Type.String(), Type.Null()]),
  symbol: Type.String(),
  name: Type.String(),
  decimals: Type.Integer(),
  createdBy: Type.String(),
  createdAt: Type.String(),
})

/** The asset registry: what custody holds and moves on its chain. */
export function registerAssetRoutes(app: HttpServer, ctx: CustodyContext) {
  app.get(
    '/v1/assets',
    { config: { scopes: ['read'] }, schema: { tags: ['assets'], summary: 'Assets custody holds on its chain', response: { 200: Type.Object({ items: Type.Array(Asset) }), ...errors } } },
    async () => ({ items: (await listAssets(ctx)).map(serializeAsset) }),
  )

  app.get(
    '/v1/assets/:id',
    {
      config: { scopes: ['read'] },
      schema: { tags: ['assets'], summary: 'One asset', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: Asset, ...errors } },
    },
    async (req) => serializeAsset(await getAsset(ctx, req.params.id)),
  )

  app.post(
    '/v1/assets',
    {
      config: { scopes: ['admin'] },
      schema: {
        tags: ['assets'],
        summary: 'Register an asset (idempotent: the same asset again answers 200)',
        body: Type.Object(
          {
            id: Type.String({ pattern: ASSET_ID_PATTERN }),
            kind: Type.Union([Type.Literal('NATIVE'), Type.Literal('ERC20')]),
            contractAddress: Type.Optional(Address),
            symbol: Type.String({ minLength: 1, maxLength: 32 }),
            name: Type.String({ minLength: 1, maxLength: 200 }),
            decimals: Type.Integer({ minimum: 0, maximum: 36 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Asset, 201: Asset, ...errors },
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req)
      const { asset, created } = await registerAsset(ctx, req.body, auditActor(p), String(req.id))
      return reply.status(created ? 201 : 200).send(serializeAsset(asset))
    },
  )
}
