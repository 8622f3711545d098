import { sql, type Kysely, type Migration } from 'kysely'

/**
 * Adds the MIGRATE_COMPLIANCE token operation (an existing token moved onto the
 * Custos compliance modules, decision 0109) to the kind check: the list of 0101 plus it.
 */
export const migrateComplianceKindMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table token_operations drop constraint if exists token_operations_kind_check`.execute(db)
    await sql`alter table token_operations add constraint token_operations_kind_check check (kind in (
      'MINT', 'BATCH_MINT', 'TRANSFER', 'PAUSE', 'UNPAUSE', 'FREEZE', 'UNFREEZE', 'SET_MINT_LOCKUP', 'MIGRATE_COMPLIANCE'
    ))`.execute(db)
  },
}
