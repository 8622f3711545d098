import type { Selectable } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { IndexerSourcesTable } from './tables.ts'
import { activeTokenContracts } from '../tokens/read-tokens.ts'

export type SourceRow = Selectable<IndexerSourcesTable>

/** The platform-wide identity registry of this chain, if the deployments describe it. */
export function platformRegistry(ctx: Pick<PlatformContext, 'chain'>): string | null {
  const d = ctx.chain.deployments
  return d && d.chainId === ctx.chain.chainId ? d.identityRegistry.registry.toLowerCase() : null
}

/**
 * Registers the contracts the indexer follows that it does not follow yet:
 * every ACTIVE token from its deploy block (so a token deployed later is
 * read from its beginning) and the platform identity registry from
 * PLATFORM_INDEXER_START_BLOCK. Idempotent.
 */
export async function ensureSources(ctx: Pick<PlatformContext, 'db' | 'chain' | 'clock' | 'config'>): Promise<SourceRow[]> {
  const now = ctx.clock.now()
  const known = new Set((await ctx.db.selectFrom('indexer_sources').select('address').execute()).map((s) => s.address))
  const fresh: Array<{ address: string; kind: 'TOKEN' | 'IDENTITY_REGISTRY'; token_id: string | null; start_block: bigint }> = []
  const registry = platformRegistry(ctx)
  if (registry && !known.has(registry)) fresh.push({ address: registry, kind: 'IDENTITY_REGISTRY', token_id: null, start_block: BigInt(ctx.config.PLATFORM_INDEXER_START_BLOCK) })
  const tokens = await activeTokenContracts(ctx)
  for (const t of tokens) {
    const address = t.token_address.toLowerCase()
    if (!known.has(address)) fresh.push({ address, kind: 'TOKEN', token_id: t.id, start_block: t.deploy_block ?? 0n })
  }
  if (fresh.length > 0) {
    await ctx.db
      .insertInto('indexer_sources')
      .values(fresh.map((s) => ({ ...s, synced_to: s.start_block - 1n, created_at: now })))
      .onConflict((oc) => oc.column('address').doNothing())
      .execute()
  }
  return ctx.db.selectFrom('indexer_sources').selectAll().orderBy('synced_to').orderBy('address').execute()
}
