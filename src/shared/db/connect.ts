import { CompiledQuery, Kysely, PostgresDialect, sql, type Dialect } from 'kysely'
import pg from 'pg'
import { PGlite } from '@electric-sql/pglite'
import { mkdirSync } from 'node:fs'
import { ConfigError } from '../errors.ts'

/**
 * Where a service keeps its data: a PostgreSQL URL (production, several
 * processes) or a PGlite data directory (development and tests; `memory://`
 * for a throw-away database). The choice is made here and nowhere else, so the
 * rest of the code has one SQL path.
 */
export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  /** `image`: start from a copy of another PGlite database (its `image()`), not an empty cluster. */
  | { kind: 'pglite'; dataDir: string; image?: Blob }

export interface Database<DB> {
  db: Kysely<DB>
  target: DatabaseTarget
  /** The schema this service owns; all its tables live there. */
  schema: string
  close(): Promise<void>
  /**
   * PGlite only: a copy of the whole data directory, to open another database from
   * (`{ kind: 'pglite', dataDir: 'memory://', image }`). Loading one skips the cluster's
   * initialisation and the migrations already applied, which is most of a fresh
   * database's cost; tests use it to give each file a migrated database quickly.
   */
  image?(): Promise<Blob>
}

const INT8 = 20
const NUMERIC = 1700

/** PGlite has one connection; Kysely's pool is one client behind a queue. */
function pglitePool(db: PGlite) {
  let tail: Promise<void> = Promise.resolve()
  const client = {
    async query(text: string, params: unknown[]) {
      const res = await db.query(text, params, { rowMode: 'object' })
      const command = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase()
      return { command, rowCount: res.affectedRows ?? res.rows.length, rows: res.rows }
    },
    release: () => {},
  }
  return {
    async connect() {
      let release!: () => void
      const prev = tail
      tail = new Promise<void>((r) => (release = r))
      await prev
      return { ...client, release }
    },
    async end() {
      await tail
      await db.close()
    },
  }
}

export function resolveDatabaseTarget(url: string | undefined, defaultDataDir: string): DatabaseTarget {
  if (!url) return { kind: 'pglite', dataDir: defaultDataDir }
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url }
  if (url.startsWith('pglite:')) return { kind: 'pglite', dataDir: url.slice('pglite:'.length) }
  if (url === 'memory://') return { kind: 'pglite', dataDir: 'memory://' }
  throw new ConfigError(`database URL must start with postgres://, postgresql://, pglite: or be memory:// (got ${JSON.stringify(url.replace(/\/\/[^@]*@/, '//***@'))})`)
}

/**
 * Opens a service's database, creates its schema if missing and points the
 * search path at it.
 */
export async function openDatabase<DB>(target: DatabaseTarget, schema: string): Promise<Database<DB>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new ConfigError(`bad schema name ${schema}`)
  let dialect: Dialect
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: 10,
      types: {
        getTypeParser: ((oid: number, format?: string) =>
          oid === INT8 ? (v: string) => BigInt(v) : oid === NUMERIC ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    })
    // An idle client dropped by the server (restart, failover, admin shutdown)
    // is replaced on next use; without a listener pg would crash the process.
    pool.on('error', () => {})
    const setup = await pool.connect()
    try {
      await setup.query(`create schema if not exists ${schema}`)
    } catch (err) {
      // Two processes may race to create it; the loser sees a unique violation.
      if ((err as { code?: string }).code !== '23505' && (err as { code?: string }).code !== '42P06') throw err
    } finally {
      setup.release()
    }
    dialect = new PostgresDialect({
      pool,
      onCreateConnection: async (conn) => {
        await conn.executeQuery(CompiledQuery.raw(`set search_path to ${schema}, public`))
      },
    })
  } else {
    if (target.dataDir !== 'memory://') mkdirSync(target.dataDir, { recursive: true })
    const lite = await PGlite.create(target.dataDir === 'memory://' ? undefined : target.dataDir, {
      parsers: { [INT8]: (v: string) => BigInt(v), [NUMERIC]: (v: string) => v },
      ...(target.image ? { loadDataDir: target.image } : {}),
    })
    await lite.exec(`create schema if not exists ${schema}; set search_path to ${schema}, public;`)
    dialect = new PostgresDialect({ pool: pglitePool(lite) as never })
    const db = new Kysely<DB>({ dialect })
    return { db, target, schema, close: () => db.destroy(), image: () => lite.dumpDataDir('none') }
  }
  const db = new Kysely<DB>({ dialect })
  return {
    db,
    target,
    schema,
    close: () => db.destroy(),
  }
}

export { sql }
