import { sql, type Kysely, type Migration } from 'kysely'

/**
 * Creates the outbound webhook tables in the service's schema (the search
 * path points there). Include it in the service's migration list, e.g.
 * `{ ..., '0005_webhooks': webhooksMigration }`.
 */
export const webhooksMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table webhook_subscriptions (
      id uuid primary key,
      url text not null,
      events jsonb not null,
      description text,
      status text not null default 'ACTIVE' check (status in ('ACTIVE', 'DISABLED', 'DELETED')),
      secret_ciphertext bytea,
      secret_iv bytea,
      secret_tag bytea,
      previous_secret_ciphertext bytea,
      previous_secret_iv bytea,
      previous_secret_tag bytea,
      previous_secret_expires_at timestamptz,
      created_at timestamptz not null,
      created_by text,
      updated_at timestamptz not null,
      secret_rotated_at timestamptz
    )`.execute(db)

    // The outbox: written in the same transaction as the state change it reports.
    await sql`create table webhook_events (
      id uuid primary key,
      type text not null,
      resource_type text not null,
      resource_id text not null,
      sequence bigint not null,
      occurred_at timestamptz not null,
      data jsonb not null,
      unique (resource_type, resource_id, sequence)
    )`.execute(db)

    await sql`create table webhook_resource_sequences (
      resource_type text not null,
      resource_id text not null,
      seq bigint not null,
      primary key (resource_type, resource_id)
    )`.execute(db)

    await sql`create table webhook_deliveries (
      id uuid primary key,
      event_id uuid not null references webhook_events (id),
      subscription_id uuid not null references webhook_subscriptions (id),
      status text not null default 'PENDING' check (status in ('PENDING', 'DELIVERED', 'FAILED')),
      attempts integer not null default 0,
      next_attempt_at timestamptz,
      locked_until timestamptz,
      claim_token uuid,
      last_status integer,
      last_error text,
      last_attempt_at timestamptz,
      delivered_at timestamptz,
      created_at timestamptz not null,
      redelivery_of uuid references webhook_deliveries (id)
    )`.execute(db)
    await sql`create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'PENDING'`.execute(db)
    await sql`create index webhook_deliveries_by_subscription on webhook_deliveries (subscription_id, created_at desc, id desc)`.execute(db)

    await sql`create table webhook_delivery_attempts (
      id uuid primary key,
      delivery_id uuid not null references webhook_deliveries (id),
      attempt integer not null,
      at timestamptz not null,
      status_code integer,
      error text,
      duration_ms integer not null,
      unique (delivery_id, attempt)
    )`.execute(db)
  },
  async down(db: Kysely<any>) {
    await sql`drop table webhook_delivery_attempts`.execute(db)
    await sql`drop table webhook_deliveries`.execute(db)
    await sql`drop table webhook_resource_sequences`.execute(db)
    await sql`drop table webhook_events`.execute(db)
    await sql`drop table webhook_subscriptions`.execute(db)
  },
}

/**
 * Per-subscription delivery settings: `timeout_ms`, `concurrency` (requests in flight) and
 * `max_attempts`, null for the service's defaults. Include it after {@link webhooksMigration}.
 */
export const webhookSubscriptionSettingsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table webhook_subscriptions add column timeout_ms integer check (timeout_ms between 1000 and 30000)`.execute(db)
    await sql`alter table webhook_subscriptions add column concurrency integer check (concurrency between 1 and 16)`.execute(db)
    await sql`alter table webhook_subscriptions add column max_attempts integer check (max_attempts between 1 and 100)`.execute(db)
  },
}
