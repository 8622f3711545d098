import { sql, type Kysely, type Migration } from 'kysely'

/**
 * Distributions (dividends, coupons, capital returns): the declaration, the
 * entitlements frozen at the record point, the payout chunks sent through
 * custody, and the withholding rates (default, per country, per investor).
 * Amounts are numeric(78,0) base units of the distribution's asset. Adds the
 * DISTRIBUTION workflow kind to the shared check (the list of 0035 plus it).
 */
export const distributionsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table distributions (
      id text primary key,
      token_id text not null references tokens (id),
      kind text not null check (kind in ('DIVIDEND', 'COUPON', 'CAPITAL_RETURN', 'STOCK_DIVIDEND')),
      asset text not null,
      asset_decimals integer not null,
      token_decimals integer not null,
      amount_per_token numeric(78,0),
      total_amount numeric(78,0),
      record_date timestamptz,
      record_block numeric(78,0),
      payment_date timestamptz not null,
      holders_policy jsonb not null,
      mode text not null check (mode in ('PUSH', 'CLAIM')),
      claim_deadline timestamptz,
      status text not null check (status in ('DECLARED', 'SNAPSHOTTED', 'APPROVED', 'PAYING', 'DISBURSED', 'FAILED')),
      status_code text,
      status_reason text,
      treasury_vault_id text not null,
      treasury_address text not null,
      tax_vault_address text not null,
      escrow_vault_address text not null,
      gross_total numeric(78,0),
      withheld_total numeric(78,0),
      net_total numeric(78,0),
      escrowed_total numeric(78,0),
      excluded_total numeric(78,0),
      remainder numeric(78,0),
      approvals jsonb not null,
      idempotency_key text not null unique,
      request_hash text not null,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      snapshot_at timestamptz,
      approved_at timestamptz,
      disbursed_at timestamptz,
      check ((amount_per_token is null) <> (total_amount is null)),
      check ((record_date is null) <> (record_block is null) or status <> 'DECLARED')
    )`.execute(db)
    await sql`create index distributions_token on distributions (token_id, created_at)`.execute(db)
    await sql`create table distribution_entitlements (
      distribution_id text not null references distributions (id),
      holder text not null,
      investor_id text,
      country text,
      balance numeric(78,0) not null,
      gross numeric(78,0) not null,
      rate_bps integer not null,
      rate_source text not null,
      withheld numeric(78,0) not null,
      net numeric(78,0) not null,
      treatment text not null check (treatment in ('PAY', 'ESCROW', 'EXCLUDE')),
      treatment_reason text,
      status text not null check (status in ('PENDING', 'PAID', 'ESCROWED', 'EXCLUDED', 'FAILED')),
      status_reason text,
      chunk_index integer,
      tx_hash text,
      paid_at timestamptz,
      primary key (distribution_id, holder)
    )`.execute(db)
    await sql`create index distribution_entitlements_investor on distribution_entitlements (investor_id)`.execute(db)
    await sql`create table distribution_chunks (
      distribution_id text not null references distributions (id),
      chunk_index integer not null,
      purpose text not null check (purpose in ('HOLDERS', 'FAILED_TO_ESCROW')),
      external_tx_id text not null unique,
      chunk_id text not null,
      items jsonb not null,
      total numeric(78,0) not null,
      status text not null check (status in ('PENDING', 'SENT', 'COMPLETED', 'FAILED')),
      custody_tx_id text,
      tx_hash text,
      paid_total numeric(78,0),
      failed jsonb,
      reconciled_at timestamptz,
      primary key (distribution_id, chunk_index)
    )`.execute(db)
    await sql`create table withholding_rates (
      scope text not null check (scope in ('DEFAULT', 'COUNTRY', 'INVESTOR')),
      subject text not null,
      rate_bps integer not null check (rate_bps >= 0 and rate_bps <= 10000),
      expires_at timestamptz,
      reason text,
      updated_by text not null,
      updated_at timestamptz not null,
      primary key (scope, subject)
    )`.execute(db)
    await sql`alter table workflows drop constraint if exists workflows_kind_check`.execute(db)
    await sql`alter table workflows add constraint workflows_kind_check check (kind in (
      'SCREEN', 'ONBOARD', 'REVOKE_CLAIM', 'TOKEN_DEPLOY', 'TOKEN_OPERATION',
      'BATCH_MINT', 'OFFERING_CLOSE', 'SUBSCRIPTION_PAYMENT', 'SUBSCRIPTION_REFUND', 'INVESTOR_FREEZE',
      'DISTRIBUTION'
    ))`.execute(db)
  },
}
