import { Type } from 'typebox'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import { requirePrincipal } from '../../../shared/auth/auth-plugin.ts'
import type { PlatformContext } from '../../context.ts'
import { actorOf, requireAnyScope } from '../../http/principal.ts'
import { errors, IdParams } from '../../http/schemas.ts'
import { getInvestor } from '../investors/read-investors.ts'
import { Investor, serializeInvestor } from '../investors/public.ts'
import { createInvestor } from './create-investor.ts'
import { expireInvestors } from './expire-investors.ts'
import { decideKyc } from './kyc-decision.ts'
import { reloadSanctionsList } from './reload-sanctions-list.ts'
import { rescreenInvestors } from './rescreen-investors.ts'
import { retryFailedWorkflow } from './retry-onboarding.ts'
import { reverifyInvestor } from './reverify.ts'
import { AccreditationInput, CreateInvestorBody } from './schemas.ts'

/**
 * What moves an investor through onboarding: creation (screening starts at
 * once), a compliance officer's decision, re-verification, retry of a failed
 * workflow; and the jobs run on demand (expiry, rescreening, sanctions list reload).
 */
export function registerOnboardingRoutes(app: HttpServer, ctx: PlatformContext) {
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
      return getInvestor(ctx, req.params.id)
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
      return getInvestor(ctx, req.params.id)
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
      return getInvestor(ctx, req.params.id)
    },
  )

  app.post(
    '/v1/jobs/kyc-expiry/run',
    {
      schema: {
        tags: ['operations'],
        summary: 'Run the KYC expiry job now (scope operate or compliance); it also runs on a schedule',
        response: { 200: Type.Object({ expired: Type.Array(Type.String()) }), ...errors },
      },
    },
    async (req) => {
      requireAnyScope(req, ['operate', 'compliance'])
      return expireInvestors(ctx)
    },
  )

  app.post(
    '/v1/jobs/rescreen/run',
    {
      schema: {
        tags: ['operations'],
        summary: 'Rescreen ACTIVE investors now (scope operate or compliance): those due, or all with {"all": true}',
        body: Type.Optional(Type.Object({ all: Type.Optional(Type.Boolean()) }, { additionalProperties: false })),
        response: { 200: Type.Object({ screened: Type.Integer(), suspended: Type.Array(Type.String()) }), ...errors },
      },
    },
    async (req) => {
      requireAnyScope(req, ['operate', 'compliance'])
      return rescreenInvestors(ctx, { all: req.body?.all === true })
    },
  )

  app.post(
    '/v1/kyc/sanctions-list/reload',
    {
      config: { scopes: ['compliance'] },
      schema: {
        tags: ['operations'],
        summary: 'Re-read the sanctions list files; if they changed, rescreen every ACTIVE investor',
        response: {
          200: Type.Object({ changed: Type.Boolean(), version: Type.String(), entries: Type.Integer(), rescreened: Type.Integer(), suspended: Type.Array(Type.String()) }),
          ...errors,
        },
      },
    },
    async (req) => {
      const p = requirePrincipal(req)
      return reloadSanctionsList(ctx, actorOf(p), String(req.id))
    },
  )
}
