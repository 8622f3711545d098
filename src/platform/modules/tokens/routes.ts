import { Type } from 'typebox'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import type { PlatformContext } from '../../context.ts'
import { createToken } from './create-token.ts'
import { getToken, listTokens, tokenView } from './read-tokens.ts'
import { setTokenPaused } from './pause-token.ts'
import { requestComplianceMigration } from './migrate-compliance.ts'
import { getTokenOperation, listTokenOperations, serializeOperation } from './read-operations.ts'
import { Operation, Token } from './schemas.ts'
import { errors, IdParams } from '../../http/schemas.ts'
import { actorOf, requireAnyScope } from '../../http/principal.ts'
import { Uint256 } from '../../../shared/http/amount.ts'

const Uint = Uint256('base units, decimal string')

const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    symbol: Type.String({ pattern: '^[A-Za-z0-9]{1,11}$' }),
    decimals: Type.Integer({ minimum: 0, maximum: 18 }),
    claimTopics: Type.Optional(Type.Array(Type.Union([Type.Integer({ minimum: 0 }), Uint256()]), { maxItems: 16, description: 'default [1] (KYC)' })),
    compliance: Type.Optional(
      Type.Object(
        {
          allowedCountries: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z]{2}$' }), { maxItems: 250, description: 'ISO 3166-1 alpha-2' })),
          deniedCountries: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z]{2}$' }), { maxItems: 250, description: 'ISO 3166-1 alpha-2; never hold the token' })),
          maxBalance: Type.Optional(Uint),
          supplyLimit: Type.Optional(Uint),
          maxHolders: Type.Optional(Type.String({ pattern: '^[0-9]{1,28}$', description: 'most wallets holding the token' })),
          lockupDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 36_500, description: 'every mint locked on-chain for this many days (an offering may set its own)' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)

const OpParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), operationId: Type.String({ minLength: 1, maxLength: 64 }) })

export function registerTokenRoutes(app: HttpServer, ctx: PlatformContext) {
  app.post(
    '/v1/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Deploy a T-REX token through custody (scope issuer)',
        description:
          'Records the token DEPLOYING and asks custody for TREXFactory.deployTREXSuite from the issuer-agent vault (owner and agent of the suite; the identity-agent vault is its registry agent; the platform’s shared identity storage, so onboarded investors are already registered). The vault is warm: a custody approver must approve. The token is ACTIVE (and paused, as every new T-REX token) once the receipt shows its addresses.',
        body: CreateTokenBody,
        response: { 201: Token, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireAnyScope(req, ['issuer'])
      const b = req.body
      const row = await createToken(ctx, { ...b, claimTopics: b.claimTopics?.map(String) }, actorOf(p), String(req.id))
      return reply.status(201).send(await tokenView(ctx, row))
    },
  )

  app.get('/v1/tokens', { config: { scopes: ['read'] }, schema: { tags: ['tokens'], summary: 'Every token, with chain state', response: { 200: Type.Object({ items: Type.Array(Token) }), ...errors } } }, async () => listTokens(ctx))

  app.get(
    '/v1/tokens/:id',
    { config: { scopes: ['read'] }, schema: { tags: ['tokens'], summary: 'One token: addresses, modules, paused, total supply (read from the chain)', params: IdParams, response: { 200: Token, ...errors } } },
    async (req) => getToken(ctx, req.params.id),
  )

  for (const action of ['pause', 'unpause'] as const) {
    app.post(
      `/v1/tokens/:id/${action}`,
      {
        schema: {
          tags: ['tokens'],
          summary: `${action === 'pause' ? 'Pause' : 'Unpause'} a token through custody (scope issuer)`,
          description: 'Sent from the warm issuer-agent vault: the answer is usually PENDING_AUTHORIZATION with the custody transaction id; a custody approver approves, and GET /v1/tokens/:id/operations/:operationId shows the end.',
          params: IdParams,
          response: { 202: Operation, ...errors },
        },
      },
      async (req, reply) => {
        const p = requireAnyScope(req, ['issuer'])
        const { op } = await setTokenPaused(ctx, req.params.id, action === 'pause', actorOf(p), String(req.id))
        return reply.status(202).send(serializeOperation(op))
      },
    )
  }

  app.post(
    '/v1/tokens/:id/compliance/migrate',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Move a token onto the Custos compliance modules (scope issuer)',
        description:
          'A MIGRATE_COMPLIANCE token operation for a token bound to other compliance modules (Tokeny’s, before Custos had its own): from the issuer-agent vault (the compliance’s owner), one custody transaction per step, each approved at custody — the holders’ balances and count are seeded into the max-balance and max-holders modules, the five Custos modules are bound and given the token’s recorded rules, then every other module is unbound (ours first, so the token is never without its rules). The token must be paused (409 TOKEN_NOT_PAUSED). The operation’s custodyTxId is the step under way; GET /v1/tokens/:id/operations/:operationId shows the end. 202 for a new migration; 200 with the same operation for a repeat of the same key; 409 COMPLIANCE_ALREADY_MIGRATED when the token binds ours and no other, COMPLIANCE_MIGRATION_IN_FLIGHT while another is under way, TOKEN_OPERATIONS_IN_FLIGHT while another operation on the token is unfinished, TOKEN_NOT_ACTIVE. While a migration is under way every other operation on the token but a pause, freeze or unfreeze is refused with 409 COMPLIANCE_MIGRATION_IN_FLIGHT (a batch mint’s next chunk waits).',
        params: IdParams,
        body: Type.Object({ idempotencyKey: Type.String({ pattern: '^[A-Za-z0-9._:-]{1,100}$' }) }, { additionalProperties: false }),
        response: { 200: Operation, 202: Operation, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireAnyScope(req, ['issuer'])
      const { op, created } = await requestComplianceMigration(ctx, req.params.id, req.body.idempotencyKey, actorOf(p), String(req.id))
      return reply.status(created ? 202 : 200).send(serializeOperation(op))
    },
  )

  app.get(
    '/v1/tokens/:id/operations',
    { config: { scopes: ['read'] }, schema: { tags: ['tokens'], summary: 'The token’s operations (mints, transfers, pauses), newest first', params: IdParams, response: { 200: Type.Object({ items: Type.Array(Operation) }), ...errors } } },
    async (req) => listTokenOperations(ctx, req.params.id),
  )

  app.get(
    '/v1/tokens/:id/operations/:operationId',
    { config: { scopes: ['read'] }, schema: { tags: ['tokens'], summary: 'One token operation and its custody transaction', params: OpParams, response: { 200: Operation, ...errors } } },
    async (req) => getTokenOperation(ctx, req.params.id, req.params.operationId),
  )
}
