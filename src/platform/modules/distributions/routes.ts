import { Type } from 'typebox'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import type { PlatformContext } from '../../context.ts'
import { errors, IdParams, Page } from '../../http/schemas.ts'
import { actorOf, requireAnyScope } from '../../http/principal.ts'
import { approveDistribution } from './approve-distribution.ts'
import { declareDistribution } from './declare-distribution.ts'
import { distributionView, getDistribution, listDistributions, readEntitlements, readStatement, statementCsv } from './read-distributions.ts'
import { listClaims, requestClaim } from './request-claim.ts'
import { DISTRIBUTION_KINDS, HOLDER_TREATMENTS } from './tables.ts'
import { listWithholdingRates, setWithholdingRate } from './withholding.ts'

const literals = <T extends readonly string[]>(xs: T, description?: string) => Type.Union(xs.map((x) => Type.Literal(x)), description ? { description } : {})
const Amount = (description: string) => Type.String({ pattern: '^[0-9]{1,78}$', description })
const Treatment = literals(HOLDER_TREATMENTS)
const Open = (description: string) => Type.Object({}, { additionalProperties: true, description })

const DeclareBody = Type.Object(
  {
    kind: literals(DISTRIBUTION_KINDS),
    asset: Type.Optional(Type.String({ pattern: '^0x[0-9a-fA-F]{40}$', description: 'the settlement ERC-20 (default: the platform stablecoin)' })),
    amountPerToken: Type.Optional(Amount('asset base units per whole token (10^decimals token base units); or totalAmount')),
    totalAmount: Type.Optional(Amount('asset base units shared pro rata over the balances at the record point; or amountPerToken')),
    recordDate: Type.Optional(Type.String({ format: 'date-time', description: 'holders and balances as of this time (the last indexed block at or before it); or recordBlock' })),
    recordBlock: Type.Optional(Type.String({ pattern: '^[0-9]{1,20}$', description: 'holders and balances as of this block; or recordDate' })),
    paymentDate: Type.String({ format: 'date-time', description: 'nothing is paid before it (business clock)' }),
    holdersPolicy: Type.Optional(Type.Object({ frozen: Type.Optional(Treatment), suspended: Type.Optional(Treatment), kycExpired: Type.Optional(Treatment) }, { additionalProperties: false, description: 'per case PAY, ESCROW (net to the escrow vault) or EXCLUDE (kept by the issuer); default ESCROW' })),
    mode: Type.Optional(literals(['PUSH', 'CLAIM'] as const, 'PUSH (default): paid to every holder; CLAIM: a Merkle round holders claim until claimDeadline')),
    claimDeadline: Type.Optional(Type.String({ format: 'date-time', description: 'CLAIM only (required there): holders claim from the payment date until this time; then the rest returns to the treasury' })),
    autoClaim: Type.Optional(Type.Boolean({ description: 'CLAIM only: the platform claims for every holder whose wallet is a custodial vault of its investors when the round opens (default true); false leaves every claim to a request' })),
    idempotencyKey: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._:/-]+$', description: 'the same key and body return the first distribution (200); another body 409' }),
  },
  { additionalProperties: false },
)

const ClaimBody = Type.Object(
  {
    investorId: Type.String({ minLength: 1, maxLength: 100, description: 'the investor whose entitlement is claimed (from its custodial vault)' }),
    idempotencyKey: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._:/-]+$', description: 'the same key and body return the same claim; another investor under the key is 409' }),
  },
  { additionalProperties: false },
)

const RateBody = Type.Object({ rateBps: Type.Integer({ minimum: 0, maximum: 10_000, description: 'basis points withheld from gross (1500 = 15 %)' }) }, { additionalProperties: false })

