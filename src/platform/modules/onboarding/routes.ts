import { Type } from 'typebox'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import { requirePrincipal } from '../../../shared/auth/auth-plugin.ts'
import { CustosError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { recordChange } from '../../record-change.ts'
import { expireInvestors } from './expire-investors.ts'
import { rescreenInvestors } from './rescreen-investors.ts'
import { actorOf, requireAnyScope } from '../../http/principal.ts'
import { errors } from '../../http/schemas.ts'

/** Jobs run on demand and the sanctions list reload. */
export function registerOperationRoutes(app: HttpServer, ctx: PlatformContext) {
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
      if (!ctx.kyc.reload) throw new CustosError('KYC_RELOAD_UNSUPPORTED', `the ${ctx.kyc.name} KYC provider has no list to reload`, { status: 409 })
      const info = await ctx.kyc.reload()
      await recordChange(ctx.db, ctx, {
        at: ctx.clock.now(),
        actor: actorOf(p),
        action: 'kyc.sanctions_list_reloaded',
        targetType: 'sanctions_list',
        targetId: info.version,
        details: { changed: info.changed, entries: info.entries },
        correlationId: String(req.id),
      })
      const r = info.changed ? await rescreenInvestors(ctx, { all: true }) : { screened: 0, suspended: [] }
      return { changed: info.changed, version: info.version, entries: info.entries, rescreened: r.screened, suspended: r.suspended }
    },
  )
  // The audit log's read API (entries, proofs, checkpoints, exports) is registered by ../audit/platform-audit-routes.ts.
}
