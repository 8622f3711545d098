import { encodeFunctionData, erc20Abi, getAddress } from 'viem'
import type { CustodyContext } from '../context.ts'
import { recordChange } from '../events.ts'
import { findVault } from '../pipeline/chain-cache.ts'
import { findAsset } from '../assets/read-assets.ts'
import { FINAL_STATUSES } from '../db/schema.ts'
import { createTransaction, type Initiator } from '../transactions/create-transaction.ts'
import { CustosError } from '../../shared/errors.ts'
import { assessBalance, proposalExternalTxId } from './assess.ts'
import { serializeRule, type TreasuryRuleRow } from './schema.ts'
import { balanceOfRule, boundsOf, openProposalOf, transactionStatus, type RuleStatus } from './read-treasury.ts'

/** Who proposes: custody itself. Its transactions are grouped under their own client, so their externalTxIds never meet a caller's. */
export const TREASURY_INITIATOR: Initiator = { keyId: 'system:treasury', clientId: 'custody:treasury' }
const ACTOR = 'system:treasury'

/**
 * One rebalancing check over every rule (the loop's pass, and `POST /v1/treasury/check`).
 * A rule whose proposal is still open is left alone; one whose proposal is final starts a new
 * episode; then a balance below the floor or above the ceiling gets a proposal. A rule whose
 * balance cannot be read is reported and skipped; the others still run.
 *
 * @example
 * const made = (await runTreasuryCheck(ctx)).filter((s) => s.proposed)
 */
export async function runTreasuryCheck(ctx: CustodyContext, correlationId?: string): Promise<RuleStatus[]> {
  const ids = await ctx.db.selectFrom('treasury_rules').select('id').orderBy('hot_vault_id').orderBy('asset_id').execute()
  const out: RuleStatus[] = []
  for (const { id } of ids) {
    try {
      const r = await checkRule(ctx, id, correlationId)
      if (r) out.push(r)
    } catch (err) {
      ctx.logger.warn({ ruleId: id, err: String((err as Error)?.message ?? err).slice(0, 300) }, 'treasury check of a rule failed; the next check tries again')
      const rule = await ctx.db.selectFrom('treasury_rules').selectAll().where('id', '=', id).executeTakeFirst()
      if (rule) out.push({ rule: serializeRule(rule), balance: null, state: null, openProposal: await openProposalOf(ctx, rule), error: String((err as Error)?.message ?? err).slice(0, 300) })
    }
  }
  return out
}

