import { sql, type Migration } from 'kysely'

/**
 * The asset registry: what custody knows how to hold and move on its chain. One row per
 * asset: the chain's native coin (no contract) or a token contract, with its symbol and
 * decimals. Deposits (watching vault addresses) will read it too.
 */
export const assetsMigration: Migration = {
  async up(db) {
    await sql`
      create table assets (
        id text primary key,
        chain_id integer not null,
        kind text not null check (kind in ('NATIVE', 'ERC20')),
        contract_address text,
        symbol text not null,
        name text not null,
        decimals integer not null check (decimals between 0 and 36),
        created_by text not null,
        created_at timestamptz not null,
        check ((kind = 'NATIVE') = (contract_address is null))
      )`.execute(db)
    // One native asset per chain, one entry per contract.
    await sql`create unique index assets_native on assets (chain_id) where kind = 'NATIVE'`.execute(db)
    await sql`create unique index assets_contract on assets (chain_id, contract_address) where contract_address is not null`.execute(db)
  },
  async down(db) {
    await sql`drop table assets`.execute(db)
  },
}
