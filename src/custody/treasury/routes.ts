import { Type } from 'typebox'
import type { HttpServer } from '../../shared/http/create-server.ts'
import { requirePrincipal } from '../../shared/auth/auth-plugin.ts'
import type { CustodyContext } from '../context.ts'
import { Amount, Problem } from '../routes/schemas.ts'
import { deleteRule, putRule } from './set-rule.ts'
import { runTreasuryCheck } from './check-treasury.ts'
import { listRules, readTreasuryStatus } from './read-treasury.ts'
import { serializeRule } from './schema.ts'
import { auditActor } from '../../shared/auth/audit-actor.ts'

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
const NStr = Type.Union([Type.String(), Type.Null()])
const Direction = Type.Union([Type.Literal('TOPUP'), Type.Literal('SWEEP')])

export const TreasuryRule = Type.Object({
  id: Type.String(),
  hotVaultId: Type.String(),
  assetId: Type.String(),
  floor: Type.String({ description: 'base units of the asset' }),
  target: Type.String(),
  ceiling: Type.String(),
  sourceVaultId: Type.String({ description: 'warm or cold vault a top-up comes from' }),
  sweepVaultId: Type.String({ description: 'warm or cold vault a sweep goes to' }),
  episode: Type.Integer({ description: 'proposals made so far under this rule that reached a final status' }),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedBy: Type.String(),
  updatedAt: Type.String(),
})

const RuleStatus = Type.Object({
  rule: TreasuryRule,
  balance: Type.Union([Type.String({ description: "the hot vault's balance, read from the chain" }), Type.Null()]),
  state: Type.Union([Type.Literal('OK'), Type.Literal('BELOW_FLOOR'), Type.Literal('ABOVE_CEILING'), Type.Null()]),
  openProposal: Type.Union([Type.Object({ transactionId: Type.String(), direction: Direction, status: Type.String() }), Type.Null()]),
  proposed: Type.Optional(Type.Object({ transactionId: Type.String(), direction: Direction, amount: Type.String() })),
  error: Type.Optional(NStr),
})

const Params = Type.Object({ hotVaultId: Type.String({ minLength: 1, maxLength: 64 }), assetId: Type.String({ minLength: 1, maxLength: 64 }) })

/** Treasury tiers: rebalancing rules for hot vaults, and the check that proposes top-ups and sweeps. */
export function registerTreasuryRoutes(app: HttpServer, ctx: CustodyContext) {
  app.get(
    '/v1/treasury/rules',
    { config: { scopes: ['read'] }, schema: { tags: ['treasury'], summary: 'Rebalancing rules, by hot vault and asset', response: { 200: Type.Object({ items: Type.Array(TreasuryRule) }), ...errors } } },
    async () => ({ items: (await listRules(ctx)).map(serializeRule) }),
  )

  app.put(
    '/v1/treasury/rules/:hotVaultId/:assetId',
    {
      config: { scopes: ['admin'] },
      schema: {
        tags: ['treasury'],
        summary: "Set a hot vault's rebalancing rule for an asset (creates or replaces)",
        description:
          'Amounts in base units, floor < target < ceiling. Below the floor a check proposes a top-up of target − balance from `sourceVaultId`; above the ceiling a sweep of balance − target to `sweepVaultId`. Both must be warm or cold vaults. 422 with TREASURY_BOUNDS_INVALID, TREASURY_NOT_HOT_VAULT, TREASURY_VAULT_UNKNOWN or TREASURY_VAULT_TIER; nothing is changed then.',
        params: Params,
        body: Type.Object(
          {
            floor: Amount,
            target: Amount,
            ceiling: Amount,
            sourceVaultId: Type.String({ minLength: 1, maxLength: 64 }),
            sweepVaultId: Type.String({ minLength: 1, maxLength: 64 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: TreasuryRule, 201: TreasuryRule, ...errors },
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req)
      const { rule, created } = await putRule(ctx, req.params.hotVaultId, req.params.assetId, req.body, { actor: auditActor(p), correlationId: String(req.id) })
      return reply.status(created ? 201 : 200).send(serializeRule(rule))
    },
  )

  app.delete(
    '/v1/treasury/rules/:hotVaultId/:assetId',
    {
      config: { scopes: ['admin'] },
      schema: { tags: ['treasury'], summary: 'Remove a rebalancing rule (an open proposal stays an ordinary transaction)', params: Params, response: { 204: Type.Null(), ...errors } },
    },
    async (req, reply) => {
      const p = requirePrincipal(req)
      await deleteRule(ctx, req.params.hotVaultId, req.params.assetId, { actor: auditActor(p), correlationId: String(req.id) })
      return reply.status(204).send(null)
    },
  )

  app.get(
    '/v1/treasury/status',
    {
      config: { scopes: ['read'] },
      schema: { tags: ['treasury'], summary: "Per rule: the hot vault's balance from the chain, its state and the open proposal", response: { 200: Type.Object({ items: Type.Array(RuleStatus) }), ...errors } },
    },
    async () => ({ items: await readTreasuryStatus(ctx) }),
  )

  app.post(
    '/v1/treasury/check',
    {
      config: { scopes: ['admin'] },
      schema: {
        tags: ['treasury'],
        summary: 'Run the rebalancing check now',
        description: 'Proposes a top-up or sweep for every rule out of its bounds that has no open proposal (once per rule and episode, whoever checks), and answers each rule’s status.',
        response: { 200: Type.Object({ items: Type.Array(RuleStatus) }), ...errors },
      },
    },
    async (req) => ({ items: await runTreasuryCheck(ctx, String(req.id)) }),
  )
}
