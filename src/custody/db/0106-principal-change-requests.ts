import { sql, type Kysely, type Migration } from 'kysely'

/** Change requests may also create a principal or grant it roles, scopes and groups. */
export const principalChangeRequestsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table change_requests drop constraint change_requests_kind_check`.execute(db)
    await sql`alter table change_requests add constraint change_requests_kind_check
      check (kind in ('POLICY_ACTIVATE', 'WHITELIST_ADD', 'WHITELIST_REMOVE', 'PRINCIPAL_CREATE', 'PRINCIPAL_GRANT'))`.execute(db)
  },
}
