import type { Migration } from 'kysely'
import type { Kysely } from 'kysely'
import { openDatabase, resolveDatabaseTarget, type Database } from '../db/connect.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { readChainId } from '../../chain/clients.ts'
import { ConfigError, isCustosError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import { pinChainId, readPinnedChainId } from './meta.ts'
import { chainUnreachable, databaseUnreachable, wrongChain } from './startup-errors.ts'

export interface BootOptions {
  service: string
  schema: string
  databaseUrl: string | undefined
  /** The variable `databaseUrl` came from, named in start-up errors (default `<SERVICE>_DATABASE_URL`). */
  databaseSetting?: string
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
    if (!opts.startWithoutChain) throw chainUnreachable('RPC_URL', opts.rpcUrl, cause)
    opts.logger.warn({ rpcUrl: opts.rpcUrl, err: (cause as Error).message }, 'the chain does not answer: starting anyway; chain work waits until it does')
  }
  if (chainId !== undefined && opts.expectedChainId !== undefined && opts.expectedChainId !== chainId) throw wrongChain('CHAIN_ID', opts.expectedChainId, opts.rpcUrl, chainId)
  const target = resolveDatabaseTarget(opts.databaseUrl, opts.defaultDataDir)
  let database: Database<DB>
  try {
    database = await openDatabase<DB>(target, opts.schema)
  } catch (cause) {
    if (target.kind !== 'postgres' || isCustosError(cause)) throw cause
    throw databaseUnreachable(opts.databaseSetting ?? `${opts.service.toUpperCase()}_DATABASE_URL`, target.url, cause)
  }
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
