import { sql, type Migration } from 'kysely'

/**
 * What custody needs to notice when the chain forgets (decisions 0040, 0041):
 * - `signing_halts`: an address whose on-chain nonce ran ahead of custody's ledger (its key
 *   was used outside custody); custody signs nothing for it until an admin quorum resumes it.
 * - `transactions.stuck_alerted_at`: when the last `transaction.stuck` alert went out, so it
 *   is raised once per stall.
 * - change requests may now resume a halted address (`SIGNING_RESUME`).
 */
export const chainWatchMigration: Migration = {
  async up(db) {
    await sql`
      create table signing_halts (
        id text primary key,
        chain_id integer not null,
        address text not null,
        status text not null check (status in ('HALTED', 'RESUMED')),
        chain_nonce bigint not null,
        ledger_nonce bigint not null,
        reason text not null,
        halted_at timestamptz not null,
        resumed_at timestamptz,
        resumed_by_request text
      )`.execute(db)
    await sql`create unique index signing_halts_one_active on signing_halts (chain_id, address) where status = 'HALTED'`.execute(db)
    await sql`alter table transactions add column stuck_alerted_at timestamptz`.execute(db)
    await sql`alter table change_requests drop constraint change_requests_kind_check`.execute(db)
    await sql`alter table change_requests add constraint change_requests_kind_check check (kind in ('POLICY_ACTIVATE', 'WHITELIST_ADD', 'WHITELIST_REMOVE', 'PRINCIPAL_CREATE', 'PRINCIPAL_GRANT', 'SIGNING_RESUME'))`.execute(db)
  },
  async down(db) {
    await sql`alter table change_requests drop constraint change_requests_kind_check`.execute(db)
    await sql`alter table change_requests add constraint change_requests_kind_check check (kind in ('POLICY_ACTIVATE', 'WHITELIST_ADD', 'WHITELIST_REMOVE', 'PRINCIPAL_CREATE', 'PRINCIPAL_GRANT'))`.execute(db)
    await sql`alter table transactions drop column stuck_alerted_at`.execute(db)
    await sql`drop table signing_halts`.execute(db)
  },
}
