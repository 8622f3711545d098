import { Migrator, type Kysely, type Migration } from 'kysely'
import { CustosError } from '../errors.ts'

/**
 * Applies a service's migrations (an ordered record, keys sort by name) inside
 * its own schema. Safe to call from several processes at once: Kysely takes an
 * advisory lock on PostgreSQL.
 */
export async function migrateToLatest(db: Kysely<unknown>, schema: string, migrations: Record<string, Migration>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: schema,
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    throw new CustosError('MIGRATION_FAILED', `database migration failed: ${(error as Error).message ?? String(error)}`, { cause: error })
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