/** Routes of distributions, withholding and investor statements. */
export function registerDistributionRoutes(app: HttpServer, ctx: PlatformContext): void {
  app.post(
    '/v1/tokens/:id/distributions',
    {
      schema: {
        tags: ['distributions'],
        summary: 'Declare a distribution (dividend, coupon, capital return, stock dividend) of a token, paid (PUSH) or claimed (CLAIM) (scope issuer)',
        description:
          '201 DECLARED with distribution.created; 200 the same idempotencyKey and body; 409 IDEMPOTENCY_KEY_REUSED. 422 refusals, each naming the field: DISTRIBUTION_AMOUNT_MISSING, _AMOUNT_NOT_POSITIVE, _RECORD_POINT_MISSING, _PAYMENT_BEFORE_RECORD, _PAYMENT_DATE_PAST, _CLAIM_DEADLINE_MISSING, _CLAIM_DEADLINE_TOO_EARLY, _CLAIM_DEADLINE_NOT_ALLOWED, _ASSET_NOT_ERC20, _ASSET_IS_TOKEN, _STOCK_ASSET_NOT_TOKEN, _STOCK_NOT_CLAIMABLE, _STOCK_POLICY_NOT_IN_KIND, _CONTRACTS_NOT_DEPLOYED.',
        params: IdParams,
        body: DeclareBody,
        response: { 200: Open('the distribution'), 201: Open('the distribution'), ...errors },
      },
    },
    async (req, reply) => {
      const p = requireAnyScope(req, ['issuer'])
      const { row, created } = await declareDistribution(ctx, req.params.id, req.body, actorOf(p), String(req.id))
      return reply.status(created ? 201 : 200).send(await distributionView(ctx, row))
    },
  )

  app.get(
    '/v1/tokens/:id/distributions',
    { config: { scopes: ['read'] }, schema: { tags: ['distributions'], summary: 'A token’s distributions (declaration order)', params: IdParams, response: { 200: Page(Open('a distribution')), ...errors } } },
    async (req) => listDistributions(ctx, req.params.id),
  )

  app.get(
    '/v1/distributions/:id',
    { config: { scopes: ['read'] }, schema: { tags: ['distributions'], summary: 'One distribution: terms, status, totals, approvals, chunks (each reconciled against the chain), workflow', params: IdParams, response: { 200: Open('the distribution'), ...errors } } },
    async (req) => getDistribution(ctx, req.params.id),
  )

  app.get(
    '/v1/distributions/:id/entitlements',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['distributions'],
        summary: 'Entitlements per holder: balance at record, gross, withholding, net, treatment, status',
        description: 'Before the snapshot a preview computed at the record point (frozen false); after it the frozen table. 409 DISTRIBUTION_SNAPSHOT_NOT_READY while the record date is ahead or the indexer has not reached the record point.',
        params: IdParams,
        response: { 200: Open('entitlements'), ...errors },
      },
    },
    async (req) => readEntitlements(ctx, req.params.id),
  )

  app.post(
    '/v1/distributions/:id/approvals',
    {
      schema: {
        tags: ['distributions'],
        summary: 'Approve a snapshotted distribution (scope issuer or compliance)',
        description: 'Paying needs an issuer-admin and a compliance officer: two distinct principals. 200 with the distribution (APPROVED once both have approved); 409 DISTRIBUTION_NOT_SNAPSHOTTED, DISTRIBUTION_APPROVAL_ROLE_TAKEN, DISTRIBUTION_ALREADY_APPROVED.',
        params: IdParams,
        response: { 200: Open('the distribution'), ...errors },
      },
    },
    async (req) => {
      const p = requireAnyScope(req, ['issuer', 'compliance'])
      const { row } = await approveDistribution(ctx, req.params.id, p, actorOf(p), String(req.id))
      return distributionView(ctx, row)
    },
  )

  app.post(
    '/v1/distributions/:id/claims',
    {
      schema: {
        tags: ['distributions'],
        summary: 'Claim an investor’s entitlement of a CLAIM distribution through custody, from the investor’s custodial vault (scope issuer or operate)',
        description:
          '202 with the claim (REQUESTED; CLAIMED with its txHash once mined, distribution.claimed; a claim custody fails is reported and retried, at most 3 attempts). With autoClaim (default) the platform has claimed custodial holders when the round opened. A leaf is claimed once: another request for the same investor, under any key, is 200 with the same claim. 409 DISTRIBUTION_NOT_CLAIM_MODE, DISTRIBUTION_NOT_CLAIMABLE (the round opens on the payment date), DISTRIBUTION_CLAIM_WINDOW_CLOSED, IDEMPOTENCY_KEY_REUSED; 422 DISTRIBUTION_NOTHING_TO_CLAIM (with why), DISTRIBUTION_CLAIM_NOT_CUSTODIAL.',
        params: IdParams,
        body: ClaimBody,
        response: { 200: Open('the claim'), 202: Open('the claim'), ...errors },
      },
    },
    async (req, reply) => {
      const p = requireAnyScope(req, ['issuer', 'operate'])
      const { claim, created } = await requestClaim(ctx, req.params.id, req.body, actorOf(p), String(req.id))
      return reply.status(created ? 202 : 200).send(claim)
    },
  )

  app.get(
    '/v1/distributions/:id/claims',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['distributions'],
        summary: 'A CLAIM distribution’s round: root, deadline, totals claimed and reclaimed, every leaf with its status, transaction and Merkle proof',
        params: IdParams,
        response: { 200: Open('the claim round'), ...errors },
      },
    },
    async (req) => listClaims(ctx, req.params.id),
  )

  app.get('/v1/withholding/rates', { config: { scopes: ['read'] }, schema: { tags: ['distributions'], summary: 'Withholding rates on file: default, per country (treaty), per investor', response: { 200: Open('rates'), ...errors } } }, async () => listWithholdingRates(ctx))

  app.put(
    '/v1/withholding/default',
    { schema: { tags: ['distributions'], summary: 'Set the default withholding rate (scope compliance)', body: RateBody, response: { 200: Open('the rate'), ...errors } } },
    async (req) => {
      const p = requireAnyScope(req, ['compliance'])
      return setWithholdingRate(ctx, { scope: 'DEFAULT', subject: '*', rateBps: req.body.rateBps }, actorOf(p), String(req.id))
    },
  )

  app.put(
    '/v1/withholding/countries/:country',
    {
      schema: {
        tags: ['distributions'],
        summary: 'Set a country’s treaty withholding rate (scope compliance)',
        params: Type.Object({ country: Type.String({ pattern: '^[A-Za-z]{2}$' }) }),
        body: Type.Object({ rateBps: RateBody.properties.rateBps, reason: Type.Optional(Type.String({ maxLength: 300 })) }, { additionalProperties: false }),
        response: { 200: Open('the rate'), ...errors },
      },
    },
    async (req) => {
      const p = requireAnyScope(req, ['compliance'])
      return setWithholdingRate(ctx, { scope: 'COUNTRY', subject: req.params.country, rateBps: req.body.rateBps, reason: req.body.reason }, actorOf(p), String(req.id))
    },
  )

  app.put(
    '/v1/investors/:id/withholding',
    {
      schema: {
        tags: ['distributions'],
        summary: 'Set an investor’s own withholding rate, e.g. an exemption on file, with its expiry (scope compliance)',
        params: IdParams,
        body: Type.Object({ rateBps: RateBody.properties.rateBps, expiresAt: Type.Optional(Type.String({ format: 'date-time' })), reason: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }),
        response: { 200: Open('the rate'), ...errors },
      },
    },
    async (req) => {
      const p = requireAnyScope(req, ['compliance'])
      return setWithholdingRate(ctx, { scope: 'INVESTOR', subject: req.params.id, rateBps: req.body.rateBps, expiresAt: req.body.expiresAt, reason: req.body.reason }, actorOf(p), String(req.id))
    },
  )

  app.get(
    '/v1/investors/:id/statements',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['distributions'],
        summary: 'An investor’s distribution statement for a year: gross, withheld, net, dates, transaction hashes (JSON, or CSV with format=csv or Accept: text/csv)',
        params: IdParams,
        querystring: Type.Object({ year: Type.Integer({ minimum: 1970, maximum: 9999 }), format: Type.Optional(literals(['json', 'csv'] as const)) }),
      },
    },
    async (req, reply) => {
      const statement = await readStatement(ctx, req.params.id, req.query.year)
      const csv = req.query.format === 'csv' || (req.query.format === undefined && (req.headers.accept ?? '').includes('text/csv'))
      if (csv) return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="statement-${req.params.id}-${req.query.year}.csv"`).send(statementCsv(statement))
      return reply.type('application/json').send(statement)
    },
  )
}
