import type { Kysely } from 'kysely'
import type { Chain, PublicClient, Transport } from 'viem'
import type { Clock } from '../shared/clock.ts'
import type { Logger } from '../shared/logger.ts'
import type { CustodyConfig } from './config.ts'
import type { CustodyDB } from './db/schema.ts'

/** What every custody service function takes: plain values, no framework objects. */
export interface CustodyContext {
  db: Kysely<CustodyDB>
  databaseKind: 'pglite' | 'postgres'
  chain: { rpcUrl: string; chainId: number; publicClient: PublicClient<Transport, Chain> }
  clock: Clock
  logger: Logger
  config: CustodyConfig
}
