import { sql, type Migration } from 'kysely'

/**
 * Fireblocks external wallets on custody: a named wallet (an id, an optional customer
 * reference) and, per asset, the one address it pays to. The address's approval is custody's
 * own whitelist and its four-eyes change request (`change_request_id`, null when the address
 * was listed already); the asset's status is read from them, never stored.
 */
export const fireblocksExternalWalletsMigration: Migration = {
  async up(db) {
    await sql`
      create table fireblocks_external_wallets (
        wallet_id text primary key,
        name text not null,
        customer_ref_id text,
        created_by text not null,
        idempotency_key text,
        created_at timestamptz not null,
        unique (created_by, idempotency_key)
      )`.execute(db)
    await sql`
      create table fireblocks_external_wallet_assets (
        wallet_id text not null references fireblocks_external_wallets (wallet_id),
        asset_id text not null references assets (id),
        address text not null,
        tag text not null default '',
        change_request_id text references change_requests (id),
        created_by text not null,
        created_at timestamptz not null,
        primary key (wallet_id, asset_id)
      )`.execute(db)
    await sql`create index fireblocks_external_wallet_assets_address on fireblocks_external_wallet_assets (address)`.execute(db)
  },
  async down(db) {
    await sql`drop table fireblocks_external_wallet_assets`.execute(db)
    await sql`drop table fireblocks_external_wallets`.execute(db)
  },
}
