import { sql, type Kysely, type Migration } from 'kysely'

/**
 * Automatic claims of CLAIM distributions: `distributions.auto_claim` (the
 * declaration's `autoClaim`; distributions declared before keep the manual
 * claims they were declared with) and the attempts of a leaf's claim
 * (`distribution_claims.attempts`; each attempt has its own custody id).
 */
export const distributionAutoClaimMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table distributions add column auto_claim boolean not null default false`.execute(db)
    await sql`alter table distributions alter column auto_claim set default true`.execute(db)
    await sql`alter table distribution_claims add column attempts integer not null default 0`.execute(db)
  },
}
