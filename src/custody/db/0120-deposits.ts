import { sql, type Migration } from 'kysely'

/**
 * Deposits (decision 0070): incoming native and registered ERC-20 transfers to vault
 * addresses, each DETECTED, then CONFIRMED or RETRACTED.
 * - `deposits`: one row per transfer seen in a block. Its identity (chain, tx hash, log index
 *   or -1 for native, vault address, asset) is unique among rows not RETRACTED, so rescanning
 *   never duplicates; a transfer seen again after its retraction is a new row.
 * - `deposit_watch`: the scan cursor per chain (next block to read) and the lease of the one
 *   process scanning it.
 * - `deposit_blocks`: hashes of the blocks scanned recently, to find where a reorg began.
 */
export const depositsMigration: Migration = {
  async up(db) {
    await sql`
      create table deposits (
        id text primary key,
        chain_id integer not null,
        vault_id text not null,
        address text not null,
        asset_id text not null,
        contract_address text,
        tx_hash text not null,
        log_index integer not null,
        from_address text not null,
        amount text not null,
        block_number bigint not null,
        block_hash text not null,
        status text not null check (status in ('DETECTED', 'CONFIRMED', 'RETRACTED')),
        internal boolean not null,
        source_vault_id text,
        detected_at timestamptz not null,
        confirmed_at timestamptz,
        retracted_at timestamptz,
        updated_at timestamptz not null
      )`.execute(db)
    await sql`create unique index deposits_identity on deposits (chain_id, tx_hash, log_index, address, asset_id) where status <> 'RETRACTED'`.execute(db)
    await sql`create index deposits_detected on deposits (chain_id, block_number) where status = 'DETECTED'`.execute(db)
    await sql`create index deposits_by_time on deposits (detected_at, id)`.execute(db)
    await sql`create index deposits_by_vault on deposits (vault_id, detected_at, id)`.execute(db)
    await sql`
      create table deposit_watch (
        chain_id integer primary key,
        next_block bigint not null,
        locked_by text,
        locked_until timestamptz,
        updated_at timestamptz not null
      )`.execute(db)
    await sql`
      create table deposit_blocks (
        chain_id integer not null,
        number bigint not null,
        hash text not null,
        primary key (chain_id, number)
      )`.execute(db)
  },
  async down(db) {
    await sql`drop table deposit_blocks`.execute(db)
    await sql`drop table deposit_watch`.execute(db)
    await sql`drop table deposits`.execute(db)
  },
}
