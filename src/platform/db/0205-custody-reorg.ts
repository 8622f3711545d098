import { sql, type Kysely, type Migration } from 'kysely'

/**
 * A custody transaction the chain forgot after it was final (decision 0091):
 * `custody_transactions.reorged_at` (since when the platform knows it is off-chain,
 * cleared when custody reports it COMPLETED again), the token operation status
 * AWAITING_REINCLUSION, and the reconciliation alert kind CUSTODY_TRANSACTION_REORGED.
 */
export const custodyReorgMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table custody_transactions add column reorged_at timestamptz`.execute(db)
    await sql`alter table token_operations drop constraint if exists token_operations_status_check`.execute(db)
    await sql`alter table token_operations add constraint token_operations_status_check check (status in (
      'SUBMITTED', 'PENDING_AUTHORIZATION', 'COMPLETED', 'AWAITING_REINCLUSION', 'FAILED'
    ))`.execute(db)
    await sql`alter table reconciliation_alerts drop constraint if exists reconciliation_alerts_kind_check`.execute(db)
    await sql`alter table reconciliation_alerts add constraint reconciliation_alerts_kind_check check (kind in (
      'UNEXPLAINED_TRANSFER', 'OPERATION_MISMATCH', 'OPERATION_TX_MISSING', 'SUPPLY_MISMATCH', 'CUSTODY_TRANSACTION_REORGED'
    ))`.execute(db)
  },
}
