import { Type } from 'typebox'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import { ConflictError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { getAlert, listAlerts } from './read-alerts.ts'
import { resolveAlert } from './raise-alert.ts'
import { runReconciliation } from './run-reconciliation.ts'
import { errors, IdParams, Page } from '../../http/schemas.ts'
import { actorOf, requireAnyScope } from '../../http/principal.ts'

const NStr = Type.Union([Type.String(), Type.Null()])
const AlertKind = Type.Union([Type.Literal('UNEXPLAINED_TRANSFER'), Type.Literal('OPERATION_MISMATCH'), Type.Literal('OPERATION_TX_MISSING'), Type.Literal('SUPPLY_MISMATCH'), Type.Literal('CUSTODY_TRANSACTION_REORGED')])

const Alert = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'UNEXPLAINED_TRANSFER, OPERATION_MISMATCH, OPERATION_TX_MISSING, SUPPLY_MISMATCH or CUSTODY_TRANSACTION_REORGED (custody reported a final transaction gone from the chain; resolved when custody reports it COMPLETED again)' }),
  status: Type.String({ description: 'OPEN or RESOLVED' }),
  tokenId: NStr,
  operationId: NStr,
  txHash: NStr,
  blockNumber: NStr,
  details: Type.Unknown(),
  firstSeenAt: Type.String(),
  lastSeenAt: Type.String(),
  resolvedAt: NStr,
  resolvedBy: NStr,
  resolution: NStr,
})

const RunResult = Type.Object({
  ranAt: Type.String(),
  status: Type.String({ description: 'COMPLETED, or SKIPPED (nothing indexed yet, or a reorg is being rolled back)' }),
  reason: NStr,
  indexedHead: Type.Union([Type.Object({ number: Type.String(), hash: Type.String() }), Type.Null()]),
  operations: Type.Object({ checked: Type.Integer(), matched: Type.Integer(), pending: Type.Integer(), drifted: Type.Integer() }),
  transfers: Type.Object({ unexplained: Type.Integer(), deferred: Type.Integer() }),
  supply: Type.Array(
    Type.Object({ tokenId: Type.String(), atBlock: Type.String(), indexed: Type.String(), chain: NStr, status: Type.String(), reason: Type.Optional(Type.String()) }),
  ),
  raised: Type.Array(Alert),
  resolved: Type.Array(Alert),
  openAlerts: Type.Integer(),
})

export function registerReconciliationRoutes(app: HttpServer, ctx: PlatformContext) {
  app.get(
    '/v1/reconciliation/alerts',
    {
      schema: {
        tags: ['reconciliation'],
        summary: 'Drift between what the platform instructed and the chain (scope compliance or audit)',
        querystring: Type.Object({
          status: Type.Optional(Type.Union([Type.Literal('OPEN'), Type.Literal('RESOLVED')])),
          kind: Type.Optional(AlertKind),
          tokenId: Type.Optional(Type.String({ maxLength: 64 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          cursor: Type.Optional(Type.String({ maxLength: 300 })),
        }),
        response: { 200: Page(Alert), ...errors },
      },
    },
    async (req) => {
      requireAnyScope(req, ['compliance', 'audit'])
      return listAlerts(ctx, req.query)
    },
  )

  app.get(
    '/v1/reconciliation/alerts/:id',
    { schema: { tags: ['reconciliation'], summary: 'One reconciliation alert (scope compliance or audit)', params: IdParams, response: { 200: Alert, ...errors } } },
    async (req) => {
      requireAnyScope(req, ['compliance', 'audit'])
      return getAlert(ctx, req.params.id)
    },
  )

  app.post(
    '/v1/reconciliation/alerts/:id/resolve',
    {
      schema: {
        tags: ['reconciliation'],
        summary: 'A compliance officer resolves an alert, saying why (scope compliance)',
        description: 'The same drift is then not raised again. 409 RECONCILIATION_ALERT_NOT_OPEN if it is already resolved.',
        params: IdParams,
        body: Type.Object({ resolution: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: Alert, ...errors },
      },
    },
    async (req) => {
      const p = requireAnyScope(req, ['compliance'])
      const resolved = await resolveAlert(ctx, req.params.id, { actor: actorOf(p), resolution: req.body.resolution, correlationId: String(req.id) })
      if (!resolved) {
        const current = await getAlert(ctx, req.params.id)
        throw new ConflictError('RECONCILIATION_ALERT_NOT_OPEN', `alert ${req.params.id} is ${current.status}`, { alertId: current.id, status: current.status })
      }
      return getAlert(ctx, req.params.id)
    },
  )

  app.post(
    '/v1/reconciliation/run',
    {
      schema: {
        tags: ['reconciliation'],
        summary: 'Run reconciliation now against the indexed head and return its result (scope operate or admin)',
        description:
          'Completed mints, transfers and batch mints against their transactions’ indexed Transfer events; every indexed Transfer against the platform’s operations; each token’s indexed supply against totalSupply(). Each new drift raises one alert (audited, webhook event reconciliation.alert_raised).',
        response: { 200: RunResult, ...errors },
      },
    },
    async (req) => {
      const p = requireAnyScope(req, ['operate', 'admin'])
      return runReconciliation(ctx, actorOf(p))
    },
  )
}
