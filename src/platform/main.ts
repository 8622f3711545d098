import { join } from 'node:path'
import { createLogger } from '../shared/logger.ts'
import { homeDir } from '../shared/config/common.ts'
import { bootService } from '../shared/service/boot.ts'
import { runMain, serveUntilStopped } from '../shared/service/run-service.ts'
import { publicClientFor } from '../chain/clients.ts'
import { readDeployments } from '../chain/deployments.ts'
import { loadPlatformConfig } from './config.ts'
import { platformMigrations } from './db/migrations.ts'
import type { PlatformDB } from './db/schema.ts'
import { createPlatformService } from './service.ts'
import { platformFailpoints } from './failpoints.ts'

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
  const service = await createPlatformService({
    config,
    database,
    chain: {
      rpcUrl: config.RPC_URL,
      chainId,
      publicClient: publicClientFor(config.RPC_URL, chainId),
      deployments: readDeployments(config.DEPLOYMENTS_FILE ?? join(home, 'deployments.json')),
    },
    logger,
    failpoint: platformFailpoints(process.env.PLATFORM_FAILPOINTS, join(home, 'platform', 'failpoints'), logger),
  })
  await serveUntilStopped({ listen: (o) => service.app.listen(o), close: () => service.close() }, database, { host: config.PLATFORM_HOST, port: config.PLATFORM_PORT, setting: 'PLATFORM_PORT' }, logger)
})
