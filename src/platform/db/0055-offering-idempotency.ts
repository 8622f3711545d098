import { sql, type Kysely, type Migration } from 'kysely'

/** `POST /v1/offerings` may carry an idempotency key: a repeat returns the offering it created. */
export const offeringIdempotencyMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table offerings add column idempotency_key text`.execute(db)
    await sql`alter table offerings add column request_hash text`.execute(db)
    await sql`create unique index offerings_idempotency_key on offerings (idempotency_key) where idempotency_key is not null`.execute(db)
  },
}
