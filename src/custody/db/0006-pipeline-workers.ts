import { sql, type Migration } from 'kysely'

/**
 * Workers announce themselves and beat a heartbeat; a lease held by a worker
 * whose heartbeat stopped (a crashed process) is taken over at once instead
 * of when it expires.
 */
export const pipelineWorkersMigration: Migration = {
  async up(db) {
    await sql`create table pipeline_workers (id text primary key, started_at timestamptz not null, heartbeat_at timestamptz not null)`.execute(db)
    await sql`alter table transactions add column locked_by text`.execute(db)
  },
}
