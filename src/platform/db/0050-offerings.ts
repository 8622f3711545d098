import { sql, type Kysely, type Migration } from 'kysely'

/**
 * Offerings (the terms of a primary sale of a token, and the custody vault
 * that receives its stablecoin) and their subscriptions (one investor's
 * commitment, its payment, its refund or its minted allocation). Amounts are
 * numeric(78,0) base units; the workflow kinds were added by 0035.
 */
export const offeringsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table offerings (
      id text primary key,
      token_id text not null references tokens (id),
      price_per_token numeric(78,0) not null check (price_per_token > 0),
      min_investment numeric(78,0) not null check (min_investment > 0),
      max_investment numeric(78,0) not null check (max_investment >= min_investment),
      hard_cap numeric(78,0) not null check (hard_cap >= min_investment),
      soft_cap numeric(78,0) check (soft_cap is null or (soft_cap > 0 and soft_cap <= hard_cap)),
      opens_at timestamptz not null,
      closes_at timestamptz not null check (closes_at > opens_at),
      eligible_countries jsonb not null,
      accreditation_required boolean not null,
      lockup_days integer check (lockup_days is null or lockup_days >= 0),
      payment_methods jsonb not null,
      settlement_asset text not null,
      token_decimals integer not null,
      treasury_vault_id text not null,
      treasury_address text not null,
      status text not null check (status in ('OPEN', 'CLOSING', 'CLOSED', 'REFUNDING', 'REFUNDED', 'CANCELLED')),
      status_reason text,
      close_kind text check (close_kind in ('CLOSE', 'CANCEL')),
      close_requested_by text,
      close_requested_at timestamptz,
      allocated_at timestamptz,
      closed_at timestamptz,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db)
    await sql`create index offerings_created on offerings (created_at, id)`.execute(db)
    await sql`create index offerings_token on offerings (token_id)`.execute(db)

    await sql`create table offering_subscriptions (
      id text primary key,
      offering_id text not null references offerings (id),
      investor_id text not null references investors (id),
      amount numeric(78,0) not null check (amount > 0),
      allocation numeric(78,0) not null check (allocation > 0),
      idempotency_key text not null,
      request_hash text not null,
      status text not null check (status in ('PENDING_PAYMENT', 'PAYMENT_PROCESSING', 'PAID', 'ALLOCATED', 'ISSUED', 'CANCELLED', 'REFUNDING', 'REFUNDED', 'REFUND_DUE')),
      status_code text,
      status_reason text,
      payment_method text check (payment_method in ('stablecoin', 'fiat')),
      payment_attempt integer not null default 0,
      payment_external_tx_id text,
      payment_custody_tx_id text,
      payment_tx_hash text,
      payer_address text,
      fiat_reference text,
      paid_at timestamptz,
      refund_attempt integer not null default 0,
      refund_external_tx_id text,
      refund_custody_tx_id text,
      refund_tx_hash text,
      refund_reference text,
      refunded_at timestamptz,
      mint_attempt integer not null default 0,
      mint_operation_id text references token_operations (id),
      issued_at timestamptz,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (offering_id, idempotency_key)
    )`.execute(db)
    await sql`create index offering_subscriptions_offering on offering_subscriptions (offering_id, created_at, id)`.execute(db)
    await sql`create index offering_subscriptions_investor on offering_subscriptions (investor_id, status)`.execute(db)
  },
}
