import { sql, type ColumnType, type Kysely, type Migration } from 'kysely'

/** One row per minute, refusal code and client address: how many, first and last, a few samples. */
export interface SecurityEventsTable {
  id: string
  bucket: Date
  code: string
  ip: string
  status: number
  count: ColumnType<bigint, bigint | number, bigint | number>
  first_at: Date
  last_at: Date
  samples: ColumnType<SecurityEventSample[], string, string>
}

/** What one refused request looked like; never its signature, body or query string. */
export interface SecurityEventSample {
  at: string
  method: string
  path: string
  /** The X-API-Key sent, unverified (it may not exist). */
  keyId: string | null
}

export interface SecurityEventTables {
  security_events: SecurityEventsTable
}

/**
 * The security-event table: refused unauthenticated requests, counted and sampled, kept
 * apart from the audit log (which records decisions) and pruned on its own schedule.
 */
export const securityEventsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table security_events (
      id uuid primary key,
      bucket timestamptz not null,
      code text not null,
      ip text not null,
      status integer not null,
      count bigint not null,
      first_at timestamptz not null,
      last_at timestamptz not null,
      samples jsonb not null,
      unique (bucket, code, ip)
    )`.execute(db)
    await sql`create index security_events_recent on security_events (bucket desc, id desc)`.execute(db)
  },
}
