import type { Kysely } from 'kysely'
import type { Chain, PublicClient, Transport } from 'viem'
import type { Clock } from '../shared/clock.ts'
import type { Logger } from '../shared/logger.ts'
import type { Deployments } from '../chain/deployments.ts'
import type { PlatformConfig } from './config.ts'
import type { PlatformDB } from './db/schema.ts'

/** What every platform service function takes. The platform reads the chain; it never signs. */
export interface PlatformContext {
  db: Kysely<PlatformDB>
  databaseKind: 'pglite' | 'postgres'
  chain: { rpcUrl: string; chainId: number; publicClient: PublicClient<Transport, Chain>; deployments: Deployments | null }
  clock: Clock
  logger: Logger
  config: PlatformConfig
}
