import { createHash, randomBytes } from 'node:crypto'
import type { Kysely, Migration } from 'kysely'
import pg from 'pg'
import { openDatabase, type Database } from '../shared/db/connect.ts'
import { migrateToLatest } from '../shared/db/migrate.ts'

export interface TestDatabase<DB> extends Database<DB> {}

/**
 * A fresh database for one test file: in-memory PGlite by default, or a new database
 * on the PostgreSQL server named by DATABASE_URL (dropped on close). Empty, or, given a
 * service's migrations, already migrated to the latest of them.
 *
 * Most of a fresh database's cost is the same every time: PGlite initialising its
 * cluster (about 5 s of CPU) and the migrations (seconds for a service). So a test worker
 * does that work once per schema and set of migrations and gives every later file a copy:
 * a PGlite data-directory image, or a PostgreSQL template database. A copy is an
 * independent database; nothing one file writes is seen by another.
 */
export async function openTestDatabase<DB>(schema: string, migrations?: Record<string, Migration>): Promise<TestDatabase<DB>> {
  const key = templateKey(schema, migrations)
  const url = process.env.DATABASE_URL
  if (!url) {
    // Without migrations one empty cluster serves every schema name (test files use their
    // own names): an image per name would be built for one use and kept, 40 MB each.
    const image = await memo(pgliteImages, migrations ? key : 'empty', async () => {
      const first = await openDatabase<unknown>({ kind: 'pglite', dataDir: 'memory://' }, schema)
      try {
        if (migrations) await migrateToLatest(first.db as Kysely<unknown>, schema, migrations)
        return await first.image!()
      } finally {
        await first.close()
      }
    })
    return openDatabase<DB>({ kind: 'pglite', dataDir: 'memory://', image }, schema)
  }
  const template = migrations
    ? await memo(postgresTemplates, key, async () => {
        const made = await createPostgresDatabase(url, `${TEMPLATE_PREFIX}${templateRun()}_${process.pid}_${key}`)
        const first = await openDatabase<unknown>({ kind: 'postgres', url: made.url }, schema)
        try {
          await migrateToLatest(first.db as Kysely<unknown>, schema, migrations)
        } finally {
          await first.close()
        }
        return made.name
      })
    : undefined
  const created = await createPostgresDatabase(url, undefined, template)
  const database = await openDatabase<DB>({ kind: 'postgres', url: created.url }, schema)
  return {
    ...database,
    async close() {
      await database.close()
      await created.drop()
    },
  }
}

/** Template databases of one test run on PostgreSQL start with this, then the run's id. */
export const TEMPLATE_PREFIX = 'custos_tpl_'
const pgliteImages = new Map<string, Promise<Blob>>()
const postgresTemplates = new Map<string, Promise<string>>()

/** Names the schema and the migrations applied (a database name must stay short: a hash). */
function templateKey(schema: string, migrations?: Record<string, Migration>): string {
  const names = migrations ? Object.keys(migrations).sort().join(',') : ''
  return createHash('sha256').update(`${schema}|${names}`).digest('hex').slice(0, 16)
}

/** The test run's id (set by global-setup, which drops the run's templates at the end). */
function templateRun(): string {
  return process.env.CUSTOS_TEST_RUN_ID ?? 'adhoc'
}

/** One build per key per process; a failed build is forgotten so the next caller sees its own error. */
function memo<T>(cache: Map<string, Promise<T>>, key: string, build: () => Promise<T>): Promise<T> {
  let p = cache.get(key)
  if (!p) {
    p = build()
    cache.set(key, p)
    p.catch(() => cache.delete(key))
  }
  return p
}

/**
 * Creates a PostgreSQL database (empty, or a copy of `template`) and returns its URL
 * (for child processes).
 */
export async function createPostgresDatabase(url: string, name = `custos_test_${randomBytes(6).toString('hex')}`, template?: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`)
  await admin.end()
  const u = new URL(url)
  u.pathname = `/${name}`
  return {
    name,
    url: u.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: url })
      await a.connect()
      await a.query(`drop database if exists ${name} with (force)`)
      await a.end()
    },
  }
}

/** Drops the template databases a test run made (global-setup's teardown). */
export async function dropTemplateDatabases(url: string, run: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${TEMPLATE_PREFIX}${run}_%`])
    for (const r of rows) await admin.query(`drop database if exists ${r.datname} with (force)`)
  } finally {
    await admin.end()
  }
}
