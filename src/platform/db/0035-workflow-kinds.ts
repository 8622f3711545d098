import { sql, type Kysely, type Migration } from 'kysely'

/**
 * Widens the kind checks of workflows and token operations once for the
 * features of issuance, offerings and sanctions freezes, so each feature's
 * own migration adds tables without redefining a shared constraint.
 * The lists match `WorkflowKind` and `TokenOperationKind` in schema.ts.
 */
export const workflowKindsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table workflows drop constraint if exists workflows_kind_check`.execute(db)
    await sql`alter table workflows add constraint workflows_kind_check check (kind in (
      'SCREEN', 'ONBOARD', 'REVOKE_CLAIM', 'TOKEN_DEPLOY', 'TOKEN_OPERATION',
      'BATCH_MINT', 'OFFERING_CLOSE', 'SUBSCRIPTION_PAYMENT', 'SUBSCRIPTION_REFUND', 'INVESTOR_FREEZE'
    ))`.execute(db)
    await sql`alter table token_operations drop constraint if exists token_operations_kind_check`.execute(db)
    await sql`alter table token_operations add constraint token_operations_kind_check check (kind in (
      'MINT', 'BATCH_MINT', 'TRANSFER', 'PAUSE', 'UNPAUSE', 'FREEZE', 'UNFREEZE'
    ))`.execute(db)
  },
}
