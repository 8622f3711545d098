import { erc20Abi, getAddress, type Address } from 'viem'
import type { CustodyContext } from '../context.ts'
import { findVault } from '../pipeline/chain-cache.ts'
import { findAsset } from '../assets/read-assets.ts'
import type { AssetRow } from '../assets/schema.ts'
import type { TxStatus } from '../db/schema.ts'
import { CustosError } from '../../shared/errors.ts'
import { assessBalance, type TreasuryState } from './assess.ts'
import { serializeRule, type TreasuryDirection, type TreasuryRuleRow } from './schema.ts'

export interface RuleStatus {
  rule: ReturnType<typeof serializeRule>
  /** The hot vault's balance of the asset, read from the chain; null when it could not be read. */
  balance: string | null
  state: TreasuryState | null
  openProposal: { transactionId: string; direction: TreasuryDirection; status: string } | null
  /** Set by a check: the proposal this check made (or found made by an interrupted one). */
  proposed?: { transactionId: string; direction: TreasuryDirection; amount: string }
  error?: string
}

/** Every rule, by hot vault and asset. */
export async function listRules(ctx: CustodyContext): Promise<TreasuryRuleRow[]> {
  return ctx.db.selectFrom('treasury_rules').selectAll().orderBy('hot_vault_id').orderBy('asset_id').execute()
}

async function readBalance(ctx: CustodyContext, asset: AssetRow, holder: Address): Promise<bigint> {
  if (asset.kind === 'NATIVE' || !asset.contract_address) return ctx.chain.publicClient.getBalance({ address: holder })
  return ctx.chain.publicClient.readContract({ address: getAddress(asset.contract_address), abi: erc20Abi, functionName: 'balanceOf', args: [holder] })
}

export async function transactionStatus(ctx: CustodyContext, id: string): Promise<TxStatus | undefined> {
  return (await ctx.db.selectFrom('transactions').select('status').where('id', '=', id).executeTakeFirst())?.status as TxStatus | undefined
}

/** Each rule's balance and state, read now, without proposing anything. */
export async function readTreasuryStatus(ctx: CustodyContext): Promise<RuleStatus[]> {
  const rules = await ctx.db.selectFrom('treasury_rules').selectAll().orderBy('hot_vault_id').orderBy('asset_id').execute()
  const out: RuleStatus[] = []
  for (const rule of rules) {
    const base: RuleStatus = { rule: serializeRule(rule), balance: null, state: null, openProposal: await openProposalOf(ctx, rule) }
    try {
      const balance = await balanceOfRule(ctx, rule)
      out.push({ ...base, balance: balance.toString(), state: assessBalance(balance, boundsOf(rule)).state })
    } catch (err) {
      out.push({ ...base, error: String((err as Error)?.message ?? err).slice(0, 300) })
    }
  }
  return out
}

export async function openProposalOf(ctx: CustodyContext, rule: TreasuryRuleRow): Promise<RuleStatus['openProposal']> {
  if (!rule.open_tx_id || !rule.open_direction) return null
  return { transactionId: rule.open_tx_id, direction: rule.open_direction, status: (await transactionStatus(ctx, rule.open_tx_id)) ?? 'UNKNOWN' }
}

export function boundsOf(rule: TreasuryRuleRow) {
  return { floor: BigInt(rule.floor), target: BigInt(rule.target), ceiling: BigInt(rule.ceiling) }
}

export async function balanceOfRule(ctx: CustodyContext, rule: TreasuryRuleRow): Promise<bigint> {
  const asset = await findAsset(ctx, rule.asset_id)
  if (!asset) throw new CustosError('TREASURY_ASSET_GONE', `asset ${rule.asset_id} is no longer registered`)
  const hot = await findVault(ctx, rule.hot_vault_id)
  return readBalance(ctx, asset, hot!.address as Address)
}
