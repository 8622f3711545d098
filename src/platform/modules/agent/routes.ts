import { Type } from 'typebox'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import { Uint256 } from '../../../shared/http/amount.ts'
import type { PlatformContext } from '../../context.ts'
import { errors, IdParams } from '../../http/schemas.ts'
import { actorOf, requireAnyScope } from '../../http/principal.ts'
import { createAgentAction, holderRef, type HolderRef } from './create-action.ts'
import { getAgentAction, listAgentActions, serializeAction } from './read-actions.ts'
import { getRecovery, listRecoveries, recoveryView } from './read-recoveries.ts'
import { startWalletRecovery } from './recover-wallet.ts'
import { AgentAction, WalletRecovery } from './schemas.ts'
import type { AgentActionKind } from './tables.ts'

/** Who may use the agent's powers: the issuer, or a compliance officer. */
const AGENT_SCOPES = ['issuer', 'compliance']

const Address = Type.String({ pattern: '^0x[0-9a-fA-F]{40}$', description: 'the holder’s wallet' })
const InvestorId = Type.String({ minLength: 1, maxLength: 64, description: 'the investor whose custodial wallet is meant' })
const AddressOrInvestor = Type.String({ minLength: 1, maxLength: 64, description: 'a wallet address (0x…) or an investor id' })
const Reason = Type.String({ minLength: 1, maxLength: 1000, description: 'why (e.g. a court order’s reference); kept in the audit log' })
const Key = Type.String({ minLength: 1, maxLength: 128, description: 'the same key and body return the same action (200); another body is 409 IDEMPOTENCY_KEY_REUSED' })
const Amount = Uint256('base units, decimal string')

const holderFields = { address: Type.Optional(Address), investorId: Type.Optional(InvestorId), reason: Reason, idempotencyKey: Key }
const FreezeBody = Type.Object(holderFields, { additionalProperties: false })
const AmountBody = Type.Object({ ...holderFields, amount: Amount }, { additionalProperties: false })
const ForcedTransferBody = Type.Object({ from: AddressOrInvestor, to: AddressOrInvestor, amount: Amount, reason: Reason, idempotencyKey: Key }, { additionalProperties: false })

const ActionParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), actionId: Type.String({ minLength: 1, maxLength: 64 }) })

type Body = { address?: string; investorId?: string; from?: string; to?: string; amount?: string; reason: string; idempotencyKey: string }

const ROUTES: Array<{ path: string; kind: AgentActionKind; body: typeof FreezeBody | typeof AmountBody | typeof ForcedTransferBody; summary: string; refusals: string }> = [
  { path: 'freezes', kind: 'FREEZE', body: FreezeBody, summary: 'Freeze an address on the token (setAddressFrozen true)', refusals: 'AGENT_TARGET_INVALID, AGENT_INVESTOR_WALLET_MISSING' },
  { path: 'unfreezes', kind: 'UNFREEZE', body: FreezeBody, summary: 'Unfreeze an address on the token (setAddressFrozen false)', refusals: 'AGENT_TARGET_INVALID, AGENT_INVESTOR_WALLET_MISSING' },
  { path: 'partial-freezes', kind: 'PARTIAL_FREEZE', body: AmountBody, summary: 'Freeze part of a holder’s balance (freezePartialTokens)', refusals: 'AGENT_FREEZE_EXCEEDS_BALANCE (more than its unfrozen balance), AGENT_AMOUNT_NOT_POSITIVE' },
  { path: 'partial-unfreezes', kind: 'PARTIAL_UNFREEZE', body: AmountBody, summary: 'Unfreeze part of a holder’s frozen tokens (unfreezePartialTokens)', refusals: 'AGENT_UNFREEZE_EXCEEDS_FROZEN (more than is frozen), AGENT_AMOUNT_NOT_POSITIVE' },
  { path: 'forced-transfers', kind: 'FORCED_TRANSFER', body: ForcedTransferBody, summary: 'Move tokens from one holder to another without its consent (forcedTransfer), e.g. under a court order', refusals: 'AGENT_TRANSFER_EXCEEDS_BALANCE, AGENT_RECEIVER_NOT_VERIFIED (the destination is no verified identity of the token), AGENT_SAME_WALLET, AGENT_AMOUNT_NOT_POSITIVE' },
  { path: 'burns', kind: 'BURN', body: AmountBody, summary: 'Burn tokens of a holder (burn)', refusals: 'AGENT_BURN_EXCEEDS_BALANCE, AGENT_AMOUNT_NOT_POSITIVE' },
]

