import { Type } from 'typebox'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import type { PlatformContext } from '../../context.ts'
import { requestClose } from './close-offering.ts'
import { createOffering } from './create-offering.ts'
import { markFiatReceived, markFiatRefunded } from './fiat-payments.ts'
import { payWithStablecoin } from './pay-with-stablecoin.ts'
import { getOffering, listOfferings, offeringView } from './read-offerings.ts'
import { getSubscription, listSubscriptions, subscriptionView } from './read-subscriptions.ts'
import { subscribe } from './subscribe.ts'
import { OFFERING_STATUSES, SUBSCRIPTION_STATUSES } from './tables.ts'
import { errors, IdParams, Page } from '../../http/schemas.ts'
import { actorOf, requireAnyScope } from '../../http/principal.ts'
import { Uint256 } from '../../../shared/http/amount.ts'

const NStr = Type.Union([Type.String(), Type.Null()])
const Amount = Uint256('stablecoin base units, decimal string (cUSD has 6 decimals)')
const Id = Type.String({ minLength: 1, maxLength: 64 })
const Key = Type.String({ pattern: '^[A-Za-z0-9._:-]{1,100}$' })
const Reference = Type.String({ minLength: 1, maxLength: 200 })
const Method = Type.Union([Type.Literal('stablecoin'), Type.Literal('fiat')])
const literals = <T extends readonly string[]>(xs: T) => Type.Union(xs.map((x) => Type.Literal(x)))

const CreateOfferingBody = Type.Object(
  {
    tokenId: Id,
    pricePerToken: Uint256('price of one whole token (10^decimals base units), in stablecoin base units'),
    minInvestment: Amount,
    maxInvestment: Uint256('per investor, over all its live subscriptions to the offering'),
    hardCap: Amount,
    softCap: Type.Optional(Uint256('below it at close, every payment is refunded and nothing is minted')),
    opensAt: Type.String({ format: 'date-time' }),
    closesAt: Type.String({ format: 'date-time' }),
    eligibleCountries: Type.Array(Type.String({ pattern: '^[A-Za-z]{2}$' }), { minItems: 1, maxItems: 250, description: 'ISO 3166-1 alpha-2 countries of investors who may subscribe' }),
    accreditationRequired: Type.Boolean(),
    lockupDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 36_500, description: 'allocations may not be transferred until closedAt + lockupDays' })),
    paymentMethods: Type.Optional(Type.Array(Method, { minItems: 1, maxItems: 2, description: 'default both' })),
    idempotencyKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._:/-]+$', description: 'makes creation safe to repeat: the same key and terms return the first offering (200), other terms 409' })),
  },
  { additionalProperties: false },
)

const Offering = Type.Object({
  id: Type.String(),
  tokenId: Type.String(),
  pricePerToken: Type.String(),
  minInvestment: Type.String(),
  maxInvestment: Type.String(),
  hardCap: Type.String(),
  softCap: NStr,
  opensAt: Type.String(),
  closesAt: Type.String(),
  eligibleCountries: Type.Array(Type.String()),
  accreditationRequired: Type.Boolean(),
  lockupDays: Type.Union([Type.Integer(), Type.Null()]),
  lockupEndsAt: NStr,
  paymentMethods: Type.Array(Type.String()),
  settlementAsset: Type.String({ description: 'the stablecoin payments settle in' }),
  tokenDecimals: Type.Integer(),
  treasury: Type.Object({ vaultId: Type.String(), address: Type.String() }, { description: 'custody vault receiving stablecoin payments and paying refunds' }),
  status: Type.String({ description: 'OPEN, CLOSING, CLOSED (allocations minted), REFUNDING, REFUNDED (soft cap missed) or CANCELLED' }),
  statusReason: NStr,
  acceptingSubscriptions: Type.Boolean({ description: 'OPEN and within [opensAt, closesAt) by the platform’s business clock' }),
  totals: Type.Object({ subscribed: Type.String(), paid: Type.String(), refunded: Type.String(), allocated: Type.String(), issued: Type.String(), subscriptions: Type.Integer() }),
  close: Type.Union([
    Type.Object({
      kind: Type.String(),
      requestedBy: NStr,
      requestedAt: NStr,
      allocatedAt: NStr,
      workflow: Type.Union([Type.Object({ status: Type.String(), step: Type.String(), lastError: NStr, lastErrorCode: NStr }), Type.Null()]),
    }),
    Type.Null(),
  ]),
  closedAt: NStr,
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})

