import { Type } from 'typebox'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import { requirePrincipal } from '../../../shared/auth/auth-plugin.ts'
import type { PlatformContext } from '../../context.ts'
import { createInvestor } from '../onboarding/create-investor.ts'
import { decideKyc } from '../onboarding/kyc-decision.ts'
import { getInvestor, getInvestorRow, latestOnboarding, listInvestors, listInvestorWorkflows } from './read-investors.ts'
import { reverifyInvestor } from '../onboarding/reverify.ts'
import { serializeInvestor } from './serialize.ts'
import { retryFailedWorkflow } from '../onboarding/retry-onboarding.ts'
import { AccreditationInput, CreateInvestorBody, errors, IdParams, Investor, InvestorStatus, Page, Workflow } from '../../http/schemas.ts'
import { actorOf, requireAnyScope } from '../../http/principal.ts'

const view = async (ctx: PlatformContext, id: string) => serializeInvestor(await getInvestorRow(ctx, id), await latestOnboarding(ctx, id))

export function registerInvestorRoutes(app: HttpServer, ctx: PlatformContext) {
  app.post(
    '/v1/investors',
    {
      schema: {
        tags: ['investors'],
        summary: 'Create an investor (scope issuer or operate)',
        description:
          'The investor starts PENDING_KYC and is screened at once (sanctions list, country, accreditation): then IN_REVIEW for a compliance officer, REJECTED with the reasons, or (with auto-approval) APPROVED. With `externalRef`, the same body again returns the same investor (200); another body under that ref is a 409.',
        body: CreateInvestorBody,
        response: { 200: Investor, 201: Investor, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireAnyScope(req, ['issuer', 'operate'])
      const { investor, created } = await createInvestor(ctx, req.body, actorOf(p), String(req.id))
      return reply.status(created ? 201 : 200).send(serializeInvestor(investor))
    },
  )

  app.get(
    '/v1/investors',
    {
      config: { scopes: ['read'] },
      schema: {
        tags: ['investors'],
        summary: 'List investors (creation order) with filters',
        querystring: Type.Object({
          status: Type.Optional(InvestorStatus),
          country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
          type: Type.Optional(Type.Union([Type.Literal('individual'), Type.Literal('entity')])),
          externalRef: Type.Optional(Type.String({ maxLength: 200 })),
          walletAddress: Type.Optional(Type.String({ pattern: '^0x[0-9a-fA-F]{40}$' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          cursor: Type.Optional(Type.String({ maxLength: 300 })),
        }),
        response: { 200: Page(Investor), ...errors },
      },
    },
    async (req) => listInvestors(ctx, req.query),
  )

  app.get(
    '/v1/investors/:id',
    { config: { scopes: ['read'] }, schema: { tags: ['investors'], summary: 'One investor, with its KYC result and onboarding progress', params: IdParams, response: { 200: Investor, ...errors } } },
    async (req) => getInvestor(ctx, req.params.id),
  )

  app.get(
    '/v1/investors/:id/workflows',
    {
      config: { scopes: ['read'] },
      schema: { tags: ['investors'], summary: 'The investor’s screening, onboarding and revocation workflows, with their steps and custody ids', params: IdParams, response: { 200: Type.Object({ items: Type.Array(Workflow) }), ...errors } },
    },
    async (req) => listInvestorWorkflows(ctx, req.params.id),
  )

  app.post(
    '/v1/investors/:id/kyc-decision',
    {
      config: { scopes: ['compliance'] },
      schema: {
        tags: ['investors'],
        summary: 'A compliance officer approves or rejects an investor held for review (or suspended)',
        description: 'APPROVE starts onboarding (vault, ONCHAINID identity, signed KYC claim, registration); the investor becomes ACTIVE when the registry verifies it. 409 KYC_SCREENING_PENDING (retryable) while screening still runs.',
        params: IdParams,
        body: Type.Object(
          { decision: Type.Union([Type.Literal('APPROVE'), Type.Literal('REJECT')]), reason: Type.String({ minLength: 1, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Investor, ...errors },
      },
    },
    async (req) => {
      const p = requirePrincipal(req)
      await decideKyc(ctx, req.params.id, req.body, actorOf(p), String(req.id))
      return view(ctx, req.params.id)
    },
  )

  app.post(
    '/v1/investors/:id/reverify',
    {
      config: { scopes: ['compliance'] },
      schema: {
        tags: ['investors'],
        summary: 'Re-verify an EXPIRED investor (screened again; once approved a new claim makes it ACTIVE again)',
        params: IdParams,
        body: Type.Optional(Type.Object({ accreditation: Type.Optional(AccreditationInput) }, { additionalProperties: false })),
        response: { 200: Investor, ...errors },
      },
    },
    async (req) => {
      const p = requirePrincipal(req)
      await reverifyInvestor(ctx, req.params.id, req.body ?? {}, actorOf(p), String(req.id))
      return view(ctx, req.params.id)
    },
  )

  app.post(
    '/v1/investors/:id/onboarding/retry',
    {
      schema: {
        tags: ['investors'],
        summary: 'Retry the investor’s failed workflow (scope operate or compliance)',
        description: 'A step whose custody transaction ended FAILED/BLOCKED/REJECTED/CANCELLED is asked again under a new externalTxId attempt.',
        params: IdParams,
        response: { 200: Investor, ...errors },
      },
    },
    async (req) => {
      const p = requireAnyScope(req, ['operate', 'compliance'])
      await retryFailedWorkflow(ctx, req.params.id, actorOf(p), String(req.id))
      return view(ctx, req.params.id)
    },
  )
}
