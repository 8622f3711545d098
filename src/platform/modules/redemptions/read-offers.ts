import { NotFoundError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { findWorkflow } from '../../engine/read-workflows.ts'
import type { OfferKind, OfferRow, RequestRow } from './tables.ts'
import { addAgentExternalTxId, approveExternalTxId, offerWorkflowId } from './workflow-ids.ts'

export function requestView(r: RequestRow) {
  return {
    id: r.id,
    offerId: r.offer_id,
    investorId: r.investor_id,
    wallet: r.wallet,
    quantity: r.quantity,
    allocated: r.allocated,
    amount: r.amount,
    status: r.status,
    statusCode: r.status_code,
    statusReason: r.status_reason,
    externalTxId: r.external_tx_id,
    tradeId: r.trade_id,
    custodyTxId: r.custody_tx_id,
    txHash: r.tx_hash,
    createdAt: r.created_at.toISOString(),
    settledAt: r.settled_at?.toISOString() ?? null,
  }
}

/** An offer or window as the API shows it: terms, status, totals, requests, custody transactions, workflow. */
export async function offerView(ctx: PlatformContext, o: OfferRow) {
  const [requests, wf] = await Promise.all([
    ctx.db.selectFrom('redemption_requests').selectAll().where('offer_id', '=', o.id).orderBy('created_at').orderBy('id').execute(),
    findWorkflow(ctx, offerWorkflowId(o.id)),
  ])
  return {
    id: o.id,
    tokenId: o.token_id,
    kind: o.kind,
    pricing: o.pricing,
    asset: o.asset,
    pricePerToken: o.price_per_token,
    maxQuantity: o.max_quantity,
    opensAt: o.opens_at.toISOString(),
    closesAt: o.closes_at.toISOString(),
    settlement: o.settlement,
    payer: { vaultId: o.payer_vault_id, address: o.payer_address },
    tokensTo: o.tokens_to,
    status: o.status,
    statusCode: o.status_code,
    statusReason: o.status_reason,
    totals: { tendered: o.tendered_total, allocated: o.allocated_total },
    custody: { addAgentExternalTxId: addAgentExternalTxId(o.token_id), approveExternalTxId: approveExternalTxId(o.id) },
    requests: requests.map(requestView),
    workflow: wf ? { status: wf.status, step: wf.step, waitingFor: (wf.state as { waitingFor?: string | null } | null)?.waitingFor ?? null, lastError: wf.last_error, lastErrorCode: wf.last_error_code } : null,
    createdAt: o.created_at.toISOString(),
    settledAt: o.settled_at?.toISOString() ?? null,
  }
}

export async function getOfferRow(ctx: PlatformContext, id: string, kind: OfferKind): Promise<OfferRow> {
  const o = await ctx.db.selectFrom('redemption_offers').selectAll().where('id', '=', id).where('kind', '=', kind).executeTakeFirst()
  if (!o) throw new NotFoundError(kind === 'TENDER' ? 'tender offer' : 'redemption window', id)
  return o
}

export async function listOffers(ctx: PlatformContext, tokenId: string, kind: OfferKind) {
  const rows = await ctx.db.selectFrom('redemption_offers').selectAll().where('token_id', '=', tokenId).where('kind', '=', kind).orderBy('created_at').execute()
  return { items: await Promise.all(rows.map((o) => offerView(ctx, o))) }
}

/**
 * The settlement transactions of a token's offers, for reconciliation: a settlement
 * burns or moves the tendered tokens in a transaction no token operation asked for.
 * `hashes`: settlements mined (not FAILED); `inFlight`: the custody external ids of
 * allocations being settled, whose hash the platform may not have recorded yet.
 */
export async function settlementTransactions(ctx: Pick<PlatformContext, 'db'>, tokenId: string): Promise<{ hashes: string[]; inFlight: string[] }> {
  const rows = await ctx.db
    .selectFrom('redemption_requests as r')
    .innerJoin('redemption_offers as o', 'o.id', 'r.offer_id')
    .select(['r.status', 'r.tx_hash', 'r.external_tx_id'])
    .where('o.token_id', '=', tokenId)
    .where('r.status', 'in', ['ALLOCATED', 'SETTLED'])
    .execute()
  return {
    hashes: rows.filter((r) => r.tx_hash).map((r) => r.tx_hash!.toLowerCase()),
    inFlight: rows.filter((r) => r.status === 'ALLOCATED').map((r) => r.external_tx_id),
  }
}
