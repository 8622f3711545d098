import { Type } from 'typebox'
import type { HttpServer } from '../../shared/http/create-server.ts'
import { requirePrincipal } from '../../shared/auth/auth-plugin.ts'
import type { CustodyContext } from '../context.ts'
import { createVault } from '../vaults/create-vault.ts'
import { getVaultWithBalances, listVaults } from '../vaults/read-vaults.ts'
import { serializeVault } from '../vaults/serialize.ts'
import { signTypedMessage } from '../vaults/sign-message.ts'
import { Address, Page, Problem, Vault, VaultWithBalances } from './schemas.ts'
import { Uint256 } from '../../shared/http/amount.ts'
import { auditActor } from '../../shared/auth/audit-actor.ts'

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem }

export function registerVaultRoutes(app: HttpServer, ctx: CustodyContext) {
  app.post(
    '/v1/vaults',
    {
      config: { scopes: ['vaults'] },
      schema: {
        tags: ['vaults'],
        summary: 'Create a vault (and its key, which never leaves custody)',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            tier: Type.Union([Type.Literal('hot'), Type.Literal('warm'), Type.Literal('cold')]),
            purpose: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            externalRef: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Vault, ...errors },
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req)
      const row = await createVault(ctx, req.body, auditActor(p), String(req.id))
      return reply.status(201).send(serializeVault(row))
    },
  )

  app.get(
    '/v1/vaults',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['vaults'],
        summary: 'List vaults',
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
          tier: Type.Optional(Type.Union([Type.Literal('hot'), Type.Literal('warm'), Type.Literal('cold')])),
          purpose: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: { 200: Page(Vault), ...errors },
      },
    },
    async (req) => listVaults(ctx, req.query),
  )

  app.get(
    '/v1/vaults/:id',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['vaults'],
        summary: 'A vault with its balance of every registered asset (and of tokens it has sent), read from the chain',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({ tokens: Type.Optional(Type.String({ description: 'comma-separated token addresses to include' })) }),
        response: { 200: VaultWithBalances, ...errors },
      },
    },
    async (req) => {
      const extra = (req.query.tokens ?? '').split(',').filter((t) => /^0x[0-9a-fA-F]{40}$/.test(t))
      return getVaultWithBalances(ctx, req.params.id, extra)
    },
  )

  app.post(
    '/v1/vaults/:id/sign',
    {
      config: { scopes: ['transact'] },
      schema: {
        tags: ['vaults'],
        summary: 'Sign a typed message (only known payload types; never an arbitrary digest)',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        body: Type.Object(
          {
            type: Type.Literal('onchainid.claim'),
            identity: Address,
            topic: Uint256(),
            data: Type.String({ pattern: '^0x([0-9a-fA-F]{2})*$', maxLength: 20_000 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ vaultId: Type.String(), address: Type.String(), type: Type.String(), payloadHash: Type.String(), signature: Type.String() }),
          ...errors,
        },
      },
    },
    async (req) => {
      const p = requirePrincipal(req)
      return signTypedMessage(ctx, req.params.id, req.body, { keyId: p.keyId, groups: p.groups }, String(req.id))
    },
  )
}
