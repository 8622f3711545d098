import { sql, type Kysely } from 'kysely'
import type { PlatformDB } from '../db/schema.ts'

/** Workflows not finished, by kind and status (ACTIVE: running or waiting; FAILED: needs a person), for metrics. */
export async function readWorkflowBacklog(db: Kysely<PlatformDB>): Promise<{ kind: string; status: string; count: number }[]> {
  const rows = await db
    .selectFrom('workflows')
    .select(['kind', 'status', sql<string>`count(*)`.as('n')])
    .where('status', 'in', ['ACTIVE', 'FAILED'])
    .groupBy(['kind', 'status'])
    .execute()
  return rows.map((r) => ({ kind: r.kind, status: r.status, count: Number(r.n) }))
}
