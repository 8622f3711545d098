import { NotFoundError, ValidationError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import { distributionWorkflowId } from './workflow-ids.ts'
import { findWorkflow } from '../../engine/read-workflows.ts'
import type { DistributionRow, EntitlementRow } from './tables.ts'
import { takeSnapshot } from './take-snapshot.ts'
import { DistributionStateError } from './errors.ts'

/** CLAIM only: what holders claimed and what returned to the treasury after the deadline. */
const claimTotals = (d: DistributionRow) => (d.mode === 'CLAIM' ? { claimed: d.claimed_total, reclaimed: d.reclaimed_total } : {})

export async function getDistributionRow(ctx: Pick<PlatformContext, 'db'>, id: string): Promise<DistributionRow> {
  const row = await ctx.db.selectFrom('distributions').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('distribution', id)
  return row
}

/** A distribution as the API shows it: terms, status, totals, approvals, vaults, payout progress. */
export async function distributionView(ctx: Pick<PlatformContext, 'db'>, d: DistributionRow) {
  const [wf, chunks, claimedSoFar] = await Promise.all([
    findWorkflow(ctx, distributionWorkflowId(d.id)),
    ctx.db.selectFrom('distribution_chunks').select(['chunk_index', 'purpose', 'status', 'external_tx_id', 'custody_tx_id', 'tx_hash', 'total', 'paid_total', 'failed', 'reconciled_at']).where('distribution_id', '=', d.id).orderBy('chunk_index').execute(),
    d.mode === 'CLAIM'
      ? ctx.db.selectFrom('distribution_claims').select('amount').where('distribution_id', '=', d.id).where('status', '=', 'CLAIMED').execute().then((rs) => rs.reduce((s, r) => s + BigInt(r.amount), 0n).toString())
      : Promise.resolve(null),
  ])
  const iso = (x: Date | null) => x?.toISOString() ?? null
  return {
    id: d.id,
    tokenId: d.token_id,
    kind: d.kind,
    asset: d.asset,
    assetDecimals: d.asset_decimals,
    amountPerToken: d.amount_per_token,
    totalAmount: d.total_amount,
    recordDate: iso(d.record_date),
    recordBlock: d.record_block,
    paymentDate: d.payment_date.toISOString(),
    holdersPolicy: d.holders_policy,
    mode: d.mode,
    claimDeadline: iso(d.claim_deadline),
    autoClaim: d.mode === 'CLAIM' ? d.auto_claim : null,
    status: d.status,
    statusCode: d.status_code,
    statusReason: d.status_reason,
    totals: { gross: d.gross_total, withheld: d.withheld_total, net: d.net_total, escrowed: d.escrowed_total, excluded: d.excluded_total, remainder: d.remainder, ...claimTotals(d) },
    claimRound:
      d.mode === 'CLAIM'
        ? { roundId: d.claim_round_id, root: d.claim_root, total: d.claim_total, claimed: d.claimed_total ?? claimedSoFar, reclaimed: d.reclaimed_total, reclaimTxHash: d.reclaim_tx_hash, taxRemitted: d.tax_remitted, taxTxHash: d.tax_tx_hash, openedAt: iso(d.claims_opened_at), closedAt: iso(d.closed_at) }
        : null,
    batchMintId: d.batch_mint_id,
    approvals: d.approvals.map((a) => ({ role: a.role, as: a.as, at: a.at })),
    vaults: { treasury: { vaultId: d.treasury_vault_id, address: d.treasury_address }, tax: d.tax_vault_address, escrow: d.escrow_vault_address },
    chunks: chunks.map((c) => ({
      index: c.chunk_index,
      purpose: c.purpose,
      status: c.status,
      externalTxId: c.external_tx_id,
      custodyTxId: c.custody_tx_id,
      txHash: c.tx_hash,
      total: c.total,
      paidTotal: c.paid_total,
      failed: c.failed ?? [],
      reconciledAt: iso(c.reconciled_at),
    })),
    workflow: wf ? { status: wf.status, step: wf.step, lastError: wf.last_error, lastErrorCode: wf.last_error_code, waitingFor: ((wf.state ?? {}) as { waitingFor?: string | null }).waitingFor ?? null } : null,
    createdBy: d.created_by,
    createdAt: d.created_at.toISOString(),
    snapshotAt: iso(d.snapshot_at),
    approvedAt: iso(d.approved_at),
    disbursedAt: iso(d.disbursed_at),
    closedAt: iso(d.closed_at),
  }
}

export async function getDistribution(ctx: Pick<PlatformContext, 'db'>, id: string) {
  return distributionView(ctx, await getDistributionRow(ctx, id))
}

export async function listDistributions(ctx: Pick<PlatformContext, 'db'>, tokenId: string) {
  const rows = await ctx.db.selectFrom('distributions').selectAll().where('token_id', '=', tokenId).orderBy('created_at').orderBy('id').execute()
  return { items: await Promise.all(rows.map((r) => distributionView(ctx, r))), nextCursor: null }
}

const entitlementView = (e: Pick<EntitlementRow, 'holder' | 'investor_id' | 'country' | 'balance' | 'gross' | 'rate_bps' | 'rate_source' | 'withheld' | 'net' | 'treatment' | 'treatment_reason' | 'status' | 'status_reason' | 'tx_hash'>) => ({
  holder: e.holder,
  investorId: e.investor_id,
  country: e.country,
  balance: e.balance,
  gross: e.gross,
  withholdingRateBps: e.rate_bps,
  withholdingSource: e.rate_source,
  withheld: e.withheld,
  net: e.net,
  treatment: e.treatment,
  treatmentReason: e.treatment_reason,
  status: e.status,
  statusReason: e.status_reason,
  txHash: e.tx_hash,
})

/**
 * The entitlements: frozen rows once the snapshot is taken; before it, a
 * preview computed now at the record point (`frozen: false`), or 409
 * DISTRIBUTION_SNAPSHOT_NOT_READY with why (record date ahead, indexer behind).
 */
export async function readEntitlements(ctx: PlatformContext, id: string) {
  const d = await getDistributionRow(ctx, id)
  if (d.status === 'DECLARED') {
    const snap = await takeSnapshot(ctx, d)
    if (!snap.ready) throw new DistributionStateError('DISTRIBUTION_SNAPSHOT_NOT_READY', `no preview yet: ${snap.why}`)
    const r = snap.result
    return {
      distributionId: d.id,
      frozen: false,
      recordBlock: snap.recordBlock.toString(),
      totals: { gross: r.grossTotal.toString(), withheld: r.withheldTotal.toString(), net: r.netTotal.toString(), escrowed: r.escrowedTotal.toString(), excluded: r.excludedTotal.toString(), remainder: r.remainder.toString() },
      items: r.items.map((e) =>
        entitlementView({ holder: e.holder, investor_id: e.investorId, country: e.country, balance: e.balance.toString(), gross: e.gross.toString(), rate_bps: e.rate.bps, rate_source: e.rate.source, withheld: e.withheld.toString(), net: e.net.toString(), treatment: e.treatment, treatment_reason: e.treatmentReason, status: e.treatment === 'EXCLUDE' ? 'EXCLUDED' : 'PENDING', status_reason: null, tx_hash: null }),
      ),
    }
  }
  const rows = await ctx.db.selectFrom('distribution_entitlements').selectAll().where('distribution_id', '=', id).orderBy('holder').execute()
  return {
    distributionId: d.id,
    frozen: true,
    recordBlock: d.record_block,
    totals: { gross: d.gross_total, withheld: d.withheld_total, net: d.net_total, escrowed: d.escrowed_total, excluded: d.excluded_total, remainder: d.remainder, ...claimTotals(d) },
    items: rows.map(entitlementView),
  }
}

/**
 * An investor's distribution statement for a calendar year (by payment
 * date): per distribution the balance at record, gross, withheld (rate and
 * its source), net, status, dates and the transaction that paid it. `totals`
 * add up the cash received (not excluded or unclaimed entitlements, not stock
 * dividends, which are in token units); `totalsByAsset` the same per asset,
 * stock dividends included.
 */
export async function readStatement(ctx: Pick<PlatformContext, 'db'>, investorId: string, year: number) {
  if (!Number.isInteger(year) || year < 1970 || year > 9999) throw new ValidationError('year must be a four-digit year', { field: 'year' })
  await getInvestorRow(ctx, investorId)
  const rows = await ctx.db
    .selectFrom('distribution_entitlements as e')
    .innerJoin('distributions as d', 'd.id', 'e.distribution_id')
    .select(['d.id', 'd.token_id', 'd.kind', 'd.asset', 'd.asset_decimals', 'd.record_date', 'd.record_block', 'd.payment_date', 'e.balance', 'e.gross', 'e.rate_bps', 'e.rate_source', 'e.withheld', 'e.net', 'e.status', 'e.tx_hash', 'e.paid_at', 'e.holder'])
    .where('e.investor_id', '=', investorId)
    .where('d.payment_date', '>=', new Date(Date.UTC(year, 0, 1)))
    .where('d.payment_date', '<', new Date(Date.UTC(year + 1, 0, 1)))
    .orderBy('d.payment_date')
    .orderBy('d.id')
    .execute()
  const items = rows.map((r) => ({
    distributionId: r.id,
    tokenId: r.token_id,
    kind: r.kind,
    asset: r.asset,
    assetDecimals: r.asset_decimals,
    recordDate: r.record_date?.toISOString() ?? null,
    recordBlock: r.record_block,
    paymentDate: r.payment_date.toISOString(),
    holder: r.holder,
    balance: r.balance,
    gross: r.gross,
    withholdingRateBps: r.rate_bps,
    withholdingSource: r.rate_source,
    withheld: r.withheld,
    net: r.net,
    status: r.status,
    paidAt: r.paid_at?.toISOString() ?? null,
    txHash: r.tx_hash,
  }))
  // What the investor received: nothing for an excluded or unclaimed entitlement. Amounts add up per asset only.
  const received = items.filter((i) => i.status !== 'EXCLUDED' && i.status !== 'UNCLAIMED')
  const sum = (xs: typeof items, f: (i: (typeof items)[number]) => string) => xs.reduce((s, i) => s + BigInt(f(i)), 0n).toString()
  const money = received.filter((i) => i.kind !== 'STOCK_DIVIDEND')
  const assets = [...new Set(received.map((i) => i.asset))]
  const totalsByAsset = assets.map((asset) => {
    const xs = received.filter((i) => i.asset === asset)
    return { asset, assetDecimals: xs[0]!.assetDecimals, kind: xs[0]!.kind === 'STOCK_DIVIDEND' ? 'STOCK' : 'CASH', gross: sum(xs, (i) => i.gross), withheld: sum(xs, (i) => i.withheld), net: sum(xs, (i) => i.net) }
  })
  return { investorId, year, totals: { gross: sum(money, (i) => i.gross), withheld: sum(money, (i) => i.withheld), net: sum(money, (i) => i.net) }, totalsByAsset, items }
}

const CSV_COLUMNS = ['distributionId', 'tokenId', 'kind', 'asset', 'assetDecimals', 'recordDate', 'recordBlock', 'paymentDate', 'holder', 'balance', 'gross', 'withholdingRateBps', 'withholdingSource', 'withheld', 'net', 'status', 'paidAt', 'txHash'] as const

/** The statement as CSV (RFC 4180; amounts in base units). */
export function statementCsv(s: Awaited<ReturnType<typeof readStatement>>): string {
  const cell = (v: unknown) => {
    const t = v === null || v === undefined ? '' : String(v)
    return /[",\r\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t
  }
  return [CSV_COLUMNS.join(','), ...s.items.map((i) => CSV_COLUMNS.map((c) => cell(i[c])).join(','))].join('\r\n') + '\r\n'
}
