import { sql, type Kysely, type Migration } from 'kysely'

/**
 * Adds the SET_MINT_LOCKUP token operation (an offering's lock-up recorded
 * on-chain before its mint) to the kind check: the list of 0035 plus it.
 */
export const mintLockupKindMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table token_operations drop constraint if exists token_operations_kind_check`.execute(db)
    await sql`alter table token_operations add constraint token_operations_kind_check check (kind in (
      'MINT', 'BATCH_MINT', 'TRANSFER', 'PAUSE', 'UNPAUSE', 'FREEZE', 'UNFREEZE', 'SET_MINT_LOCKUP'
    ))`.execute(db)
  },
}
