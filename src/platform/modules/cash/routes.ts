import { Type } from 'typebox'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import type { PlatformContext } from '../../context.ts'
import { errors, IdParams } from '../../http/schemas.ts'
import { actorOf, requireAnyScope } from '../../http/principal.ts'
import { cashOf, depositAddress } from './read-cash.ts'
import { getWithdrawalRow, listWithdrawals, requestWithdrawal, withdrawalView } from './request-withdrawal.ts'
import { listWithdrawalAddresses, registerWithdrawalAddress, withdrawalAddressView } from './withdrawal-addresses.ts'

const NStr = Type.Union([Type.String(), Type.Null()])
const Address = Type.String({ pattern: '^0x[0-9a-fA-F]{40}$', description: 'an EVM address' })
const Positive = Type.String({ pattern: '^0*[1-9][0-9]{0,77}$', format: 'uint256', description: 'stablecoin base units, a decimal string above 0 (cUSD has 6 decimals)' })
const Text = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S', ...(description ? { description } : {}) })

const DepositAddress = Type.Object(
  {
    investorId: Type.String(),
    chainId: Type.Integer(),
    vaultId: Type.String(),
    address: Type.String({ description: 'the investor’s custodial vault (the one that holds its tokens); send the stablecoin here' }),
    assets: Type.Array(Type.Object({ asset: Type.String({ description: 'ERC-20 contract' }), symbol: Type.String(), decimals: Type.Integer() }), { description: 'credited as cash once custody confirms the deposit' }),
  },
  { title: 'DepositAddress' },
)
const Cash = Type.Object(
  {
    investorId: Type.String(),
    balances: Type.Array(Type.Object({ asset: Type.String(), available: Type.String(), reserved: Type.String(), total: Type.String(), vaultBalance: Type.Union([Type.String(), Type.Null()], { description: 'what the investor’s vault holds on-chain; more than total when money arrived or left outside the cash module' }) })),
    entries: Type.Array(
      Type.Object({
        id: Type.String(),
        asset: Type.String(),
        kind: Type.String({ description: 'DEPOSIT, RETRACTION, SUBSCRIPTION_PAYMENT or WITHDRAWAL' }),
        phase: Type.String({ description: 'SETTLED, RESERVED or RELEASED' }),
        availableDelta: Type.String(),
        reservedDelta: Type.String(),
        subject: Type.Object({ type: Type.String(), id: Type.String() }),
        details: Type.Unknown(),
        createdAt: Type.String(),
      }),
    ),
    nextCursor: NStr,
  },
  { title: 'Cash' },
)
const WithdrawalAddress = Type.Object(
  {
    id: Type.String(),
    investorId: Type.String(),
    address: Type.String(),
    label: Type.String(),
    beneficiaryName: Type.String(),
    institutionName: NStr,
    institutionCountry: NStr,
    status: Type.String({ description: 'PENDING (custody’s admin quorum has not decided), WHITELISTED, REJECTED or REMOVED' }),
    statusReason: NStr,
    custody: Type.Object({ changeRequestId: NStr }),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    whitelistedAt: NStr,
  },
  { title: 'WithdrawalAddress' },
)
const Withdrawal = Type.Object(
  {
    id: Type.String(),
    investorId: Type.String(),
    asset: Type.String(),
    amount: Type.String(),
    withdrawalAddressId: Type.String(),
    to: Type.String(),
    status: Type.String({ description: 'PROCESSING, COMPLETED or FAILED' }),
    statusCode: NStr,
    statusReason: NStr,
    custody: Type.Object({ externalTxId: Type.String(), custodyTxId: NStr }),
    txHash: NStr,
    createdAt: Type.String(),
    updatedAt: Type.String(),
    completedAt: NStr,
  },
  { title: 'Withdrawal' },
)
const RegisterBody = Type.Object(
  {
    address: Address,
    label: Text(200),
    beneficiaryName: Text(200, 'the account holder at the destination (travel rule)'),
    institutionName: Type.Optional(Text(200, 'the institution holding the address (travel rule); none for a self-hosted wallet')),
    institutionCountry: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' })),
  },
  { additionalProperties: false },
)
const WithdrawBody = Type.Object(
  {
    asset: Type.Optional(Address),
    amount: Positive,
    withdrawalAddressId: Type.String({ minLength: 1, maxLength: 64 }),
    idempotencyKey: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._:/-]+$', description: 'the same key and body return the first withdrawal (200); another body 409' }),
  },
  { additionalProperties: false },
)
const CashQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), cursor: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false })

