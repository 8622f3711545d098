import { join } from 'node:path'
import { createLogger } from '../shared/logger.ts'
import { homeDir } from '../shared/config/common.ts'
import { bootService } from '../shared/service/boot.ts'
import { runMain, serveUntilStopped } from '../shared/service/run-service.ts'
import { systemClock } from '../shared/clock.ts'
import { publicClientFor } from '../chain/clients.ts'
import { readDeployments } from '../chain/deployments.ts'
import { loadPlatformConfig } from './config.ts'
import { platformMigrations } from './db/migrations.ts'
import type { PlatformDB } from './db/schema.ts'
import { buildPlatformApp } from './app.ts'

runMain('platform', async () => {
  const config = loadPlatformConfig(process.env)
  const logger = createLogger({ service: 'platform', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY })
  const home = homeDir(config.CUSTOS_HOME)
  const { database, chainId } = await bootService<PlatformDB>({
    service: 'platform',
    schema: 'platform',
    databaseUrl: config.PLATFORM_DATABASE_URL,
    defaultDataDir: join(home, 'platform', 'db'),
    migrations: platformMigrations,
    rpcUrl: config.RPC_URL,
    expectedChainId: config.CHAIN_ID,
    logger,
  })
  const app = await buildPlatformApp({
    db: database.db,
    databaseKind: database.target.kind,
    chain: {
      rpcUrl: config.RPC_URL,
      chainId,
      publicClient: publicClientFor(config.RPC_URL, chainId),
      deployments: readDeployments(config.DEPLOYMENTS_FILE ?? join(home, 'deployments.json')),
    },
    clock: systemClock,
    logger,
    config,
  })
  await serveUntilStopped(app, database, { host: config.PLATFORM_HOST, port: config.PLATFORM_PORT }, logger)
})
