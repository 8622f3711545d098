import { sql, type Kysely, type Migration } from 'kysely'
import { ConfigError } from '../errors.ts'

/** Migration for the one-row-per-key table every service keeps about itself. */
export const serviceMetaMigration: Migration = {
  async up(db) {
    await sql`create table service_meta (key text primary key, value text not null, updated_at timestamptz not null default now())`.execute(db)
  },
}

interface MetaDB {
  service_meta: { key: string; value: string; updated_at: Date }
}

/**
 * Binds a database to the chain it was first used with: a service pointed at
 * another chain would act on addresses and nonces that mean nothing there.
 */
export async function pinChainId(db: Kysely<unknown>, chainId: number): Promise<void> {
  const k = db as unknown as Kysely<MetaDB>
  await k.insertInto('service_meta').values({ key: 'chain_id', value: String(chainId) } as never).onConflict((oc) => oc.column('key').doNothing()).execute()
  const row = await k.selectFrom('service_meta').select('value').where('key', '=', 'chain_id').executeTakeFirstOrThrow()
  if (row.value !== String(chainId)) {
    throw new ConfigError(`this database belongs to chain ${row.value} but the RPC serves chain ${chainId}: point the service at the right chain or at a new database`)
  }
}

/** The chain id pinned on an earlier start, if any. */
export async function readPinnedChainId(db: Kysely<unknown>): Promise<number | undefined> {
  const row = await (db as unknown as Kysely<MetaDB>).selectFrom('service_meta').select('value').where('key', '=', 'chain_id').executeTakeFirst()
  return row ? Number(row.value) : undefined
}
