import { randomUUID } from 'node:crypto'
import type { CustodyContext } from '../context.ts'
import { recordChange } from '../events.ts'
import { findVault } from '../pipeline/chain-cache.ts'
import { findAsset } from '../assets/read-assets.ts'
import { ConflictError, CustosError, NotFoundError } from '../../shared/errors.ts'
import { boundsProblem } from './assess.ts'
import { serializeRule, type TreasuryRuleRow } from './schema.ts'

export interface RuleInput {
  floor: string
  target: string
  ceiling: string
  sourceVaultId: string
  sweepVaultId: string
}

export interface Actor {
  actor: string
  correlationId?: string
}

function invalid(code: string, message: string, details?: Record<string, unknown>): CustosError {
  return new CustosError(code, message, { status: 422, details })
}

/** Checks a rule against custody's vaults and assets; throws the first problem (nothing is stored). */
async function validate(ctx: CustodyContext, hotVaultId: string, assetId: string, input: RuleInput): Promise<void> {
  const hot = await findVault(ctx, hotVaultId)
  if (!hot) throw new NotFoundError('vault', hotVaultId)
  if (!(await findAsset(ctx, assetId))) throw new NotFoundError('asset', assetId)
  if (hot.tier !== 'hot') throw invalid('TREASURY_NOT_HOT_VAULT', `vault ${hotVaultId} is ${hot.tier}: rebalancing rules are for hot vaults`, { hotVaultId, tier: hot.tier })
  const problem = boundsProblem({ floor: BigInt(input.floor), target: BigInt(input.target), ceiling: BigInt(input.ceiling) })
  if (problem) throw invalid('TREASURY_BOUNDS_INVALID', problem, { floor: input.floor, target: input.target, ceiling: input.ceiling })
  for (const [field, id] of [['sourceVaultId', input.sourceVaultId], ['sweepVaultId', input.sweepVaultId]] as const) {
    const v = await findVault(ctx, id)
    if (!v) throw invalid('TREASURY_VAULT_UNKNOWN', `${field}: vault ${id} does not exist`, { field, vaultId: id })
    if (v.tier !== 'warm' && v.tier !== 'cold') throw invalid('TREASURY_VAULT_TIER', `${field}: vault ${id} is ${v.tier}; a top-up source or sweep destination must be warm or cold`, { field, vaultId: id, tier: v.tier })
  }
}

/**
 * Creates or replaces the rule of a hot vault and asset; audited with its before and after.
 *
 * @example
 * await putRule(ctx, hotVaultId, 'ETH', { floor: '1000', target: '5000', ceiling: '10000', sourceVaultId: warmId, sweepVaultId: coldId }, { actor: 'apikey:k1' })
 */
export async function putRule(ctx: CustodyContext, hotVaultId: string, assetId: string, input: RuleInput, by: Actor): Promise<{ rule: TreasuryRuleRow; created: boolean }> {
  await validate(ctx, hotVaultId, assetId, input)
  const now = ctx.clock.now()
  const values = {
    floor: BigInt(input.floor).toString(),
    target: BigInt(input.target).toString(),
    ceiling: BigInt(input.ceiling).toString(),
    source_vault_id: input.sourceVaultId,
    sweep_vault_id: input.sweepVaultId,
    updated_by: by.actor,
    updated_at: now,
  }
  const result = await ctx.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('treasury_rules').selectAll().where('hot_vault_id', '=', hotVaultId).where('asset_id', '=', assetId).forUpdate().executeTakeFirst()
    let rule: TreasuryRuleRow
    if (before) {
      rule = await tx.updateTable('treasury_rules').set(values).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow()
    } else {
      const inserted = await tx
        .insertInto('treasury_rules')
        .values({ id: randomUUID(), hot_vault_id: hotVaultId, asset_id: assetId, episode: 0, open_tx_id: null, open_direction: null, created_by: by.actor, created_at: now, ...values })
        .onConflict((oc) => oc.columns(['hot_vault_id', 'asset_id']).doNothing())
        .returningAll()
        .executeTakeFirst()
      // Another request created this rule at the same moment: its caller may read it and try again.
      if (!inserted) throw new ConflictError('TREASURY_RULE_CHANGED', `the rule of vault ${hotVaultId} for ${assetId} was just created by another request`)
      rule = inserted
    }
    await recordChange(tx, ctx.events, {
      at: now,
      actor: by.actor,
      action: before ? 'treasury.rule.updated' : 'treasury.rule.created',
      targetType: 'treasury_rule',
      targetId: rule.id,
      before: before ? serializeRule(before) : undefined,
      after: serializeRule(rule),
      correlationId: by.correlationId ?? null,
    })
    return { rule, created: !before }
  })
  ctx.events.committed?.()
  return result
}

/** Removes a rule; a proposal it made stays an ordinary transaction. Audited. */
export async function deleteRule(ctx: CustodyContext, hotVaultId: string, assetId: string, by: Actor): Promise<void> {
  const now = ctx.clock.now()
  await ctx.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('treasury_rules').selectAll().where('hot_vault_id', '=', hotVaultId).where('asset_id', '=', assetId).forUpdate().executeTakeFirst()
    if (!before) throw new NotFoundError('treasury rule', `${hotVaultId}/${assetId}`)
    await tx.deleteFrom('treasury_rules').where('id', '=', before.id).execute()
    await recordChange(tx, ctx.events, { at: now, actor: by.actor, action: 'treasury.rule.deleted', targetType: 'treasury_rule', targetId: before.id, before: serializeRule(before), correlationId: by.correlationId ?? null })
  })
  ctx.events.committed?.()
}
