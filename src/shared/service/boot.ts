import type { Migration } from 'kysely'
import type { Kysely } from 'kysely'
import { openDatabase, resolveDatabaseTarget, type Database } from '../db/connect.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { readChainId } from '../../chain/clients.ts'
import { ConfigError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import { pinChainId, readPinnedChainId } from './meta.ts'

export interface BootOptions {
  service: string
  schema: string
  databaseUrl: string | undefined
  defaultDataDir: string
  migrations: Record<string, Migration>
  rpcUrl: string
  expectedChainId?: number | undefined
  logger: Logger
  /**
   * Start even when the RPC does not answer, taking the chain id from CHAIN_ID or from the
   * database (pinned on an earlier start); chain work waits until the node is back.
   */
  startWithoutChain?: boolean
}

/**
 * What both services do before they serve: reach the chain, open and migrate
 * their own database, and check the database belongs to this chain.
 */
export async function bootService<DB>(opts: BootOptions): Promise<{ database: Database<DB>; chainId: number }> {
  let chainId: number | undefined
  try {
    chainId = await readChainId(opts.rpcUrl)
  } catch (cause) {
    if (!opts.startWithoutChain) throw new ConfigError(`cannot reach the chain at RPC_URL=${opts.rpcUrl}: ${(cause as Error).message}`)
    opts.logger.warn({ rpcUrl: opts.rpcUrl, err: (cause as Error).message }, 'the chain does not answer: starting anyway; chain work waits until it does')
  }
  if (chainId !== undefined && opts.expectedChainId !== undefined && opts.expectedChainId !== chainId) {
    throw new ConfigError(`CHAIN_ID=${opts.expectedChainId} but ${opts.rpcUrl} serves chain ${chainId}`)
  }
  const target = resolveDatabaseTarget(opts.databaseUrl, opts.defaultDataDir)
  const database = await openDatabase<DB>(target, opts.schema)
  const applied = await migrateToLatest(database.db as Kysely<unknown>, opts.schema, opts.migrations)
  if (applied.length) opts.logger.info({ applied }, 'database migrated')
  if (chainId === undefined) {
    const pinned = await readPinnedChainId(database.db as Kysely<unknown>)
    chainId = opts.expectedChainId ?? pinned
    if (chainId === undefined) {
      await database.close()
      throw new ConfigError(`cannot reach the chain at RPC_URL=${opts.rpcUrl}, and neither CHAIN_ID nor the database says which chain it is`)
    }
  }
  await pinChainId(database.db as Kysely<unknown>, chainId)
  opts.logger.info({ database: target.kind, chainId }, `${opts.service} database ready`)
  return { database, chainId }
}
