/**
 * One line per Fireblocks-compatible operation, for /openapi.json (each operation needs a
 * summary: the documents are linted with Redocly's recommended rules). Kept in one table
 * rather than on each route because the routes mirror Fireblocks' API one for one, and
 * this reads as that API's index. Keys are `METHOD path` as registered, without the prefix.
 */
export const FIREBLOCKS_SUMMARIES: Record<string, string> = {
  'POST /vault/accounts': 'Create a vault account',
  'GET /vault/accounts_paged': 'List vault accounts, a page at a time',
  'GET /vault/accounts/:vaultAccountId': 'Get a vault account',
  'POST /vault/accounts/:vaultAccountId/:assetId': 'Create an asset wallet in a vault account',
  'GET /vault/accounts/:vaultAccountId/:assetId': 'Get an asset wallet of a vault account',
  'GET /vault/accounts/:vaultAccountId/:assetId/addresses_paginated': "List an asset wallet's deposit addresses, a page at a time",
  'GET /vault/accounts/:vaultAccountId/:assetId/addresses': "List an asset wallet's deposit addresses",
  'POST /vault/accounts/:vaultAccountId/:assetId/addresses': 'Create a deposit address for an asset wallet',
  'GET /transactions': 'List transactions',
  'POST /transactions': 'Create a transaction',
  'GET /transactions/:txId': 'Get a transaction',
  'GET /transactions/external_tx_id/:externalTxId': 'Get a transaction by its external id',
  'POST /transactions/:txId/cancel': 'Cancel a transaction',
  'GET /supported_assets': 'List the supported assets',
  'GET /tap/active_policy': 'Get the active transaction policy, in TAP form',
  'GET /webhooks': 'List webhook subscriptions',
  'POST /webhooks': 'Create a webhook subscription',
  'GET /external_wallets': 'List external wallets',
  'POST /external_wallets': 'Create an external wallet',
  'GET /external_wallets/:walletId': 'Get an external wallet',
  'GET /external_wallets/:walletId/:assetId': 'Get an asset of an external wallet',
  'POST /external_wallets/:walletId/:assetId': 'Add an asset to an external wallet',
}
