import { defineConfig } from 'vitest/config'
import { databaseTestFiles, postgresPassTestFiles } from './src/test/database-test-files.ts'

export default defineConfig({
  test: {
    // On PostgreSQL (DATABASE_URL, CI's second pass) the suites tagged @postgres-pass run
    // (decision 0115); CUSTOS_TEST_POSTGRES=all (npm run test:postgres-all) runs every file
    // that meets a database (decision 0114). The rest would run the same code twice.
    include: process.env.DATABASE_URL
      ? process.env.CUSTOS_TEST_POSTGRES === 'all' ? databaseTestFiles() : postgresPassTestFiles()
      : ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Each test file starts its own anvil and database; files run in parallel
    // workers (two cores), tests inside a file run in order. A worker keeps its
    // loaded modules from one file to the next (isolate: false): no test stubs a
    // module or a global, and the source's module-level caches are keyed by
    // service context, so re-importing viem, Fastify and PGlite's WebAssembly for
    // every file was pure cost (decision 0093).
    pool: 'forks',
    isolate: false,
    poolOptions: { forks: { maxForks: 2, minForks: 1, isolate: false } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['src/test/global-setup.ts'],
    reporters: process.env.CI ? ['default'] : ['default'],
  },
})
