import { Type } from 'typebox'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import type { PlatformContext } from '../../context.ts'
import { errors, IdParams, Page, Workflow } from '../../http/schemas.ts'
import { getInvestor, listInvestors, listInvestorWorkflows } from './read-investors.ts'
import { Investor, InvestorStatus } from './schemas.ts'

/** Reading investors: the list, one investor, its workflows. What changes an investor is onboarding's (see ../onboarding/routes.ts). */
export function registerInvestorRoutes(app: HttpServer, ctx: PlatformContext) {
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


}
