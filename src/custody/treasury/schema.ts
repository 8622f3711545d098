import type { Selectable } from 'kysely'

export type TreasuryDirection = 'TOPUP' | 'SWEEP'

export interface TreasuryRulesTable {
  id: string
  hot_vault_id: string
  asset_id: string
  floor: string
  target: string
  ceiling: string
  source_vault_id: string
  sweep_vault_id: string
  episode: number
  open_tx_id: string | null
  open_direction: TreasuryDirection | null
  created_by: string
  created_at: Date
  updated_by: string
  updated_at: Date
}

export interface TreasuryDB {
  treasury_rules: TreasuryRulesTable
}

export type TreasuryRuleRow = Selectable<TreasuryRulesTable>

/** The API shape of a rule: amounts as decimal strings in the asset's base units. */
export function serializeRule(r: TreasuryRuleRow) {
  return {
    id: r.id,
    hotVaultId: r.hot_vault_id,
    assetId: r.asset_id,
    floor: r.floor,
    target: r.target,
    ceiling: r.ceiling,
    sourceVaultId: r.source_vault_id,
    sweepVaultId: r.sweep_vault_id,
    episode: r.episode,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    updatedBy: r.updated_by,
    updatedAt: new Date(r.updated_at).toISOString(),
  }
}