/** Routes of investors' cash: deposit address, balance and ledger, withdrawal addresses, withdrawals. */
export function registerCashRoutes(app: HttpServer, ctx: PlatformContext): void {
  app.get(
    '/v1/investors/:id/deposit-address',
    { config: { scopes: ['read'] }, schema: { tags: ['cash'], summary: 'Where the investor sends stablecoin: its custodial vault, and the assets credited as cash', description: '409 DEPOSIT_ADDRESS_NOT_READY before onboarding made the vault.', params: IdParams, response: { 200: DepositAddress, ...errors } } },
    async (req) => depositAddress(ctx, req.params.id),
  )
  app.get(
    '/v1/investors/:id/cash',
    { config: { scopes: ['read'] }, schema: { tags: ['cash'], summary: 'The investor’s cash per asset (available, reserved, total) and its ledger, newest first', params: IdParams, querystring: CashQuery, response: { 200: Cash, ...errors } } },
    async (req) => cashOf(ctx, req.params.id, req.query),
  )
  app.post(
    '/v1/investors/:id/withdrawal-addresses',
    {
      schema: {
        tags: ['cash'],
        summary: 'Register an external address for withdrawals, with travel-rule data; custody is asked to whitelist it (scope issuer or operate)',
        description: '201 PENDING until custody’s admin quorum approves (then WHITELISTED); 200 the same address and details again. 422 INVESTOR_NOT_ACTIVE, WITHDRAWAL_ADDRESS_IS_OWN_VAULT; 409 WITHDRAWAL_ADDRESS_ALREADY_REGISTERED (other details); 501 WHITELISTING_NOT_SUPPORTED.',
        params: IdParams,
        body: RegisterBody,
        response: { 200: WithdrawalAddress, 201: WithdrawalAddress, ...errors, 501: errors[503] },
      },
    },
    async (req, reply) => {
      const p = requireAnyScope(req, ['issuer', 'operate'])
      const { row, created } = await registerWithdrawalAddress(ctx, req.params.id, req.body, actorOf(p), String(req.id))
      return reply.status(created ? 201 : 200).send(withdrawalAddressView(row))
    },
  )
  app.get(
    '/v1/investors/:id/withdrawal-addresses',
    { config: { scopes: ['read'] }, schema: { tags: ['cash'], summary: 'The investor’s withdrawal addresses (a PENDING one is checked with custody)', params: IdParams, response: { 200: Type.Object({ items: Type.Array(WithdrawalAddress) }), ...errors } } },
    async (req) => listWithdrawalAddresses(ctx, req.params.id, 'system:cash'),
  )
  app.post(
    '/v1/investors/:id/withdrawals',
    {
      schema: {
        tags: ['cash'],
        summary: 'Withdraw cash to a registered, whitelisted address, through custody from the investor’s vault (scope issuer or operate)',
        description: '201 PROCESSING (the amount is reserved), then COMPLETED or FAILED; 200 the same idempotencyKey and body. 422 WITHDRAWAL_ADDRESS_NOT_REGISTERED, WITHDRAWAL_ADDRESS_NOT_WHITELISTED, CASH_INSUFFICIENT_BALANCE, ASSET_NOT_ACCEPTED, INVESTOR_NOT_ACTIVE; 409 IDEMPOTENCY_KEY_REUSED.',
        params: IdParams,
        body: WithdrawBody,
        response: { 200: Withdrawal, 201: Withdrawal, ...errors, 501: errors[503] },
      },
    },
    async (req, reply) => {
      const p = requireAnyScope(req, ['issuer', 'operate'])
      const { row, created } = await requestWithdrawal(ctx, req.params.id, { ...req.body, amount: BigInt(req.body.amount) }, actorOf(p), String(req.id))
      return reply.status(created ? 201 : 200).send(withdrawalView(row))
    },
  )
  app.get(
    '/v1/investors/:id/withdrawals',
    { config: { scopes: ['read'] }, schema: { tags: ['cash'], summary: 'The investor’s withdrawals, newest first', params: IdParams, querystring: CashQuery, response: { 200: Type.Object({ items: Type.Array(Withdrawal), nextCursor: NStr }), ...errors } } },
    async (req) => listWithdrawals(ctx, req.params.id, req.query),
  )
  app.get(
    '/v1/withdrawals/:id',
    { config: { scopes: ['read'] }, schema: { tags: ['cash'], summary: 'One withdrawal: amount, destination, status, custody transaction', params: IdParams, response: { 200: Withdrawal, ...errors } } },
    async (req) => withdrawalView(await getWithdrawalRow(ctx, req.params.id)),
  )
}