async function checkRule(ctx: CustodyContext, id: string, correlationId?: string): Promise<RuleStatus | null> {
  let rule = await ctx.db.selectFrom('treasury_rules').selectAll().where('id', '=', id).executeTakeFirst()
  if (!rule) return null // deleted meanwhile
  // 1. The open proposal: still open → nothing to do; final → the episode ends.
  if (rule.open_tx_id) {
    const status = await transactionStatus(ctx, rule.open_tx_id)
    if (status && !FINAL_STATUSES.includes(status)) {
      const balance = await balanceOfRule(ctx, rule)
      return { rule: serializeRule(rule), balance: balance.toString(), state: assessBalance(balance, boundsOf(rule)).state, openProposal: { transactionId: rule.open_tx_id, direction: rule.open_direction!, status } }
    }
    rule = await closeEpisode(ctx, rule, status ?? 'UNKNOWN', correlationId)
    if (!rule) return null
  }
  // 2. The balance, read after the proposal ended, so a completed top-up is counted.
  const balance = await balanceOfRule(ctx, rule)
  const { state, proposal } = assessBalance(balance, boundsOf(rule))
  const view: RuleStatus = { rule: serializeRule(rule), balance: balance.toString(), state, openProposal: null }
  if (!proposal) return view

  // 3. The proposal of this episode: found if an earlier check made it (and stopped before recording it), else created.
  const externalTxId = proposalExternalTxId(rule.id, rule.episode)
  const asset = (await findAsset(ctx, rule.asset_id))!
  const hot = (await findVault(ctx, rule.hot_vault_id))!
  const from = proposal.direction === 'TOPUP' ? rule.source_vault_id : rule.hot_vault_id
  const toVault = proposal.direction === 'TOPUP' ? hot : (await findVault(ctx, rule.sweep_vault_id))!
  const toAddress = getAddress(toVault.address)
  const native = asset.kind === 'NATIVE' || !asset.contract_address
  const input = {
    externalTxId,
    sourceVaultId: from,
    to: native ? toAddress : getAddress(asset.contract_address!),
    value: native ? proposal.amount.toString() : '0',
    data: native ? '0x' : encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [toAddress, proposal.amount] }),
    note: `treasury ${proposal.direction === 'TOPUP' ? 'top-up' : 'sweep'} of ${asset.id} for hot vault ${rule.hot_vault_id} (rule ${rule.id}, episode ${rule.episode})`,
  }
  const existing = () => ctx.db.selectFrom('transactions').select(['id', 'status', 'amount']).where('client_id', '=', TREASURY_INITIATOR.clientId).where('external_tx_id', '=', externalTxId).executeTakeFirst()
  let tx = await existing()
  if (!tx) {
    try {
      const { transaction } = await createTransaction(ctx, { initiator: TREASURY_INITIATOR, input, ...(correlationId ? { correlationId } : {}) })
      tx = { id: transaction.id, status: transaction.status, amount: transaction.amount }
    } catch (err) {
      // Another check made this episode's proposal with another amount in the meantime: that one stands.
      if (!(err instanceof CustosError && err.code === 'EXTERNAL_TX_ID_REUSED')) throw err
      tx = (await existing())!
    }
  }
  const amount = tx.amount ?? proposal.amount.toString()
  // 4. Recorded on the rule, with its event and audit entry, once per episode.
  const now = ctx.clock.now()
  const recorded = await ctx.db.transaction().execute(async (t) => {
    const r = await t
      .updateTable('treasury_rules')
      .set({ open_tx_id: tx.id, open_direction: proposal.direction, updated_at: now })
      .where('id', '=', rule.id)
      .where('episode', '=', rule.episode)
      .where('open_tx_id', 'is', null)
      .executeTakeFirst()
    if (Number(r.numUpdatedRows) === 0) return false
    const data = {
      ruleId: rule.id,
      hotVaultId: rule.hot_vault_id,
      assetId: rule.asset_id,
      direction: proposal.direction,
      fromVaultId: from,
      toVaultId: toVault.id,
      amount,
      balance: balance.toString(),
      floor: rule.floor,
      target: rule.target,
      ceiling: rule.ceiling,
      episode: rule.episode,
      transactionId: tx.id,
      externalTxId,
    }
    const type = proposal.direction === 'TOPUP' ? 'treasury.topup_proposed' : 'treasury.sweep_proposed'
    await recordChange(t, ctx.events, { at: now, actor: ACTOR, action: type, targetType: 'treasury_rule', targetId: rule.id, after: data, correlationId: correlationId ?? null, event: { type, resourceType: 'treasury_rule', resourceId: rule.id, data } })
    return true
  })
  if (recorded) {
    ctx.events.committed?.()
    ctx.logger.info({ ruleId: rule.id, transactionId: tx.id, direction: proposal.direction, amount }, 'treasury proposal made')
  }
  const status = (await transactionStatus(ctx, tx.id)) ?? tx.status
  return { ...view, openProposal: { transactionId: tx.id, direction: proposal.direction, status }, ...(recorded ? { proposed: { transactionId: tx.id, direction: proposal.direction, amount } } : {}) }
}

/** Ends the rule's episode (its proposal is final), once, audited; returns the rule as it is now. */
async function closeEpisode(ctx: CustodyContext, rule: TreasuryRuleRow, status: string, correlationId?: string): Promise<TreasuryRuleRow | undefined> {
  const now = ctx.clock.now()
  await ctx.db.transaction().execute(async (t) => {
    const r = await t
      .updateTable('treasury_rules')
      .set({ open_tx_id: null, open_direction: null, episode: rule.episode + 1, updated_at: now })
      .where('id', '=', rule.id)
      .where('episode', '=', rule.episode)
      .executeTakeFirst()
    if (Number(r.numUpdatedRows) === 0) return
    await appendClose(t, ctx, rule, status, now, correlationId)
  })
  return ctx.db.selectFrom('treasury_rules').selectAll().where('id', '=', rule.id).executeTakeFirst()
}

async function appendClose(t: Parameters<typeof recordChange>[0], ctx: CustodyContext, rule: TreasuryRuleRow, status: string, at: Date, correlationId?: string) {
  await recordChange(t, ctx.events, {
    at,
    actor: ACTOR,
    action: 'treasury.proposal_closed',
    targetType: 'treasury_rule',
    targetId: rule.id,
    before: { episode: rule.episode, openTxId: rule.open_tx_id, direction: rule.open_direction },
    after: { episode: rule.episode + 1, openTxId: null, transactionStatus: status },
    correlationId: correlationId ?? null,
  })
}
