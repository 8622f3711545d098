import { createHash } from 'node:crypto'
import { getAddress, keccak256, stringToHex, type Address } from 'viem'
import { NotFoundError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { recordChange } from '../../record-change.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import { getTokenRow } from '../tokens/read-tokens.ts'
import { offerEvent } from './create-offer.ts'
import { RequestRefusedError, requestPrefix } from './errors.ts'
import { freeBalanceOf } from './free-balance.ts'
import type { OfferKind, RequestRow } from './tables.ts'
import { settleExternalTxId } from './workflow-ids.ts'

/**
 * An investor tenders into an offer (or asks to redeem in a window): checked
 * against the window and the investor's free balance (unlocked, unfrozen, not
 * already tendered elsewhere), recorded PENDING until the offer closes. One
 * request per investor and offer: the same quantity again returns it (200),
 * another quantity is a 409.
 */
export async function submitRequest(ctx: PlatformContext, offerId: string, kind: OfferKind, input: { investorId: string; quantity: bigint }, actor: string, correlationId?: string): Promise<{ row: RequestRow; created: boolean }> {
  const offer = await ctx.db.selectFrom('redemption_offers').selectAll().where('id', '=', offerId).where('kind', '=', kind).executeTakeFirst()
  if (!offer) throw new NotFoundError(kind === 'TENDER' ? 'tender offer' : 'redemption window', offerId)
  const existing = await ctx.db.selectFrom('redemption_requests').selectAll().where('offer_id', '=', offerId).where('investor_id', '=', input.investorId).executeTakeFirst()
  if (existing) {
    if (BigInt(existing.quantity) !== input.quantity) throw new RequestRefusedError(kind, 'ALREADY_SUBMITTED', `${existing.quantity} asked before`, { requestId: existing.id })
    return { row: existing, created: false }
  }
  const now = ctx.clock.now()
  if (offer.status !== 'OPEN' || now < offer.opens_at || now >= offer.closes_at) throw new RequestRefusedError(kind, 'NOT_OPEN', `${offer.status}, window ${offer.opens_at.toISOString()} – ${offer.closes_at.toISOString()}, now ${now.toISOString()}`)
  const investor = await getInvestorRow(ctx, input.investorId)
  if (investor.status !== 'ACTIVE' || !investor.wallet_address) throw new RequestRefusedError(kind, 'INVESTOR_NOT_ACTIVE', investor.status)
  const wallet = getAddress(investor.wallet_address) as Address
  const token = await getTokenRow(ctx, offer.token_id)
  const balance = await freeBalanceOf(ctx, token, wallet)
  if (balance.frozen) throw new RequestRefusedError(kind, 'INVESTOR_FROZEN', wallet)
  if (input.quantity > balance.free) throw new RequestRefusedError(kind, 'EXCEEDS_FREE_BALANCE', `asked ${input.quantity}, free ${balance.free}`, { free: balance.free.toString(), quantity: input.quantity.toString() })

  const id = requestId(offerId, input.investorId)
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('redemption_requests')
        .values({
          id,
          offer_id: offerId,
          investor_id: input.investorId,
          wallet,
          quantity: input.quantity.toString(),
          allocated: null,
          amount: null,
          status: 'PENDING',
          status_code: null,
          status_reason: null,
          external_tx_id: settleExternalTxId(offerId, id),
          trade_id: keccak256(stringToHex(`custos:dvp:${offerId}:${id}`)),
          custody_tx_id: null,
          tx_hash: null,
          created_by: actor,
          created_at: now,
          updated_at: now,
          settled_at: null,
        })
        .execute()
      const data = { offerId, requestId: id, tokenId: offer.token_id, investorId: input.investorId, wallet, quantity: input.quantity.toString() }
      await recordChange(tx, ctx, {
        at: now,
        actor,
        action: `${requestPrefix(kind).toLowerCase()}.submitted`,
        targetType: 'redemption_offer',
        targetId: offerId,
        after: { status: 'PENDING', ...data },
        correlationId: correlationId ?? null,
        events: [{ type: offerEvent(kind, kind === 'TENDER' ? 'tendered' : 'requested'), resourceType: 'redemption_offer', resourceId: offerId, data }],
      })
    })
  } catch (err) {
    const again = await ctx.db.selectFrom('redemption_requests').selectAll().where('id', '=', id).executeTakeFirst()
    if (again && BigInt(again.quantity) === input.quantity) return { row: again, created: false }
    throw err
  }
  ctx.eventsCommitted()
  return { row: await ctx.db.selectFrom('redemption_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), created: true }
}

/** One request per investor and offer: its id follows from both. */
function requestId(offerId: string, investorId: string): string {
  const h = createHash('sha256').update(`custos:redemption-request:${offerId}:${investorId}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`
}
