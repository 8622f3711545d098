import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { readImportGraph } from './import-graph.ts'

/**
 * Harnesses of suites whose subject is an interface over the API, not what the API stores:
 * the browser consoles, the HTTP fuzzers (refusals come from validation, before any
 * database work) and the generated OpenAPI documents and client. The database work they
 * cause is the API suites' own, and those run on PostgreSQL.
 */
const INTERFACE_HARNESSES = ['test/browser.ts', 'test/fuzz-openapi.ts', 'test/openapi-documents.ts']

/**
 * The test files that meet a database: those that load the database layer
 * (`src/shared/db/connect.ts`, directly or through any helper or service they import) or
 * name `DATABASE_URL` themselves or in a file they load (process-spawning tests hand it
 * to their children), except the suites of an interface over the API (browser consoles,
 * HTTP fuzzers, the generated OpenAPI documents and client). CI's second pass, on
 * PostgreSQL, runs only these: the others (pure functions, contracts on anvil, key
 * backends, interfaces) would run the same database code twice.
 * Paths relative to the repository, as vitest's `include` takes them.
 */
export function databaseTestFiles(): string[] {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const graph = readImportGraph(root)
  const meetsDatabase = new Map<string, boolean>()
  const names = (f: string) => {
    let v = meetsDatabase.get(f)
    if (v === undefined) {
      v = f === 'shared/db/connect.ts' || readFileSync(`${root}/${f}`, 'utf8').includes('DATABASE_URL')
      meetsDatabase.set(f, v)
    }
    return v
  }
  return graph.files
    .filter((f) => f.endsWith('.test.ts'))
    .filter((t) => {
      const loads = graph.reachableFrom(t).files
      return (names(t) || [...loads].some(names)) && !INTERFACE_HARNESSES.some((h) => loads.has(h))
    })
    .map((t) => `src/${t}`)
}

/** The tag a test file carries, in a comment, when CI's PostgreSQL pass must run it (decision 0115). */
export const POSTGRES_PASS_TAG = '@postgres-pass'

/**
 * The database test files tagged `@postgres-pass`: the suites whose subject is what the
 * engines may do differently — several connections or processes on one database (row
 * locks, SKIP LOCKED claims, several nodes), a process killed mid-transaction and started
 * again, the SQL of each shared mechanism (audit hash chain, webhook outbox, rate limits,
 * replay cache, idempotency, migrations), the pipelines' exactly-once — and one crash
 * suite per workflow engine. CI's PostgreSQL pass runs these; `npm run test:postgres-all`
 * runs every database suite there (decision 0115).
 */
export function postgresPassTestFiles(): string[] {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  return databaseTestFiles().filter((f) => readFileSync(`${root}/${f}`, 'utf8').includes(POSTGRES_PASS_TAG))
}
