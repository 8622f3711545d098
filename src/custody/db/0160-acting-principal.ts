import { sql, type Kysely, type Migration } from 'kysely'
import { auditActorPrincipalIndexMigration } from '../../audit/log/migrations.ts'

/**
 * `transactions.acting_principal`: the person or service a transaction is spent by, which
 * INITIATOR velocity limits count by. Set at creation from the creating key's principal, or
 * from the signed on-behalf-of claim of a service key (`platform:person:pr_…`). Existing
 * transactions get their creating key's principal. Also indexes audit entries by the
 * principal their actor names.
 */
export const actingPrincipalMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table transactions add column acting_principal text`.execute(db)
    await sql`update transactions set acting_principal = k.principal_id from api_keys k where k.key_id = transactions.created_by`.execute(db)
    await auditActorPrincipalIndexMigration.up(db)
  },
  async down(db: Kysely<any>) {
    await auditActorPrincipalIndexMigration.down!(db)
    await sql`alter table transactions drop column acting_principal`.execute(db)
  },
}
