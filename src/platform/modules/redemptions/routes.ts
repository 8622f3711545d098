import { Type } from 'typebox'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import type { PlatformContext } from '../../context.ts'
import { errors, IdParams } from '../../http/schemas.ts'
import { actorOf, requireAnyScope } from '../../http/principal.ts'
import { createOffer } from './create-offer.ts'
import { getOfferRow, listOffers, offerView, requestView } from './read-offers.ts'
import { submitRequest } from './submit-request.ts'
import { SETTLEMENT_MODES, type OfferKind } from './tables.ts'

const literals = <T extends readonly string[]>(xs: T) => Type.Union(xs.map((x) => Type.Literal(x)))
const Positive = (description: string) => Type.String({ pattern: '^0*[1-9][0-9]{0,77}$', description })
const Open = (description: string) => Type.Object({}, { additionalProperties: true, description })
const Key = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._:/-]+$', description: 'the same key and body return the first offer (200); another body 409' })
const Window = {
  maxQuantity: Type.Optional(Positive('most token base units bought back; pro-rata over the requests when oversubscribed')),
  opensAt: Type.String({ format: 'date-time' }),
  closesAt: Type.String({ format: 'date-time', description: 'requests are taken until then (business clock); then allocation and settlement' }),
  settlement: literals(SETTLEMENT_MODES),
  idempotencyKey: Key,
}
const TenderOfferBody = Type.Object({ pricePerToken: Positive('stablecoin base units paid per whole token (10^decimals token base units)'), ...Window, maxQuantity: Positive('most token base units bought back') }, { additionalProperties: false })
const WindowBody = Type.Object({ pricing: literals(['FIXED', 'NAV'] as const), pricePerToken: Positive('the fixed price, or the NAV per token set for this window, in stablecoin base units per whole token'), ...Window }, { additionalProperties: false })
const RequestBody = Type.Object({ investorId: Type.String({ minLength: 1, maxLength: 64 }), quantity: Positive('token base units') }, { additionalProperties: false })

const OFFER_CODES = (p: string) => `422 ${p}_WINDOW_INVALID, ${p}_CLOSES_IN_PAST, ${p}_CONTRACTS_NOT_DEPLOYED, ${p}_TREASURY_NOT_VERIFIED; 409 ${p}_TOKEN_NOT_ACTIVE, IDEMPOTENCY_KEY_REUSED`
const REQUEST_CODES = (p: string) => `409 ${p}_NOT_OPEN, ${p}_ALREADY_SUBMITTED; 422 ${p}_INVESTOR_NOT_ACTIVE, ${p}_INVESTOR_FROZEN, ${p}_EXCEEDS_FREE_BALANCE`

/** Routes of tender offers (buybacks) and redemption windows, settled delivery-versus-payment. */
export function registerRedemptionRoutes(app: HttpServer, ctx: PlatformContext): void {
  const offers: { kind: OfferKind; path: string; tag: string; body: typeof TenderOfferBody | typeof WindowBody; codes: string; requestCodes: string; summary: string }[] = [
    { kind: 'TENDER', path: 'tender-offers', tag: 'tender offer', body: TenderOfferBody, codes: OFFER_CODES('TENDER_OFFER'), requestCodes: REQUEST_CODES('TENDER'), summary: 'Open a tender offer (buyback) at a price, for at most maxQuantity, in a window (scope issuer)' },
    { kind: 'REDEMPTION', path: 'redemption-windows', tag: 'redemption window', body: WindowBody, codes: OFFER_CODES('REDEMPTION_WINDOW'), requestCodes: REQUEST_CODES('REDEMPTION_REQUEST'), summary: 'Open a redemption window at a fixed price or NAV per token (scope issuer)' },
  ]
  for (const o of offers) {
    app.post(
      `/v1/tokens/:id/${o.path}`,
      { schema: { tags: ['redemptions'], summary: o.summary, description: `201 OPEN; 200 the same idempotencyKey and body. ${o.codes}.`, params: IdParams, body: o.body, response: { 200: Open(`the ${o.tag}`), 201: Open(`the ${o.tag}`), ...errors } } },
      async (req, reply) => {
        const p = requireAnyScope(req, ['issuer'])
        const body = req.body as { pricing?: 'FIXED' | 'NAV'; pricePerToken: string; maxQuantity?: string; opensAt: string; closesAt: string; settlement: 'TREASURY' | 'BURN'; idempotencyKey: string }
        const { row, created } = await createOffer(ctx, req.params.id, { ...body, kind: o.kind, pricePerToken: BigInt(body.pricePerToken).toString(), maxQuantity: body.maxQuantity === undefined ? undefined : BigInt(body.maxQuantity).toString() }, actorOf(p), String(req.id))
        return reply.status(created ? 201 : 200).send(await offerView(ctx, row))
      },
    )
    app.get(`/v1/tokens/:id/${o.path}`, { config: { scopes: ['read'] }, schema: { tags: ['redemptions'], summary: `A token’s ${o.tag}s`, params: IdParams, response: { 200: Open(`${o.tag}s`), ...errors } } }, async (req) => listOffers(ctx, req.params.id, o.kind))
    app.get(
      `/v1/${o.path}/:id`,
      { config: { scopes: ['read'] }, schema: { tags: ['redemptions'], summary: `One ${o.tag}: terms, status, totals, requests with allocation and settlement, workflow`, params: IdParams, response: { 200: Open(`the ${o.tag}`), ...errors } } },
      async (req) => offerView(ctx, await getOfferRow(ctx, req.params.id, o.kind)),
    )
    app.post(
      `/v1/${o.path}/:id/${o.kind === 'TENDER' ? 'tenders' : 'requests'}`,
      {
        schema: {
          tags: ['redemptions'],
          summary: o.kind === 'TENDER' ? 'An investor tenders tokens into the offer (scope issuer or operate)' : 'An investor asks to redeem tokens in the window (scope issuer or operate)',
          description: `201 PENDING until the window closes; 200 the same investor and quantity again. ${o.requestCodes}.`,
          params: IdParams,
          body: RequestBody,
          response: { 200: Open('the request'), 201: Open('the request'), ...errors },
        },
      },
      async (req, reply) => {
        const p = requireAnyScope(req, ['issuer', 'operate'])
        const { row, created } = await submitRequest(ctx, req.params.id, o.kind, { investorId: req.body.investorId, quantity: BigInt(req.body.quantity) }, actorOf(p), String(req.id))
        return reply.status(created ? 201 : 200).send(requestView(row))
      },
    )
  }
}
