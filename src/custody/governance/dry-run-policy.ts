import type { Kysely } from 'kysely'
import type { ApiKeysTable } from '../../shared/auth/api-key-store.ts'
import type { CustodyContext } from '../context.ts'
import { compilePolicy, dryRun, type DecisionSummary, type DryRunItem, type PolicyDocument, type VaultTier } from '../policy/index.ts'
import { destinationOf, policyRequestOf } from './policy-request-of.ts'
import { policyRuntime } from './policy-runtime.ts'

const NOT_COUNTED = new Set(['BLOCKED', 'REJECTED', 'CANCELLED'])

export interface PolicyDryRunOptions {
  /** How many of the latest transactions to replay (default 1,000). */
  limit?: number
  /** Longest list of differences returned (default 200; the counts cover all). */
  maxDifferences?: number
}

/**
 * Replays the last `limit` client transactions (oldest first) through the active policy
 * and `draft`, and reports those the draft would decide differently. Each request is
 * rebuilt as the pipeline builds it, with today's whitelist, vault list and key groups;
 * a transaction counts toward later velocity totals if it was actually authorised.
 *
 * @example
 * const diff = await dryRunPolicy(ctx, draftDocument, { limit: 500 })
 * // { total: 500, changed: 3, transitions: { 'ALLOW->REQUIRE_APPROVAL': 3 }, differences: [...] }
 */
export async function dryRunPolicy(ctx: CustodyContext, draft: PolicyDocument, opts: PolicyDryRunOptions = {}) {
  const runtime = policyRuntime(ctx)
  await runtime.ready()
  const limit = Math.min(Math.max(opts.limit ?? 1000, 1), 10_000)
  const rows = await ctx.db
    .selectFrom('transactions as t')
    .leftJoin('tx_authorizations as a', 'a.transaction_id', 't.id')
    .selectAll('t')
    .select(['a.decided_at', 'a.authorized_at'])
    .where('t.kind', '=', 'USER')
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(limit)
    .execute()
  rows.reverse()

  const vaults = new Map((await ctx.db.selectFrom('vaults').select(['id', 'tier', 'address']).execute()).map((v) => [v.id, v]))
  const internal = new Set([...vaults.values()].map((v) => v.address.toLowerCase()))
  const keyIds = [...new Set(rows.map((r) => r.created_by))]
  const keys = keyIds.length
    ? await (ctx.db as unknown as Kysely<{ api_keys: ApiKeysTable }>).selectFrom('api_keys').select(['key_id', 'groups']).where('key_id', 'in', keyIds).execute()
    : []
  const groups = new Map(keys.map((k) => [k.key_id, k.groups as unknown as string[]]))

  const items: DryRunItem[] = rows.map((r) => {
    const dest = destinationOf(r).toLowerCase()
    const request = policyRequestOf(r, {
      tier: (vaults.get(r.source_vault_id)?.tier ?? 'hot') as VaultTier,
      groups: groups.get(r.created_by) ?? [],
      internal: internal.has(dest),
      whitelisted: runtime.isWhitelisted(dest),
    })
    return { id: r.id, at: r.decided_at ?? r.created_at, request, counted: r.authorized_at !== null && !NOT_COUNTED.has(r.status) }
  })
  const active = runtime.active
  const result = dryRun(active.compiled, compilePolicy(draft), items, { maxDifferences: opts.maxDifferences ?? 200 })
  const summary = (d: DecisionSummary) => ({ action: d.action, ruleId: d.ruleId, approval: d.approval ?? null, requireTokenChecks: d.requireTokenChecks })
  const byId = new Map(rows.map((r) => [r.id, r]))
  return {
    activeVersion: active.version,
    total: result.total,
    changed: result.changed,
    unchanged: result.unchanged,
    actionChanged: result.actionChanged,
    transitions: result.transitions,
    differences: result.differences.map((d) => ({
      transactionId: d.id,
      externalTxId: byId.get(d.id)?.external_tx_id ?? null,
      at: d.at.toISOString(),
      operation: d.request.operation,
      sourceVaultId: d.request.sourceVault.id,
      destination: d.request.destination.address,
      asset: d.request.asset,
      amount: d.request.amount.toString(),
      before: summary(d.before),
      after: summary(d.after),
    })),
  }
}
