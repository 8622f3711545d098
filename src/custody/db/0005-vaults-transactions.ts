import { sql, type Migration } from 'kysely'

/** Vaults, transactions, their signed broadcasts, and the nonce ledger. */
export const vaultsAndTransactionsMigration: Migration = {
  async up(db) {
    await sql`
      create table vaults (
        id text primary key,
        name text not null unique,
        tier text not null check (tier in ('hot', 'warm', 'cold')),
        purpose text,
        external_ref text,
        address text not null unique,
        key_backend text not null,
        key_ref text not null,
        created_by text not null,
        created_at timestamptz not null
      )`.execute(db)
    await sql`
      create table nonces (
        chain_id integer not null,
        address text not null,
        next_nonce bigint not null,
        primary key (chain_id, address)
      )`.execute(db)
    await sql`
      create table transactions (
        id text primary key,
        client_id text not null,
        external_tx_id text not null,
        request_hash text not null,
        kind text not null default 'USER' check (kind in ('USER', 'GAS_TOPUP')),
        parent_id text references transactions (id),
        created_by text not null,
        source_vault_id text not null references vaults (id),
        from_address text not null,
        chain_id integer not null,
        to_address text not null,
        data text not null,
        value numeric(78, 0) not null,
        intent jsonb,
        note text,
        operation text not null,
        asset text,
        amount numeric(78, 0),
        destination text,
        method_selector text,
        status text not null,
        sub_status text,
        status_reason text,
        policy jsonb,
        nonce bigint,
        gas_limit numeric(78, 0),
        max_fee_per_gas numeric(78, 0),
        max_priority_fee_per_gas numeric(78, 0),
        tx_hash text,
        block_number bigint,
        block_hash text,
        gas_used numeric(78, 0),
        correlation_id text,
        next_action_at timestamptz not null,
        locked_until timestamptz,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        signed_at timestamptz,
        broadcast_at timestamptz,
        completed_at timestamptz,
        unique (client_id, external_tx_id)
      )`.execute(db)
    await sql`create index transactions_due on transactions (next_action_at) where status in ('SUBMITTED', 'QUEUED', 'PENDING_SIGNATURE', 'BROADCASTING', 'CONFIRMING')`.execute(db)
    await sql`create index transactions_by_vault on transactions (source_vault_id, created_at)`.execute(db)
    await sql`create index transactions_by_status on transactions (status, created_at)`.execute(db)
    await sql`
      create table tx_broadcasts (
        id bigserial primary key,
        transaction_id text not null references transactions (id),
        nonce bigint not null,
        tx_hash text not null unique,
        raw text not null,
        max_fee_per_gas numeric(78, 0) not null,
        max_priority_fee_per_gas numeric(78, 0) not null,
        created_at timestamptz not null
      )`.execute(db)
    await sql`create index tx_broadcasts_by_tx on tx_broadcasts (transaction_id, id)`.execute(db)
  },
}
