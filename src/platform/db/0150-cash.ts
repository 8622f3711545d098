import { sql, type Kysely, type Migration } from 'kysely'

/**
 * Cash: the append-only ledger of each investor's money in the platform's stablecoin
 * (`cash_entries`, a unique `reference` per fact), a row per investor to lock while cash is
 * reserved (`cash_accounts`), withdrawal addresses with their travel-rule data and whitelist
 * status, and withdrawals. Amounts are numeric(78,0) base units. Adds the CASH_AUTO_PAY and
 * CASH_WITHDRAWAL workflow kinds to the shared check (the list of 0130 plus them).
 */
export const cashMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table cash_accounts (
      investor_id text primary key,
      created_at timestamptz not null
    )`.execute(db)
    await sql`create table cash_entries (
      seq bigserial primary key,
      id text not null unique,
      investor_id text not null references cash_accounts (investor_id),
      asset text not null,
      kind text not null check (kind in ('DEPOSIT', 'RETRACTION', 'SUBSCRIPTION_PAYMENT', 'WITHDRAWAL')),
      phase text not null check (phase in ('SETTLED', 'RESERVED', 'RELEASED')),
      available_delta numeric(78,0) not null,
      reserved_delta numeric(78,0) not null,
      reference text not null unique,
      subject_type text not null,
      subject_id text not null,
      details jsonb not null,
      created_at timestamptz not null
    )`.execute(db)
    await sql`create index cash_entries_investor on cash_entries (investor_id, seq)`.execute(db)
    await sql`create table withdrawal_addresses (
      id text primary key,
      investor_id text not null,
      address text not null,
      label text not null,
      beneficiary_name text not null,
      institution_name text,
      institution_country text,
      status text not null check (status in ('PENDING', 'WHITELISTED', 'REJECTED', 'REMOVED')),
      status_reason text,
      change_request_id text,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      whitelisted_at timestamptz,
      unique (investor_id, address)
    )`.execute(db)
    await sql`create index withdrawal_addresses_address on withdrawal_addresses (lower(address))`.execute(db)
    await sql`create table withdrawals (
      id text primary key,
      investor_id text not null,
      asset text not null,
      amount numeric(78,0) not null check (amount > 0),
      withdrawal_address_id text not null references withdrawal_addresses (id),
      to_address text not null,
      idempotency_key text not null,
      request_hash text not null,
      status text not null check (status in ('PROCESSING', 'COMPLETED', 'FAILED')),
      status_code text,
      status_reason text,
      source_vault_id text not null,
      external_tx_id text not null unique,
      custody_tx_id text,
      tx_hash text,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      completed_at timestamptz,
      unique (investor_id, idempotency_key)
    )`.execute(db)
    await sql`create index withdrawals_investor on withdrawals (investor_id, created_at)`.execute(db)
    await sql`alter table workflows drop constraint if exists workflows_kind_check`.execute(db)
    await sql`alter table workflows add constraint workflows_kind_check check (kind in (
      'SCREEN', 'ONBOARD', 'REVOKE_CLAIM', 'TOKEN_DEPLOY', 'TOKEN_OPERATION',
      'BATCH_MINT', 'OFFERING_CLOSE', 'SUBSCRIPTION_PAYMENT', 'SUBSCRIPTION_REFUND', 'INVESTOR_FREEZE',
      'DISTRIBUTION', 'REDEMPTION_OFFER', 'AGENT_ACTION', 'WALLET_RECOVERY', 'CASH_AUTO_PAY', 'CASH_WITHDRAWAL'
    ))`.execute(db)
  },
}
