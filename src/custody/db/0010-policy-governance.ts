import { sql, type Migration } from 'kysely'

/**
 * Governed policy and whitelist: versioned policy documents, whitelist entries, and the
 * admin change requests (with their votes) that alone may activate a version or change
 * the whitelist. `governance_state.revision` grows with every applied change so that each
 * custody process can tell, with one cheap read, that its cached policy is stale.
 */
export const policyGovernanceMigration: Migration = {
  async up(db) {
    await sql`
      create table policy_versions (
        version integer primary key,
        label text,
        document jsonb not null,
        source_text text not null,
        source_format text not null check (source_format in ('yaml', 'json')),
        status text not null check (status in ('DRAFT', 'ACTIVE', 'SUPERSEDED', 'REJECTED', 'EXPIRED')),
        comment text,
        created_by text not null,
        created_at timestamptz not null,
        activated_at timestamptz,
        superseded_at timestamptz
      )`.execute(db)
    // At most one active version at any time, enforced by the database itself.
    await sql`create unique index policy_versions_one_active on policy_versions ((true)) where status = 'ACTIVE'`.execute(db)
    await sql`
      create table whitelist_entries (
        address text primary key,
        label text not null,
        status text not null check (status in ('ACTIVE', 'REMOVED')),
        added_at timestamptz not null,
        added_by_request text not null,
        removed_at timestamptz,
        removed_by_request text
      )`.execute(db)
    await sql`
      create table change_requests (
        id text primary key,
        kind text not null check (kind in ('POLICY_ACTIVATE', 'WHITELIST_ADD', 'WHITELIST_REMOVE')),
        target text not null,
        payload jsonb not null,
        status text not null check (status in ('PENDING', 'APPLIED', 'REJECTED', 'EXPIRED', 'SUPERSEDED')),
        quorum integer not null check (quorum >= 1),
        requested_by text not null,
        requested_at timestamptz not null,
        expires_at timestamptz not null,
        resolved_at timestamptz,
        resolution text
      )`.execute(db)
    await sql`create index change_requests_by_status on change_requests (status, requested_at)`.execute(db)
    // One pending request per target: two concurrent requests for the same address or version would race.
    await sql`create unique index change_requests_one_pending on change_requests (kind, target) where status = 'PENDING'`.execute(db)
    await sql`
      create table change_request_votes (
        request_id text not null references change_requests (id),
        key_id text not null,
        decision text not null check (decision in ('APPROVE', 'REJECT')),
        comment text,
        created_at timestamptz not null,
        primary key (request_id, key_id)
      )`.execute(db)
    await sql`create table governance_state (id integer primary key check (id = 1), revision bigint not null)`.execute(db)
    await sql`insert into governance_state (id, revision) values (1, 0)`.execute(db)
  },
}
