import { join } from 'node:path'
import { createLogger } from '../shared/logger.ts'
import { homeDir } from '../shared/config/common.ts'
import { bootService } from '../shared/service/boot.ts'
import { runMain, serveUntilStopped } from '../shared/service/run-service.ts'
import { publicClientFor } from '../chain/clients.ts'
import { loadCustodyConfig } from './config.ts'
import { custodyMigrations } from './db/migrations.ts'
import type { CustodyDB } from './db/schema.ts'
import { createCustodyService } from './service.ts'
import { crashFailpoints } from './pipeline/failpoints.ts'

/** All the chain's nodes when RPC_URLS names several (RPC_URL first), else none. */
function nodesOf(config: ReturnType<typeof loadCustodyConfig>) {
  const urls = [...new Set([config.RPC_URL, ...(config.RPC_URLS ?? '').split(',').filter(Boolean)])]
  return urls.length > 1 ? { urls, current: config.RPC_URL } : undefined
}

runMain('custody', async () => {
  const config = loadCustodyConfig(process.env)
  const logger = createLogger({ service: 'custody', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY })
  const { database, chainId } = await bootService<CustodyDB>({
    service: 'custody',
    schema: 'custody',
    databaseUrl: config.CUSTODY_DATABASE_URL,
    defaultDataDir: join(homeDir(config.CUSTOS_HOME), 'custody', 'db'),
    migrations: custodyMigrations,
    rpcUrl: config.RPC_URL,
    expectedChainId: config.CHAIN_ID,
    logger,
    // Custody serves its API (and queues transactions) while the node is down.
    startWithoutChain: true,
  })
  const service = await createCustodyService({
    config,
    database,
    chain: { rpcUrl: config.RPC_URL, chainId, publicClient: publicClientFor(config.RPC_URL, chainId), nodes: nodesOf(config) },
    logger,
    failpoint: crashFailpoints(process.env.CUSTODY_FAILPOINTS, join(homeDir(config.CUSTOS_HOME), 'custody', 'failpoints'), logger),
  })
  await serveUntilStopped({ listen: (o) => service.app.listen(o), close: () => service.close() }, database, { host: config.CUSTODY_HOST, port: config.CUSTODY_PORT, setting: 'CUSTODY_PORT' }, logger)
})
