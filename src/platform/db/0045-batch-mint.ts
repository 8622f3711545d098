import { sql, type Kysely, type Migration } from 'kysely'

/**
 * Batch mints: one request to issue a token to many holders, its plan (the
 * items in order and the chunks they are sent in, each with its own custody
 * externalTxId) written when the batch is accepted. A chunk, once sent, is a
 * BATCH_MINT token operation (kind allowed by 0035) that carries its custody
 * transaction. Quantities are numeric(78,0) base units.
 */
export const batchMintMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table batch_mints (
      id text primary key,
      token_id text not null references tokens (id),
      idempotency_key text not null unique,
      request_hash text not null,
      agreement_ref text not null,
      status text not null check (status in ('PROCESSING', 'COMPLETED', 'FAILED')),
      status_code text,
      status_reason text,
      item_count integer not null check (item_count > 0),
      total_quantity numeric(78,0) not null check (total_quantity > 0),
      chunk_count integer not null check (chunk_count > 0),
      gas_model jsonb not null,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      completed_at timestamptz
    )`.execute(db)
    await sql`create index batch_mints_token on batch_mints (token_id, created_at)`.execute(db)

    await sql`create table batch_mint_chunks (
      batch_id text not null references batch_mints (id),
      chunk_index integer not null check (chunk_index >= 0),
      first_item integer not null,
      last_item integer not null check (last_item >= first_item),
      quantity numeric(78,0) not null check (quantity > 0),
      predicted_gas bigint not null,
      external_tx_id text not null unique,
      operation_id text unique references token_operations (id),
      primary key (batch_id, chunk_index)
    )`.execute(db)

    await sql`create table batch_mint_items (
      batch_id text not null references batch_mints (id),
      item_index integer not null check (item_index >= 0),
      investor_id text not null references investors (id),
      wallet_address text not null,
      quantity numeric(78,0) not null check (quantity > 0),
      chunk_index integer not null,
      primary key (batch_id, item_index),
      unique (batch_id, investor_id),
      foreign key (batch_id, chunk_index) references batch_mint_chunks (batch_id, chunk_index)
    )`.execute(db)
  },
}