const Subscription = Type.Object({
  id: Type.String(),
  offeringId: Type.String(),
  investorId: Type.String(),
  amount: Type.String(),
  allocation: Type.String({ description: 'token base units the amount buys' }),
  idempotencyKey: Type.String(),
  status: Type.String({ description: 'PENDING_PAYMENT, PAYMENT_PROCESSING, PAID, ALLOCATED, ISSUED, CANCELLED, REFUNDING, REFUNDED or REFUND_DUE' }),
  statusCode: NStr,
  statusReason: NStr,
  payment: Type.Object({ method: NStr, attempt: Type.Integer(), externalTxId: NStr, custodyTxId: NStr, txHash: NStr, payerAddress: NStr, fiatReference: NStr, paidAt: NStr }),
  refund: Type.Object({ attempt: Type.Integer(), externalTxId: NStr, custodyTxId: NStr, txHash: NStr, reference: NStr, refundedAt: NStr }),
  mint: Type.Union([Type.Object({ attempt: Type.Integer(), operationId: Type.String(), status: NStr, custodyTxId: NStr, txHash: NStr, issuedAt: NStr }), Type.Null()]),
  lockup: Type.Union([Type.Object({ operationId: Type.String(), seconds: NStr, status: Type.String(), custodyTxId: NStr, txHash: NStr }, { description: 'the lock-up recorded on-chain before the mint' }), Type.Null()]),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})

