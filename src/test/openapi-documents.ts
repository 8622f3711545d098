import type { Kysely } from 'kysely'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { publicClientFor } from '../chain/clients.ts'
import { openDatabase } from '../shared/db/connect.ts'
import { migrateToLatest } from '../shared/db/migrate.ts'
import { createLogger } from '../shared/logger.ts'
import { custodyMigrations } from '../custody/db/migrations.ts'
import type { CustodyDB } from '../custody/db/schema.ts'
import { loadCustodyConfig } from '../custody/config.ts'
import { createCustodyService } from '../custody/service.ts'
import { platformMigrations } from '../platform/db/migrations.ts'
import type { PlatformDB } from '../platform/db/schema.ts'
import { loadPlatformConfig } from '../platform/config.ts'
import { createPlatformService } from '../platform/service.ts'

export type OpenApiDocument = Record<string, unknown>

/** No node answers here: the services are built but never reach a chain. */
const NO_CHAIN = 'http://127.0.0.1:9'

/**
 * The OpenAPI document each service serves, taken from its app booted in this process on an
 * in-memory database, with no workers and no chain: what `/openapi.json` answers, without a
 * running stack. The documents depend only on the code (and the package version).
 */
export async function serviceOpenApiDocuments(): Promise<{ custody: OpenApiDocument; platform: OpenApiDocument }> {
  const home = mkdtempSync(join(tmpdir(), 'custos-openapi-'))
  const chainId = 31337
  const publicClient = publicClientFor(NO_CHAIN, chainId)
  try {
    const custodyDb = await openDatabase<CustodyDB>({ kind: 'pglite', dataDir: 'memory://' }, 'custody')
    await migrateToLatest(custodyDb.db as Kysely<unknown>, 'custody', custodyMigrations)
    const custodyEnv = { CUSTOS_HOME: home, RPC_URL: NO_CHAIN, LOG_LEVEL: 'silent', CUSTODY_MASTER_KEY: 'ab'.repeat(32), CUSTODY_WORKERS: '0', CUSTODY_DEPOSIT_WATCH: 'off' }
    const custodyConfig = loadCustodyConfig(custodyEnv)
    const custody = await createCustodyService({ config: custodyConfig, database: custodyDb, chain: { rpcUrl: NO_CHAIN, chainId, publicClient }, logger: createLogger({ service: 'custody', level: 'silent' }), env: custodyEnv })
    const custodyDoc = (await custody.app.inject({ method: 'GET', url: '/openapi.json' })).json() as OpenApiDocument
    await custody.close()
    await custodyDb.close()

    const platformDb = await openDatabase<PlatformDB>({ kind: 'pglite', dataDir: 'memory://' }, 'platform')
    await migrateToLatest(platformDb.db as Kysely<unknown>, 'platform', platformMigrations)
    const platformEnv = { CUSTOS_HOME: home, RPC_URL: NO_CHAIN, CUSTODY_URL: NO_CHAIN, LOG_LEVEL: 'silent', PLATFORM_MASTER_KEY: 'ef'.repeat(32), PLATFORM_WORKERS: '0' }
    const platformConfig = loadPlatformConfig(platformEnv)
    const platform = await createPlatformService({ config: platformConfig, database: platformDb, chain: { rpcUrl: NO_CHAIN, chainId, publicClient, deployments: null }, logger: createLogger({ service: 'platform', level: 'silent' }) })
    const platformDoc = (await platform.app.inject({ method: 'GET', url: '/openapi.json' })).json() as OpenApiDocument
    await platform.close()
    await platformDb.close()
    return { custody: custodyDoc, platform: platformDoc }
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}
