import { sql, type Kysely, type Migration } from 'kysely'

/**
 * Investors, their screenings and KYC claims, the durable workflows that
 * onboard them, the custody transactions those workflows wait on, and the
 * inbox of webhooks received from custody and KYC vendors.
 */
export const onboardingMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table investors (
      id text primary key,
      name text not null,
      email text not null,
      country text not null check (country ~ '^[A-Z]{2}$'),
      type text not null check (type in ('individual', 'entity')),
      accreditation jsonb,
      external_ref text unique,
      wallet_addresses jsonb not null default '[]',
      request_hash text not null,
      status text not null check (status in ('PENDING_KYC', 'IN_REVIEW', 'APPROVED', 'ACTIVE', 'REJECTED', 'SUSPENDED', 'EXPIRED')),
      status_code text,
      status_reason text,
      vault_id text,
      wallet_address text,
      identity_address text,
      kyc_provider text,
      kyc_provider_ref text,
      kyc_outcome text,
      kyc_result jsonb,
      kyc_checked_at timestamptz,
      kyc_decision text,
      kyc_decided_by text,
      kyc_decided_at timestamptz,
      kyc_decision_reason text,
      kyc_approved_at timestamptz,
      kyc_expires_at timestamptz,
      accreditation_expires_at timestamptz,
      last_screened_at timestamptz,
      claim_seq integer not null default 0,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db)
    await sql`create index investors_status on investors (status, created_at)`.execute(db)
    await sql`create index investors_created on investors (created_at, id)`.execute(db)
    await sql`create index investors_expiry on investors (kyc_expires_at) where status = 'ACTIVE'`.execute(db)
    await sql`create index investors_wallet on investors (lower(wallet_address)) where wallet_address is not null`.execute(db)

    await sql`create table kyc_screenings (
      id text primary key,
      investor_id text not null references investors (id),
      purpose text not null,
      provider text not null,
      provider_ref text not null,
      outcome text not null,
      result jsonb not null,
      created_at timestamptz not null
    )`.execute(db)
    await sql`create index kyc_screenings_investor on kyc_screenings (investor_id, created_at)`.execute(db)
    await sql`create index kyc_screenings_ref on kyc_screenings (provider_ref)`.execute(db)

    await sql`create table kyc_decisions (
      id text primary key,
      investor_id text not null references investors (id),
      decision text not null check (decision in ('APPROVE', 'REJECT')),
      reason text not null,
      from_status text not null,
      decided_by text not null,
      decided_at timestamptz not null
    )`.execute(db)
    await sql`create index kyc_decisions_investor on kyc_decisions (investor_id, decided_at)`.execute(db)

    // One row per claim the platform has had signed for an investor; seq grows
    // with each (re-)verification, so every claim has its own custody ids.
    await sql`create table kyc_claims (
      investor_id text not null references investors (id),
      seq integer not null check (seq > 0),
      topic text not null,
      issuer text not null,
      data text not null,
      payload jsonb not null,
      signature text,
      expires_at timestamptz not null,
      status text not null check (status in ('PENDING', 'SIGNED', 'ACTIVE', 'REVOKED', 'SUPERSEDED')),
      revoke_reason text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (investor_id, seq)
    )`.execute(db)

    await sql`create table workflows (
      id text primary key,
      investor_id text not null references investors (id),
      kind text not null check (kind in ('SCREEN', 'ONBOARD', 'REVOKE_CLAIM')),
      step text not null,
      status text not null check (status in ('ACTIVE', 'DONE', 'FAILED', 'CANCELLED')),
      state jsonb not null default '{}',
      attempts integer not null default 0,
      last_error text,
      last_error_code text,
      waiting_on text,
      next_run_at timestamptz not null,
      locked_until timestamptz,
      locked_by text,
      correlation_id text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      completed_at timestamptz
    )`.execute(db)
    await sql`create index workflows_due on workflows (next_run_at) where status = 'ACTIVE'`.execute(db)
    await sql`create index workflows_investor on workflows (investor_id, created_at)`.execute(db)
    await sql`create index workflows_waiting on workflows (waiting_on) where status = 'ACTIVE' and waiting_on is not null`.execute(db)

    await sql`create table platform_workers (
      id text primary key,
      started_at timestamptz not null,
      heartbeat_at timestamptz not null
    )`.execute(db)

    // What the platform knows of the custody transactions it asked for: from
    // the submit response, from polling, and from webhooks (newest sequence wins).
    await sql`create table custody_transactions (
      custody_tx_id text primary key,
      external_tx_id text,
      workflow_id text,
      status text not null,
      sub_status text,
      status_reason text,
      tx_hash text,
      sequence bigint not null default 0,
      updated_at timestamptz not null
    )`.execute(db)
    await sql`create index custody_transactions_external on custody_transactions (external_tx_id)`.execute(db)

    await sql`create table inbound_events (
      id text primary key,
      source text not null,
      event_id text not null,
      type text not null,
      resource_type text,
      resource_id text,
      sequence bigint,
      payload jsonb not null,
      received_at timestamptz not null,
      processed_at timestamptz,
      attempts integer not null default 0,
      last_error text,
      next_attempt_at timestamptz not null
    )`.execute(db)
    await sql`create index inbound_events_pending on inbound_events (next_attempt_at) where processed_at is null`.execute(db)
  },
}