export function registerAgentRoutes(app: HttpServer, ctx: PlatformContext) {
  for (const r of ROUTES) {
    app.post(
      `/v1/tokens/:id/${r.path}`,
      {
        schema: {
          tags: ['agent'],
          summary: `${r.summary} (scope issuer or compliance)`,
          description: `Checked against the chain first (422 with a code, nothing recorded: ${r.refusals}; 409 TOKEN_NOT_ACTIVE), then recorded with the holder’s state before, audited with its reason, and sent through custody from the token’s agent vault (warm: a custody approver approves). 202 with the action (custodyStatus PENDING_AUTHORIZATION while it waits); 200 for the same idempotencyKey and body; 409 IDEMPOTENCY_KEY_REUSED. Webhooks agent_action.requested, agent_action.completed / agent_action.failed.`,
          params: IdParams,
          body: r.body,
          response: { 200: AgentAction, 202: AgentAction, ...errors },
        },
      },
      async (req, reply) => {
        const p = requireAnyScope(req, AGENT_SCOPES)
        const b = req.body as Body
        const forced = r.kind === 'FORCED_TRANSFER'
        const holder: HolderRef = forced ? holderRef(b.from!) : { address: b.address, investorId: b.investorId }
        const { action, created } = await createAgentAction(
          ctx,
          { tokenId: req.params.id, kind: r.kind, holder, to: forced ? holderRef(b.to!) : undefined, amount: b.amount === undefined ? undefined : BigInt(b.amount), reason: b.reason, idempotencyKey: b.idempotencyKey },
          actorOf(p),
          String(req.id),
        )
        return reply.status(created ? 202 : 200).send(serializeAction(action))
      },
    )
    app.get(
      `/v1/tokens/:id/${r.path}`,
      { config: { scopes: ['read'] }, schema: { tags: ['agent'], summary: `The token’s ${r.kind} actions, newest first`, params: IdParams, response: { 200: Type.Object({ items: Type.Array(AgentAction) }), ...errors } } },
      async (req) => listAgentActions(ctx, req.params.id, r.kind),
    )
    app.get(
      `/v1/tokens/:id/${r.path}/:actionId`,
      { config: { scopes: ['read'] }, schema: { tags: ['agent'], summary: `One ${r.kind} action: status, reason, custody transaction, hash, the holder before and after`, params: ActionParams, response: { 200: AgentAction, ...errors } } },
      async (req) => getAgentAction(ctx, req.params.id, req.params.actionId, r.kind),
    )
  }

  app.get(
    '/v1/tokens/:id/agent-actions',
    { config: { scopes: ['read'] }, schema: { tags: ['agent'], summary: 'Every agent action on the token (freezes, forced transfers, burns, recoveries’ moves), newest first', params: IdParams, response: { 200: Type.Object({ items: Type.Array(AgentAction) }), ...errors } } },
    async (req) => listAgentActions(ctx, req.params.id),
  )
  app.get(
    '/v1/tokens/:id/agent-actions/:actionId',
    { config: { scopes: ['read'] }, schema: { tags: ['agent'], summary: 'One agent action of the token', params: ActionParams, response: { 200: AgentAction, ...errors } } },
    async (req) => getAgentAction(ctx, req.params.id, req.params.actionId),
  )

  app.post(
    '/v1/investors/:id/wallet-recoveries',
    {
      schema: {
        tags: ['agent'],
        summary: 'Recover an investor who lost access to its wallet (scope issuer or compliance)',
        description:
          'Custody creates a new vault; the new wallet becomes a key of the investor’s ONCHAINID and is registered to it; on every token the lost wallet holds, its balance is force-transferred to the new wallet (the lock-up lots follow), its frozen part frozen again there, and the lost wallet frozen; the lost wallet’s registration is deleted; the investor’s record points at the new vault. 202 PENDING (GET shows each step; the token actions wait for a custody approver); 200 same idempotencyKey and body; 409 IDEMPOTENCY_KEY_REUSED, 409 WALLET_RECOVERY_IN_PROGRESS; 422 WALLET_RECOVERY_INVESTOR_NOT_ACTIVE. Webhooks wallet_recovery.requested, .completed, .failed.',
        params: IdParams,
        body: Type.Object({ reason: Reason, idempotencyKey: Key }, { additionalProperties: false }),
        response: { 200: WalletRecovery, 202: WalletRecovery, ...errors },
      },
    },
    async (req, reply) => {
      const p = requireAnyScope(req, AGENT_SCOPES)
      const { recovery, created } = await startWalletRecovery(ctx, { investorId: req.params.id, reason: req.body.reason, idempotencyKey: req.body.idempotencyKey }, actorOf(p), String(req.id))
      return reply.status(created ? 202 : 200).send(await recoveryView(ctx, recovery))
    },
  )
  app.get(
    '/v1/investors/:id/wallet-recoveries',
    { config: { scopes: ['read'] }, schema: { tags: ['agent'], summary: 'The investor’s wallet recoveries, newest first', params: IdParams, response: { 200: Type.Object({ items: Type.Array(WalletRecovery) }), ...errors } } },
    async (req) => listRecoveries(ctx, req.params.id),
  )
  app.get(
    '/v1/wallet-recoveries/:id',
    { config: { scopes: ['read'] }, schema: { tags: ['agent'], summary: 'One wallet recovery: its steps’ token actions and its workflow', params: IdParams, response: { 200: WalletRecovery, ...errors } } },
    async (req) => getRecovery(ctx, req.params.id),
  )
}
