import { sql, type Kysely, type Migration } from 'kysely'

/**
 * The chain indexer (its head, the contracts it follows, the blocks it
 * processed and the decoded events), and reconciliation (alerts, and the
 * operations already found on-chain as instructed).
 */
export const indexerMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table indexer_state (
      id integer primary key check (id = 1),
      head_number bigint,
      head_hash text,
      updated_at timestamptz not null
    )`.execute(db)

    await sql`create table indexer_sources (
      address text primary key,
      kind text not null check (kind in ('TOKEN', 'IDENTITY_REGISTRY')),
      token_id text references tokens (id),
      start_block bigint not null,
      synced_to bigint not null,
      created_at timestamptz not null
    )`.execute(db)
    await sql`create unique index indexer_sources_token on indexer_sources (token_id) where token_id is not null`.execute(db)

    await sql`create table indexer_blocks (
      number bigint primary key,
      hash text not null,
      parent_hash text not null,
      timestamp bigint not null,
      indexed_at timestamptz not null
    )`.execute(db)

    await sql`create table indexer_events (
      block_number bigint not null,
      log_index integer not null,
      block_hash text not null,
      tx_hash text not null,
      address text not null,
      token_id text,
      kind text not null check (kind in ('TRANSFER', 'ADDRESS_FROZEN', 'TOKENS_FROZEN', 'TOKENS_UNFROZEN', 'IDENTITY_REGISTERED', 'IDENTITY_REMOVED')),
      from_address text,
      to_address text,
      account text,
      amount numeric(78, 0),
      frozen boolean,
      identity text,
      primary key (block_number, log_index)
    )`.execute(db)
    await sql`create index indexer_events_token on indexer_events (token_id, kind, block_number)`.execute(db)
    await sql`create index indexer_events_tx on indexer_events (tx_hash)`.execute(db)
    await sql`create index indexer_events_from on indexer_events (from_address) where kind = 'TRANSFER'`.execute(db)
    await sql`create index indexer_events_to on indexer_events (to_address) where kind = 'TRANSFER'`.execute(db)
    await sql`create index indexer_events_account on indexer_events (account, kind, block_number)`.execute(db)

    await sql`create table reconciliation_alerts (
      id text primary key,
      kind text not null check (kind in ('UNEXPLAINED_TRANSFER', 'OPERATION_MISMATCH', 'OPERATION_TX_MISSING', 'SUPPLY_MISMATCH')),
      dedupe_key text not null,
      token_id text,
      operation_id text,
      tx_hash text,
      block_number bigint,
      status text not null check (status in ('OPEN', 'RESOLVED')),
      details jsonb not null,
      first_seen_at timestamptz not null,
      last_seen_at timestamptz not null,
      resolved_at timestamptz,
      resolved_by text,
      resolution text
    )`.execute(db)
    // The same drift is raised once: at most one OPEN alert per key.
    await sql`create unique index reconciliation_alerts_open on reconciliation_alerts (dedupe_key) where status = 'OPEN'`.execute(db)
    await sql`create index reconciliation_alerts_key on reconciliation_alerts (dedupe_key)`.execute(db)
    await sql`create index reconciliation_alerts_seen on reconciliation_alerts (first_seen_at, id)`.execute(db)

    await sql`create table reconciled_operations (
      operation_id text primary key references token_operations (id),
      block_number bigint not null,
      block_hash text not null,
      checked_at timestamptz not null
    )`.execute(db)
  },
}
