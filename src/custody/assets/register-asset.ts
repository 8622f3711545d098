import { getAddress, isAddress } from 'viem'
import type { CustodyContext } from '../context.ts'
import { recordChange } from '../events.ts'
import { ConflictError, ValidationError } from '../../shared/errors.ts'
import { serializeAsset, type AssetRow } from './schema.ts'

export interface RegisterAssetParameters {
  /** Upper-case letters, digits and `_`, e.g. `CUSD`. */
  id: string
  kind: 'NATIVE' | 'ERC20'
  /** Required for ERC20, absent for NATIVE. */
  contractAddress?: string
  symbol: string
  name: string
  decimals: number
}

export const ASSET_ID_PATTERN = '^[A-Z][A-Z0-9_]{0,63}$'
const ASSET_ID = new RegExp(ASSET_ID_PATTERN)

/**
 * Adds an asset to the registry of custody's chain. Registering the same asset again
 * (same id, kind, contract, symbol, name and decimals) returns the existing row; another
 * asset under a taken id, or a contract already registered under another id, is a 409.
 *
 * @example
 * await registerAsset(ctx, { id: 'CUSD', kind: 'ERC20', contractAddress: '0x…', symbol: 'cUSD', name: 'Custos Dev USD', decimals: 6 }, 'apikey:ck_…')
 */
export async function registerAsset(ctx: CustodyContext, p: RegisterAssetParameters, actor: string, correlationId?: string): Promise<{ asset: AssetRow; created: boolean }> {
  if (!ASSET_ID.test(p.id)) throw new ValidationError(`asset id must match ${ASSET_ID_PATTERN}`, { field: 'id' })
  if (!Number.isInteger(p.decimals) || p.decimals < 0 || p.decimals > 36) throw new ValidationError('decimals must be an integer from 0 to 36', { field: 'decimals' })
  if (p.kind === 'ERC20' && (!p.contractAddress || !isAddress(p.contractAddress, { strict: false }))) {
    throw new ValidationError('an ERC20 asset needs its contractAddress', { field: 'contractAddress' })
  }
  if (p.kind === 'NATIVE' && p.contractAddress) throw new ValidationError('the native asset has no contractAddress', { field: 'contractAddress' })
  const contract = p.kind === 'ERC20' ? getAddress(p.contractAddress!) : null
  const chainId = ctx.chain.chainId
  const now = ctx.clock.now()
  const wanted = { id: p.id, chain_id: chainId, kind: p.kind, contract_address: contract, symbol: p.symbol, name: p.name, decimals: p.decimals }

  const result = await ctx.db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('assets')
      .values({ ...wanted, created_by: actor, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst()
    if (!inserted) return null
    const view = serializeAsset(inserted)
    await recordChange(tx, ctx.events, {
      at: now,
      actor,
      action: 'asset.registered',
      targetType: 'asset',
      targetId: inserted.id,
      after: view,
      correlationId: correlationId ?? null,
      event: { type: 'asset.registered', resourceType: 'asset', resourceId: inserted.id, data: view },
    })
    return inserted
  })
  if (result) {
    ctx.events.committed?.()
    return { asset: result, created: true }
  }

  // Taken: the same asset again is a repeat; anything else names what holds the place.
  const byId = await ctx.db.selectFrom('assets').selectAll().where('id', '=', p.id).executeTakeFirst()
  if (byId && sameAsset(byId, wanted)) return { asset: byId, created: false }
  if (byId) throw new ConflictError('ASSET_ID_TAKEN', `asset id ${p.id} is registered for another asset`, { assetId: p.id })
  const holder = await ctx.db
    .selectFrom('assets')
    .select('id')
    .where('chain_id', '=', chainId)
    .where((eb) => (contract ? eb('contract_address', '=', contract) : eb('kind', '=', 'NATIVE')))
    .executeTakeFirst()
  throw new ConflictError('ASSET_ALREADY_REGISTERED', contract ? `contract ${contract} is registered as ${holder?.id}` : `the native asset is registered as ${holder?.id}`, { assetId: holder?.id ?? null })
}

function sameAsset(row: AssetRow, w: Omit<AssetRow, 'created_by' | 'created_at'>): boolean {
  return row.chain_id === w.chain_id && row.kind === w.kind && row.contract_address === w.contract_address && row.symbol === w.symbol && row.name === w.name && row.decimals === w.decimals
}