export function registerOfferingRoutes(app: HttpServer, ctx: PlatformContext) {
  app.post(
    '/v1/offerings',
    {
      schema: {
        tags: ['offerings'],
        summary: 'Create an offering of an ACTIVE token (scope issuer)',
        description:
          'Amounts in the settlement stablecoin’s base units. The terms are checked (400 OFFERING_TERMS_INVALID naming the field: softCap ≤ hardCap, min ≤ max, opensAt < closesAt, closesAt in the future, ISO countries the token may hold); 409 TOKEN_NOT_ACTIVE. Custody creates the offering’s treasury vault (hot), which receives stablecoin payments and pays refunds. With idempotencyKey a repeat returns the first offering (200); the same key with other terms is 409 IDEMPOTENCY_KEY_REUSED.',
        body: CreateOfferingBody,
        response: { 200: Offering, 201: Offering, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireAnyScope(req, ['issuer'])
      const { row, created } = await createOffering(ctx, req.body, actorOf(p), String(req.id))
      return reply.status(created ? 201 : 200).send(await offeringView(ctx, row))
    },
  )

  app.get(
    '/v1/offerings',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['offerings'],
        summary: 'List offerings (creation order)',
        querystring: Type.Object({ tokenId: Type.Optional(Id), status: Type.Optional(literals(OFFERING_STATUSES)), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), cursor: Type.Optional(Type.String({ maxLength: 300 })) }),
        response: { 200: Page(Offering), ...errors },
      },
    },
    async (req) => listOfferings(ctx, req.query),
  )

  app.get(
    '/v1/offerings/:id',
    { config: { scopes: ['read'] }, schema: { tags: ['offerings'], summary: 'One offering: terms, status, totals, treasury vault, close progress', params: IdParams, response: { 200: Offering, ...errors } } },
    async (req) => getOffering(ctx, req.params.id),
  )

  app.post(
    '/v1/offerings/:id/subscriptions',
    {
      schema: {
        tags: ['offerings'],
        summary: 'Subscribe an investor (scope issuer or operate)',
        description:
          'Checked against every term; a refusal is 422 SUBSCRIPTION_<reason>: OFFERING_NOT_OPEN_YET, OFFERING_ENDED, OFFERING_NOT_OPEN, INVESTOR_NOT_ACTIVE, COUNTRY_NOT_ELIGIBLE, ACCREDITATION_REQUIRED, AMOUNT_NOT_WHOLE_UNITS, BELOW_MIN_INVESTMENT, ABOVE_MAX_INVESTMENT (counting the investor’s live subscriptions), HARD_CAP_EXCEEDED (counting all live subscriptions). 201 new; 200 the same subscription for a repeat of the same body; 409 IDEMPOTENCY_KEY_REUSED for another body.',
        params: IdParams,
        body: Type.Object({ investorId: Id, amount: Amount, idempotencyKey: Key }, { additionalProperties: false }),
        response: { 200: Subscription, 201: Subscription, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireAnyScope(req, ['issuer', 'operate'])
      const { subscription, created } = await subscribe(ctx, req.params.id, req.body, actorOf(p), String(req.id))
      return reply.status(created ? 201 : 200).send(await subscriptionView(ctx, subscription))
    },
  )

  app.get(
    '/v1/offerings/:id/subscriptions',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['offerings'],
        summary: 'An offering’s subscriptions (creation order)',
        params: IdParams,
        querystring: Type.Object({ investorId: Type.Optional(Id), status: Type.Optional(literals(SUBSCRIPTION_STATUSES)), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), cursor: Type.Optional(Type.String({ maxLength: 300 })) }),
        response: { 200: Page(Subscription), ...errors },
      },
    },
    async (req) => listSubscriptions(ctx, req.params.id, req.query),
  )

  app.get(
    '/v1/subscriptions/:id',
    { config: { scopes: ['read'] }, schema: { tags: ['offerings'], summary: 'One subscription with its payment, refund and mint', params: IdParams, response: { 200: Subscription, ...errors } } },
    async (req) => getSubscription(ctx, req.params.id),
  )

  app.post(
    '/v1/subscriptions/:id/pay',
    {
      schema: {
        tags: ['offerings'],
        summary: 'Pay a subscription in stablecoin from the investor’s custodial vault (scope issuer or operate)',
        description:
          'Custody sends transfer(treasury, amount) on the stablecoin from the investor’s vault (externalTxId sub:<id>:pay:<attempt>; the gas station funds the gas); PAID when custody completes it. 202 new payment; 200 when already underway or paid (a stalled one is resumed). 422 PAYMENT_INSUFFICIENT_FUNDS, PAYMENT_METHOD_NOT_ACCEPTED, PAYMENT_INVESTOR_NOT_ACTIVE; 409 OFFERING_NOT_OPEN, SUBSCRIPTION_ALREADY_PAID (by fiat), SUBSCRIPTION_CANCELLED.',
        params: IdParams,
        body: Type.Object({ method: Type.Literal('stablecoin') }, { additionalProperties: false }),
        response: { 200: Subscription, 202: Subscription, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireAnyScope(req, ['issuer', 'operate'])
      const { subscription, created } = await payWithStablecoin(ctx, req.params.id, actorOf(p), String(req.id))
      return reply.status(created ? 202 : 200).send(await subscriptionView(ctx, subscription))
    },
  )

  app.post(
    '/v1/subscriptions/:id/fiat-received',
    {
      schema: {
        tags: ['offerings'],
        summary: 'Record a subscription paid by bank transfer (scope operate)',
        description: 'PAID with the bank reference. The amount must equal the subscription’s (422 FIAT_AMOUNT_MISMATCH). 201 recorded; 200 the same reference again; 409 SUBSCRIPTION_ALREADY_PAID for another payment, OFFERING_NOT_OPEN once the close started.',
        params: IdParams,
        body: Type.Object({ reference: Reference, amount: Amount }, { additionalProperties: false }),
        response: { 200: Subscription, 201: Subscription, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireAnyScope(req, ['operate'])
      const { subscription, created } = await markFiatReceived(ctx, req.params.id, req.body, actorOf(p), String(req.id))
      return reply.status(created ? 201 : 200).send(await subscriptionView(ctx, subscription))
    },
  )

  app.post(
    '/v1/subscriptions/:id/fiat-refunded',
    {
      schema: {
        tags: ['offerings'],
        summary: 'Record a fiat payment returned by bank transfer (scope operate)',
        description: 'A REFUND_DUE subscription (offering below its soft cap, or cancelled) becomes REFUNDED with the bank reference. 200 for the same reference again; 409 SUBSCRIPTION_NOT_REFUND_DUE otherwise.',
        params: IdParams,
        body: Type.Object({ reference: Reference }, { additionalProperties: false }),
        response: { 200: Subscription, 201: Subscription, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireAnyScope(req, ['operate'])
      const { subscription, created } = await markFiatRefunded(ctx, req.params.id, req.body, actorOf(p), String(req.id))
      return reply.status(created ? 201 : 200).send(await subscriptionView(ctx, subscription))
    },
  )

  app.post(
    '/v1/offerings/:id/close',
    {
      schema: {
        tags: ['offerings'],
        summary: 'Close an offering (scope issuer)',
        description:
          'Allowed after closesAt, or before once paid subscriptions reach the hard cap (409 OFFERING_STILL_OPEN otherwise). CLOSING, then the OFFERING_CLOSE workflow: in-flight payments settle, unpaid subscriptions are CANCELLED; below the soft cap every stablecoin payment is refunded by custody and fiat ones are REFUND_DUE (REFUNDED); otherwise each paid subscription is minted its allocation through the warm issuer-agent vault (each waits for a custody approver) and the offering is CLOSED when all are minted. 202 started (or a FAILED close resumed); 200 nothing to do.',
        params: IdParams,
        response: { 200: Offering, 202: Offering, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireAnyScope(req, ['issuer'])
      const { offering, accepted } = await requestClose(ctx, req.params.id, { kind: 'CLOSE' }, actorOf(p), String(req.id))
      return reply.status(accepted ? 202 : 200).send(await offeringView(ctx, offering))
    },
  )

  app.post(
    '/v1/offerings/:id/cancel',
    {
      schema: {
        tags: ['offerings'],
        summary: 'Cancel an OPEN offering and refund every payment (scope issuer)',
        description: 'CLOSING, then the same workflow as a close that missed its soft cap; the offering ends CANCELLED. 202 started; 200 already cancelling; 409 OFFERING_NOT_OPEN when a close started.',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: Offering, 202: Offering, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireAnyScope(req, ['issuer'])
      const { offering, accepted } = await requestClose(ctx, req.params.id, { kind: 'CANCEL', reason: req.body.reason }, actorOf(p), String(req.id))
      return reply.status(accepted ? 202 : 200).send(await offeringView(ctx, offering))
    },
  )
}
