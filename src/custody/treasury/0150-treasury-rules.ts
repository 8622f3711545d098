import { sql, type Migration } from 'kysely'

/**
 * Treasury tiers (decisions 0095, 0096): one rebalancing rule per hot vault and asset.
 * `episode` counts the rule's proposals; `open_tx_id` is the custody transaction proposed in
 * the current episode, until it reaches a final status. The proposal's externalTxId is
 * `treasury:<rule id>:<episode>`, so a repeated check or a restart finds it instead of
 * proposing twice.
 */
export const treasuryRulesMigration: Migration = {
  async up(db) {
    await sql`
      create table treasury_rules (
        id text primary key,
        hot_vault_id text not null references vaults (id),
        asset_id text not null,
        floor text not null,
        target text not null,
        ceiling text not null,
        source_vault_id text not null references vaults (id),
        sweep_vault_id text not null references vaults (id),
        episode integer not null default 0,
        open_tx_id text,
        open_direction text check (open_direction in ('TOPUP', 'SWEEP')),
        created_by text not null,
        created_at timestamptz not null,
        updated_by text not null,
        updated_at timestamptz not null
      )`.execute(db)
    await sql`create unique index treasury_rules_vault_asset on treasury_rules (hot_vault_id, asset_id)`.execute(db)
  },
  async down(db) {
    await sql`drop table treasury_rules`.execute(db)
  },
}
