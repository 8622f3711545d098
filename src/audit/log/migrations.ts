import { sql, type Kysely, type Migration } from 'kysely'

/**
 * Creates the audit log tables in the service's schema (the connection's
 * search_path decides which; openDatabase points it at the service schema).
 * Add it to a service's migration list:
 *
 * @example
 * migrateToLatest(db, schema, { '0001_core': core, '0002_audit': auditLogMigration })
 */
export async function createAuditLogTables(db: Kysely<any>): Promise<void> {
  await sql`
    create table audit_entries (
      seq bigint primary key check (seq >= 0),
      at timestamptz not null,
      actor text not null,
      action text not null,
      target_type text,
      target_id text,
      before jsonb,
      after jsonb,
      correlation_id text,
      details jsonb,
      leaf_hash bytea not null check (octet_length(leaf_hash) = 32),
      prev_hash bytea not null check (octet_length(prev_hash) = 32),
      entry_hash bytea not null check (octet_length(entry_hash) = 32)
    )`.execute(db)
  // Filters end in seq so cursor pagination (seq > cursor order by seq) stays an index range scan.
  await sql`create index audit_entries_actor on audit_entries (actor, seq)`.execute(db)
  await sql`create index audit_entries_action on audit_entries (action, seq)`.execute(db)
  await sql`create index audit_entries_target on audit_entries (target_type, target_id, seq)`.execute(db)
  await sql`create index audit_entries_at on audit_entries (at)`.execute(db)
  await sql`create index audit_entries_correlation on audit_entries (correlation_id) where correlation_id is not null`.execute(db)

  // Hashes of the complete (power-of-two) subtrees above the leaves: node
  // (level, idx) covers leaves [idx·2^level, (idx+1)·2^level). With them any
  // root or proof needs O(log² n) rows instead of every leaf.
  await sql`
    create table audit_tree_nodes (
      level smallint not null check (level between 1 and 63),
      idx bigint not null check (idx >= 0),
      hash bytea not null check (octet_length(hash) = 32),
      primary key (level, idx)
    )`.execute(db)

  // One row: the next seq, the chain head and the Merkle frontier (the
  // complete subtrees of the current tree, largest first, 32 bytes each).
  // Appenders lock it FOR UPDATE, which serialises them without forking the chain.
  await sql`
    create table audit_head (
      id boolean primary key default true check (id),
      tree_size bigint not null check (tree_size >= 0),
      head_hash bytea not null,
      frontier bytea not null
    )`.execute(db)
  await sql`insert into audit_head (id, tree_size, head_hash, frontier) values (true, 0, ${Buffer.alloc(32)}, ${Buffer.alloc(0)})`.execute(db)

  await sql`
    create table audit_checkpoints (
      tree_size bigint primary key check (tree_size > 0),
      root_hash bytea not null check (octet_length(root_hash) = 32),
      checkpoint text not null,
      vkey text not null,
      created_at timestamptz not null,
      anchor_status text,
      anchor_tx_id text,
      anchor_tx_hash text,
      anchor_block bigint
    )`.execute(db)

  // Triggers, not only privileges: they bind the table owner too and behave
  // the same on PGlite (a single superuser) and PostgreSQL.
  await sql`
    create function audit_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'AUDIT_APPEND_ONLY: % on %.% is refused; the audit log is append-only', tg_op, tg_table_schema, tg_table_name
        using errcode = 'insufficient_privilege';
    end $$`.execute(db)
  await sql`
    create function audit_checkpoint_guard() returns trigger language plpgsql as $$
    begin
      if new.tree_size is distinct from old.tree_size
        or new.root_hash is distinct from old.root_hash
        or new.checkpoint is distinct from old.checkpoint
        or new.vkey is distinct from old.vkey
        or new.created_at is distinct from old.created_at then
        raise exception 'AUDIT_APPEND_ONLY: only the anchor columns of %.% may change', tg_table_schema, tg_table_name
          using errcode = 'insufficient_privilege';
      end if;
      return new;
    end $$`.execute(db)
  const guards: Array<[table: string, rowEvents: string]> = [
    ['audit_entries', 'update or delete'],
    ['audit_tree_nodes', 'update or delete'],
    ['audit_checkpoints', 'delete'],
    ['audit_head', 'delete'],
  ]
  for (const [table, rowEvents] of guards) {
    await sql.raw(`create trigger ${table}_append_only before ${rowEvents} on ${table} for each row execute function audit_refuse_change()`).execute(db)
    await sql.raw(`create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function audit_refuse_change()`).execute(db)
  }
  await sql`create trigger audit_checkpoints_anchor_only before update on audit_checkpoints for each row execute function audit_checkpoint_guard()`.execute(db)
  // The head is rewritten by every append; it may only move forward.
  await sql`
    create function audit_head_guard() returns trigger language plpgsql as $$
    begin
      if new.tree_size < old.tree_size then
        raise exception 'AUDIT_APPEND_ONLY: the audit log head cannot move back from % to %', old.tree_size, new.tree_size
          using errcode = 'insufficient_privilege';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger audit_head_forward_only before update on audit_head for each row execute function audit_head_guard()`.execute(db)

  // Best effort only: PUBLIC holds no table privileges by default and the
  // owner keeps its own whatever we revoke, so this guards against a
  // deployment that granted broadly, not against the owner (the triggers do
  // that). Production should run the service as a role granted just INSERT
  // and SELECT here. A failure (e.g. a role without GRANT OPTION) must not
  // fail the migration, hence the sub-block.
  await sql`
    do $$ begin
      execute 'revoke update, delete, truncate on audit_entries, audit_tree_nodes from public';
      execute 'revoke delete, truncate on audit_checkpoints from public';
    exception when others then
      raise notice 'audit: revoking privileges from PUBLIC skipped: %', sqlerrm;
    end $$`.execute(db)
}

/** The audit log as one Kysely migration (no `down`: an audit log is never dropped by a tool). */
export const auditLogMigration: Migration = { up: createAuditLogTables }

/**
 * An index on the principal an entry's actor names (`person:pr_1/apikey:ck_2` → `person:pr_1`),
 * for `listAuditEntries({ principal })`. The actor text itself is untouched: the hash chain
 * covers it as written.
 */
export const auditActorPrincipalIndexMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create index audit_entries_actor_principal on audit_entries (split_part(actor, '/', 1), seq)`.execute(db)
  },
  async down(db: Kysely<any>) {
    await sql`drop index audit_entries_actor_principal`.execute(db)
  },
}
