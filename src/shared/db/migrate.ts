import { Migrator, type Kysely, type Migration } from 'kysely'
import { CustosError } from '../errors.ts'

/**
 * Applies a service's migrations (an ordered record, keys sort by name) inside
 * its own schema. Numbers are handed out per feature in blocks, so a database
 * may meet a new migration that sorts before one it already ran: it is applied
 * too (each migration stands alone). Safe to call from several processes at once: Kysely takes an
 * advisory lock on PostgreSQL.
 */
export async function migrateToLatest(db: Kysely<unknown>, schema: string, migrations: Record<string, Migration>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: schema,
    allowUnorderedMigrations: true,
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    throw new CustosError('MIGRATION_FAILED', `database migration failed: ${(error as Error).message ?? String(error)}`, { cause: error })
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
