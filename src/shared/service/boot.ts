import type { Migration } from 'kysely'
import type { Kysely } from 'kysely'
import { openDatabase, resolveDatabaseTarget, type Database } from '../db/connect.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { readChainId } from '../../chain/clients.ts'
import { ConfigError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import { pinChainId } from './meta.ts'

export interface BootOptions {
  service: string
  schema: string
  databaseUrl: string | undefined
  defaultDataDir: string
  migrations: Record<string, Migration>
  rpcUrl: string
  expectedChainId?: number | undefined
  logger: Logger
}

/**
 * What both services do before they serve: reach the chain, open and migrate
 * their own database, and check the database belongs to this chain.
 */
export async function bootService<DB>(opts: BootOptions): Promise<{ database: Database<DB>; chainId: number }> {
  let chainId: number
  try {
    chainId = await readChainId(opts.rpcUrl)
  } catch (cause) {
    throw new ConfigError(`cannot reach the chain at RPC_URL=${opts.rpcUrl}: ${(cause as Error).message}`)
  }
  if (opts.expectedChainId !== undefined && opts.expectedChainId !== chainId) {
    throw new ConfigError(`CHAIN_ID=${opts.expectedChainId} but ${opts.rpcUrl} serves chain ${chainId}`)
  }
  const target = resolveDatabaseTarget(opts.databaseUrl, opts.defaultDataDir)
  const database = await openDatabase<DB>(target, opts.schema)
  const applied = await migrateToLatest(database.db as Kysely<unknown>, opts.schema, opts.migrations)
  if (applied.length) opts.logger.info({ applied }, 'database migrated')
  await pinChainId(database.db as Kysely<unknown>, chainId)
  opts.logger.info({ database: target.kind, chainId }, `${opts.service} database ready`)
  return { database, chainId }
}
