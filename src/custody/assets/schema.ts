import type { ColumnType, Selectable } from 'kysely'

export interface AssetsTable {
  /** Upper-case id such as `ETH` or `CUSD`, the name clients use (Fireblocks' `assetId`). */
  id: string
  chain_id: number
  kind: 'NATIVE' | 'ERC20'
  /** Checksummed; null for the native asset. */
  contract_address: string | null
  symbol: string
  name: string
  decimals: number
  created_by: string
  created_at: ColumnType<Date, Date, Date>
}

export interface AssetsDB {
  assets: AssetsTable
}

export type AssetRow = Selectable<AssetsTable>

/** The API shape of an asset. */
export function serializeAsset(a: AssetRow) {
  return {
    id: a.id,
    chainId: a.chain_id,
    kind: a.kind,
    contractAddress: a.contract_address,
    symbol: a.symbol,
    name: a.name,
    decimals: a.decimals,
    createdBy: a.created_by,
    createdAt: a.created_at.toISOString(),
  }
}

export type AssetView = ReturnType<typeof serializeAsset>
