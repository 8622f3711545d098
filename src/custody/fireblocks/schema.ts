import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date, Date>

export interface FireblocksApiUsersTable {
  /** The `X-API-Key` and the JWT's `sub`: a uuid. */
  api_key: string
  name: string
  public_key_pem: string
  /** The custody API key whose role, scopes and groups the user acts with. */
  principal_key_id: string
  status: 'ACTIVE' | 'REVOKED'
  created_by: string
  created_at: Timestamp
  revoked_at: Timestamp | null
}

export interface FireblocksVaultAccountsTable {
  account_id: Generated<number>
  vault_id: string
  hidden_on_ui: Generated<boolean>
  customer_ref_id: string | null
  auto_fuel: Generated<boolean>
  created_at: Timestamp
}

export interface FireblocksVaultAssetsTable {
  account_id: number
  asset_id: string
  created_at: Timestamp
}

export interface FireblocksWebhookKeysTable {
  kid: string
  public_key_pem: string
  private_ciphertext: Uint8Array
  private_iv: Uint8Array
  private_tag: Uint8Array
  created_at: Timestamp
}

export interface FireblocksSignedMessagesTable {
  id: string
  client_id: string
  external_tx_id: string
  request_hash: string
  source_vault_id: string
  /** The message bytes, 0x-hex. */
  content: string
  /** 65 bytes r‖s‖v, 0x-hex. */
  signature: string
  note: string | null
  created_by: string
  created_at: Timestamp
}

export interface FireblocksExternalWalletsTable {
  /** A uuid, Fireblocks' `walletId`. */
  wallet_id: string
  name: string
  customer_ref_id: string | null
  /** The actor that created it (`apikey:<id>`); with `idempotency_key`, what makes a repeat the same wallet. */
  created_by: string
  idempotency_key: string | null
  created_at: Timestamp
}

export interface FireblocksExternalWalletAssetsTable {
  wallet_id: string
  asset_id: string
  /** Lower-case 0x address. */
  address: string
  tag: string
  /** The WHITELIST_ADD change request that asked for the address; null when it was listed already. */
  change_request_id: string | null
  created_by: string
  created_at: Timestamp
}

export interface FireblocksDB {
  fireblocks_external_wallets: FireblocksExternalWalletsTable
  fireblocks_external_wallet_assets: FireblocksExternalWalletAssetsTable
  fireblocks_signed_messages: FireblocksSignedMessagesTable
  fireblocks_api_users: FireblocksApiUsersTable
  fireblocks_vault_accounts: FireblocksVaultAccountsTable
  fireblocks_vault_assets: FireblocksVaultAssetsTable
  fireblocks_webhook_keys: FireblocksWebhookKeysTable
}
