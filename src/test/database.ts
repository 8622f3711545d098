import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openDatabase, type Database } from '../shared/db/connect.ts'

export interface TestDatabase<DB> extends Database<DB> {}

/**
 * A fresh, empty database for one test file: in-memory PGlite by default, or a
 * new database on the PostgreSQL server named by DATABASE_URL (dropped on close).
 */
export async function openTestDatabase<DB>(schema: string): Promise<TestDatabase<DB>> {
  const url = process.env.DATABASE_URL
  if (!url) return openDatabase<DB>({ kind: 'pglite', dataDir: 'memory://' }, schema)
  const created = await createPostgresDatabase(url)
  const database = await openDatabase<DB>({ kind: 'postgres', url: created.url }, schema)
  return {
    ...database,
    async close() {
      await database.close()
      await created.drop()
    },
  }
}

/** Creates an empty PostgreSQL database and returns its URL (for child processes). */
export async function createPostgresDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `custos_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const u = new URL(url)
  u.pathname = `/${name}`
  return {
    url: u.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: url })
      await a.connect()
      await a.query(`drop database if exists ${name} with (force)`)
      await a.end()
    },
  }
}
