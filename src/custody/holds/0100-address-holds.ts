import { sql, type Migration } from 'kysely'

/**
 * Address holds: an operator or the platform stops every token movement from or to an
 * address (for one token or for all) at once, before any on-chain freeze or claim
 * revocation is mined. A hold is released, never deleted, so the record stays.
 */
export const addressHoldsMigration: Migration = {
  async up(db) {
    await sql`
      create table address_holds (
        id text primary key,
        chain_id integer not null,
        address text not null,
        token text,
        rule text not null check (rule in ('ON_HOLD', 'KYC_EXPIRED', 'ACCREDITATION_EXPIRED')),
        reason text not null,
        reference text,
        created_by text not null,
        created_at timestamptz not null,
        released_at timestamptz,
        released_by text,
        release_reason text
      )`.execute(db)
    // One active hold per (address, token or every token): placing it again is a repeat.
    await sql`create unique index address_holds_active on address_holds (chain_id, address, coalesce(token, '*')) where released_at is null`.execute(db)
  },
  async down(db) {
    await sql`drop table address_holds`.execute(db)
  },
}
