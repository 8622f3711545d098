import { Type } from 'typebox'
import type { FireblocksRoutes } from '../fireblocks-api.ts'
import { activateAssetWallet, createVaultAccount, getAssetWallet, getVaultAccountRow, listVaultAccounts } from '../vault-accounts.ts'
import { depositAddressOf, vaultAccountsOf, vaultAssetOf } from '../serialize-vault.ts'
import { FireblocksApiError } from '../fireblocks-errors.ts'

const AccountParams = Type.Object({ vaultAccountId: Type.String({ maxLength: 20 }) })
const WalletParams = Type.Object({ vaultAccountId: Type.String({ maxLength: 20 }), assetId: Type.String({ maxLength: 64 }) })

/** Vault accounts, asset wallets and deposit addresses (Fireblocks' `/vault/...`). */
export const registerVaultRoutes: FireblocksRoutes = (fb, { ctx, actorOf }) => {
  fb.post(
    '/vault/accounts',
    {
      config: { public: true, scopes: ['vaults'] },
      schema: {
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 100 }), hiddenOnUI: Type.Optional(Type.Boolean()), customerRefId: Type.Optional(Type.String({ maxLength: 200 })), autoFuel: Type.Optional(Type.Boolean()) },
          { additionalProperties: true },
        ),
      },
    },
    async (req) => {
      const row = await createVaultAccount(ctx, req.body, actorOf(req), String(req.id))
      return (await vaultAccountsOf(ctx, [row]))[0]
    },
  )

  fb.get(
    '/vault/accounts_paged',
    {
      config: { public: true, scopes: ['read'] },
      schema: {
        querystring: Type.Object({
          namePrefix: Type.Optional(Type.String({ maxLength: 100 })),
          nameSuffix: Type.Optional(Type.String({ maxLength: 100 })),
          assetId: Type.Optional(Type.String({ maxLength: 64 })),
          orderBy: Type.Optional(Type.Union([Type.Literal('ASC'), Type.Literal('DESC')])),
          before: Type.Optional(Type.String({ maxLength: 20 })),
          after: Type.Optional(Type.String({ maxLength: 20 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
      },
    },
    async (req) => {
      const page = await listVaultAccounts(ctx, req.query)
      return { accounts: await vaultAccountsOf(ctx, page.rows), paging: { ...(page.before ? { before: page.before } : {}), ...(page.after ? { after: page.after } : {}) } }
    },
  )

  fb.get('/vault/accounts/:vaultAccountId', { config: { public: true, scopes: ['read'] }, schema: { params: AccountParams } }, async (req) => {
    return (await vaultAccountsOf(ctx, [await getVaultAccountRow(ctx, req.params.vaultAccountId)]))[0]
  })

  fb.post(
    '/vault/accounts/:vaultAccountId/:assetId',
    { config: { public: true, scopes: ['vaults'] }, schema: { params: WalletParams, body: Type.Optional(Type.Object({ eosAccountName: Type.Optional(Type.String()) }, { additionalProperties: true })) } },
    async (req) => {
      const { account } = await activateAssetWallet(ctx, req.params.vaultAccountId, req.params.assetId, actorOf(req), String(req.id))
      return { id: String(account.account_id), address: account.vault.address, legacyAddress: '', enterpriseAddress: '', tag: '', eosAccountName: '', status: 'READY' }
    },
  )

  fb.get('/vault/accounts/:vaultAccountId/:assetId', { config: { public: true, scopes: ['read'] }, schema: { params: WalletParams } }, async (req) => {
    const { account, asset } = await getAssetWallet(ctx, req.params.vaultAccountId, req.params.assetId)
    return vaultAssetOf(ctx, asset, account.vault.address)
  })

  fb.get(
    '/vault/accounts/:vaultAccountId/:assetId/addresses_paginated',
    { config: { public: true, scopes: ['read'] }, schema: { params: WalletParams, querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })), before: Type.Optional(Type.String()), after: Type.Optional(Type.String()) }) } },
    async (req) => {
      const { account, asset } = await getAssetWallet(ctx, req.params.vaultAccountId, req.params.assetId)
      return { addresses: [depositAddressOf(account, asset)], paging: {} }
    },
  )

  fb.get('/vault/accounts/:vaultAccountId/:assetId/addresses', { config: { public: true, scopes: ['read'] }, schema: { params: WalletParams } }, async (req) => {
    const { account, asset } = await getAssetWallet(ctx, req.params.vaultAccountId, req.params.assetId)
    return [depositAddressOf(account, asset)]
  })

  fb.post('/vault/accounts/:vaultAccountId/:assetId/addresses', { config: { public: true, scopes: ['vaults'] }, schema: { params: WalletParams } }, async (req) => {
    await getAssetWallet(ctx, req.params.vaultAccountId, req.params.assetId)
    throw new FireblocksApiError(400, 'ADDRESS_NOT_SUPPORTED', 'FIREBLOCKS_ONE_ADDRESS_PER_VAULT', 'an account-based asset has one deposit address per vault account: use addresses_paginated')
  })
}
