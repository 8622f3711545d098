import { Type } from 'typebox'
import type { FireblocksRoutes } from '../fireblocks-api.ts'
import { ScopeMissingError } from '../../../shared/auth/auth-errors.ts'
import { addExternalWalletAsset, createExternalWallet, getExternalWallet, getExternalWalletAsset, listExternalWallets } from '../external-wallets.ts'
import { assertIdempotencyKey } from '../transaction-request.ts'

const WalletParams = Type.Object({ walletId: Type.String({ maxLength: 64 }) })
const WalletAssetParams = Type.Object({ walletId: Type.String({ maxLength: 64 }), assetId: Type.String({ maxLength: 64 }) })
const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 40 })) })

/** Scopes that may add an address to an external wallet (which asks for it to be whitelisted; the admin quorum decides). */
const WHITELIST_REQUESTERS = ['admin', 'whitelist-request'] as const

/**
 * External wallets (Fireblocks' `/external_wallets`): destinations outside custody, whose
 * addresses are approved through custody's whitelist and its four-eyes change request.
 */
export const registerExternalWalletRoutes: FireblocksRoutes = (fb, { ctx, principalOf, actorOf }) => {
  fb.post(
    '/external_wallets',
    {
      config: { public: true, scopes: ['vaults'] },
      schema: {
        headers: IdempotencyHeaders,
        body: Type.Optional(Type.Object({ name: Type.Optional(Type.String({ maxLength: 100 })), customerRefId: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: true })),
      },
    },
    async (req) => createExternalWallet(ctx, req.body ?? {}, actorOf(req), assertIdempotencyKey(req.headers['idempotency-key']), String(req.id)),
  )

  fb.get('/external_wallets', { config: { public: true, scopes: ['read'] } }, async () => listExternalWallets(ctx))

  fb.get('/external_wallets/:walletId', { config: { public: true, scopes: ['read'] }, schema: { params: WalletParams } }, async (req) => getExternalWallet(ctx, req.params.walletId))

  fb.get('/external_wallets/:walletId/:assetId', { config: { public: true, scopes: ['read'] }, schema: { params: WalletAssetParams } }, async (req) => getExternalWalletAsset(ctx, req.params.walletId, req.params.assetId))

  fb.post(
    '/external_wallets/:walletId/:assetId',
    {
      config: { public: true, scopes: [] },
      schema: {
        params: WalletAssetParams,
        headers: IdempotencyHeaders,
        body: Type.Object({ address: Type.String({ maxLength: 128 }), tag: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: true }),
      },
    },
    async (req) => {
      const p = principalOf(req)
      if (!WHITELIST_REQUESTERS.some((s) => p.scopes.includes(s))) throw new ScopeMissingError(WHITELIST_REQUESTERS, [...WHITELIST_REQUESTERS])
      assertIdempotencyKey(req.headers['idempotency-key'])
      return addExternalWalletAsset(ctx, req.params.walletId, req.params.assetId, req.body, { keyId: p.keyId, actor: actorOf(req), correlationId: String(req.id) })
    },
  )
}
