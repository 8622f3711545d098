import { sql, type Kysely, type Migration } from 'kysely'

/**
 * Tokens the platform deployed, and the operations it asks custody to send on
 * them (mint, transfer, pause, unpause). Workflows now also drive tokens and
 * operations, so a workflow's subject (`investor_id`) is no longer always an
 * investor: the foreign key goes, and the new kinds join the check.
 */
export const tokensMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table workflows drop constraint if exists workflows_investor_id_fkey`.execute(db)
    await sql`alter table workflows drop constraint if exists workflows_kind_check`.execute(db)
    await sql`alter table workflows add constraint workflows_kind_check check (kind in ('SCREEN', 'ONBOARD', 'REVOKE_CLAIM', 'TOKEN_DEPLOY', 'TOKEN_OPERATION'))`.execute(db)

    await sql`create table tokens (
      id text primary key,
      name text not null,
      symbol text not null unique,
      decimals integer not null check (decimals between 0 and 18),
      claim_topics jsonb not null,
      compliance jsonb not null,
      salt text not null unique,
      status text not null check (status in ('DEPLOYING', 'ACTIVE', 'FAILED')),
      status_reason text,
      token_address text,
      identity_registry text,
      identity_registry_storage text,
      compliance_address text,
      trusted_issuers_registry text,
      claim_topics_registry text,
      modules jsonb not null default '[]',
      deploy_tx_hash text,
      deploy_block bigint,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db)
    await sql`create index tokens_created on tokens (created_at, id)`.execute(db)

    await sql`create table token_operations (
      id text primary key,
      token_id text not null references tokens (id),
      kind text not null check (kind in ('MINT', 'TRANSFER', 'PAUSE', 'UNPAUSE')),
      investor_id text references investors (id),
      to_investor_id text references investors (id),
      to_address text,
      quantity text,
      agreement_ref text,
      idempotency_key text,
      request_hash text not null,
      external_tx_id text not null unique,
      custody_tx_id text,
      custody_status text,
      status text not null check (status in ('SUBMITTED', 'PENDING_AUTHORIZATION', 'COMPLETED', 'FAILED')),
      status_code text,
      status_reason text,
      tx_hash text,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (kind, idempotency_key)
    )`.execute(db)
    await sql`create index token_operations_token on token_operations (token_id, created_at)`.execute(db)
  },
}
