import { sql, type Kysely, type Migration } from 'kysely'

/**
 * Records which workflow worker holds a received event it is processing, so that when
 * that worker dies (its heartbeat stops) another takes the event over at once instead of
 * after the claim's 30 s lease.
 */
export const inboundClaimHolderMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table inbound_events add column if not exists locked_by text`.execute(db)
  },
}
