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

export interface FireblocksDB {
  fireblocks_signed_messages: FireblocksSignedMessagesTable
  fireblocks_api_users: FireblocksApiUsersTable
  fireblocks_vault_accounts: FireblocksVaultAccountsTable
  fireblocks_vault_assets: FireblocksVaultAssetsTable
  fireblocks_webhook_keys: FireblocksWebhookKeysTable
}
