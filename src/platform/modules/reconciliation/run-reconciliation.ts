import type { PlatformContext } from '../../context.ts'
import { hashAt, readIndexerHead } from '../indexer/public.ts'
import { checkOperations } from './check-operations.ts'
import { checkSupply, type SupplyCheck } from './check-supply.ts'
import { checkTransfers } from './check-transfers.ts'
import { raiseAlert, resolveAlert, RECONCILIATION_ACTOR, type Drift } from './raise-alert.ts'
import { serializeAlert, type AlertRow } from './read-alerts.ts'
import { markReconciled } from './reconciled-operations.ts'

export interface ReconciliationResult {
  ranAt: string
  /** SKIPPED when there is nothing indexed yet, or the indexed head is no longer canonical (the indexer is about to roll back). */
  status: 'COMPLETED' | 'SKIPPED'
  reason: string | null
  indexedHead: { number: string; hash: string } | null
  operations: { checked: number; matched: number; pending: number; drifted: number }
  transfers: { unexplained: number; deferred: number }
  supply: SupplyCheck[]
  /** Alerts raised by this run. */
  raised: ReturnType<typeof serializeAlert>[]
  /** Alerts this run found no longer true, resolved by it. */
  resolved: ReturnType<typeof serializeAlert>[]
  openAlerts: number
}

/**
 * Compares what the platform instructed with what the index shows, at the
 * indexed head: completed operations against their transaction's Transfer
 * events, every indexed Transfer against the operations, and each token's
 * indexed supply against `totalSupply()`. Each drift raises one alert
 * (audited, with a webhook event); an open alert whose drift this run no
 * longer finds is resolved by reconciliation. An operation whose block is
 * not indexed yet is not drift. Runs concurrently with the indexer: it
 * reads committed index state only.
 */
export async function runReconciliation(ctx: PlatformContext, actor = RECONCILIATION_ACTOR): Promise<ReconciliationResult> {
  const ranAt = ctx.clock.now().toISOString()
  const head = await readIndexerHead(ctx.db)
  const empty = { operations: { checked: 0, matched: 0, pending: 0, drifted: 0 }, transfers: { unexplained: 0, deferred: 0 }, supply: [], raised: [], resolved: [] }
  if (head.number === null || head.hash === null) return { ranAt, status: 'SKIPPED', reason: 'nothing indexed yet', indexedHead: null, ...empty, openAlerts: await countOpen(ctx) }
  const indexedHead = { number: head.number.toString(), hash: head.hash }
  if ((await hashAt(ctx.chain.publicClient, head.number)) !== head.hash) {
    return { ranAt, status: 'SKIPPED', reason: 'the indexed head is no longer canonical: the indexer rolls back first', indexedHead, ...empty, openAlerts: await countOpen(ctx) }
  }

  const ops = await checkOperations(ctx)
  const transfers = await checkTransfers(ctx)
  const supply = await checkSupply(ctx)

  const raised: AlertRow[] = []
  const resolved: AlertRow[] = []
  for (const d of [...ops.drifts, ...transfers.drifts, ...supply.drifts]) {
    const r = await raiseAlert(ctx, d, actor)
    if (r.outcome === 'raised') raised.push(r.alert)
  }
  await markReconciled(ctx, ops.matched)

  // Open alerts whose drift this run looked for and no longer finds.
  const found = new Set<string>([...ops.drifts, ...transfers.drifts, ...supply.drifts].map((d: Drift) => d.key))
  const checkedOps = new Set(ops.checked)
  const comparedTokens = new Set(supply.tokens.filter((t) => t.status !== 'SKIPPED').map((t) => t.tokenId))
  const deferred = new Set(transfers.deferred)
  const open = await ctx.db.selectFrom('reconciliation_alerts').selectAll().where('status', '=', 'OPEN').execute()
  for (const a of open) {
    // Custody's reorg alerts are resolved by custody's word that the transaction is final again (custody-reorg-alert.ts).
    if (found.has(a.dedupe_key) || a.kind === 'CUSTODY_TRANSACTION_REORGED') continue
    const gone =
      a.kind === 'UNEXPLAINED_TRANSFER'
        ? !deferred.has(a.dedupe_key)
        : a.kind === 'SUPPLY_MISMATCH'
          ? a.token_id !== null && comparedTokens.has(a.token_id)
          : a.operation_id !== null && checkedOps.has(a.operation_id)
    if (!gone) continue
    const r = await resolveAlert(ctx, a.id, { actor: RECONCILIATION_ACTOR, resolution: 'no longer found by reconciliation' })
    if (r) resolved.push(r)
  }

  const result: ReconciliationResult = {
    ranAt,
    status: 'COMPLETED',
    reason: null,
    indexedHead,
    operations: { checked: ops.checked.length, matched: ops.matched.length, pending: ops.pending.length, drifted: ops.drifts.length },
    transfers: { unexplained: transfers.drifts.length, deferred: transfers.deferred.length },
    supply: supply.tokens,
    raised: raised.map(serializeAlert),
    resolved: resolved.map(serializeAlert),
    openAlerts: await countOpen(ctx),
  }
  if (raised.length > 0 || resolved.length > 0) ctx.logger.info({ raised: raised.length, resolved: resolved.length, openAlerts: result.openAlerts }, 'reconciliation ran')
  return result
}

async function countOpen(ctx: PlatformContext): Promise<number> {
  const r = await ctx.db.selectFrom('reconciliation_alerts').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'OPEN').executeTakeFirstOrThrow()
  return Number(r.n)
}
