import { createHash, randomUUID } from 'node:crypto'
import { getAddress, isAddress, isAddressEqual, type Address } from 'viem'
import type { Kysely } from 'kysely'
import { ConflictError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { recordChange } from '../../record-change.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { getInvestorRow, investorIdsByWallet } from '../investors/read-investors.ts'
import { getTokenRow, type TokenRow } from '../tokens/read-tokens.ts'
import { tokenAddressOf } from '../tokens/public.ts'
import { isVerified, readHolder } from './agent-chain.ts'
import { AgentActionRefusedError } from './errors.ts'
import { findActionByKey, getActionRow, type AgentActionRow } from './read-actions.ts'
import { sendAction } from './action-workflow.ts'
import type { AgentActionKind, HolderState } from './tables.ts'
import { AGENT_ACTION, actionWorkflowId } from './workflow-kinds.ts'

/** A holder named by its wallet address or by the investor whose custodial wallet it is. */
export type HolderRef = { address?: string; investorId?: string }

export interface AgentActionParameters {
  tokenId: string
  kind: AgentActionKind
  holder: HolderRef
  /** FORCED_TRANSFER only: the receiver. */
  to?: HolderRef
  /** Base units (not for FREEZE / UNFREEZE). */
  amount?: bigint
  reason: string
  idempotencyKey: string
}

const hashOf = (r: Record<string, unknown>) =>
  createHash('sha256')
    .update(JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k] ?? null])))
    .digest('hex')

/** A holder reference from the wire: an address (0x…) or an investor id. */
export const holderRef = (s: string): HolderRef => (isAddress(s, { strict: false }) ? { address: s } : { investorId: s })

async function resolve(ctx: PlatformContext, ref: HolderRef): Promise<{ wallet: Address; investorId: string | null }> {
  if ((ref.address === undefined) === (ref.investorId === undefined)) throw new AgentActionRefusedError('TARGET_INVALID')
  if (ref.investorId !== undefined) {
    const investor = await getInvestorRow(ctx, ref.investorId)
    if (!investor.wallet_address) throw new AgentActionRefusedError('INVESTOR_WALLET_MISSING', { investorId: investor.id })
    return { wallet: getAddress(investor.wallet_address), investorId: investor.id }
  }
  const wallet = getAddress(ref.address!)
  const ids = await investorIdsByWallet(ctx, [wallet.toLowerCase()])
  return { wallet, investorId: ids.get(wallet.toLowerCase()) ?? null }
}

/** Refuses, with the rule's code, what the token would revert or what makes no sense; reads the chain. */
async function check(ctx: PlatformContext, token: TokenRow, kind: AgentActionKind, holder: HolderState, to: Address | null, amount: bigint | null) {
  const balance = BigInt(holder.balance)
  const frozen = BigInt(holder.frozenTokens)
  const details = { address: holder.address, balance: holder.balance, frozenTokens: holder.frozenTokens, amount: amount?.toString() ?? null }
  if (kind !== 'FREEZE' && kind !== 'UNFREEZE' && (amount === null || amount <= 0n)) throw new AgentActionRefusedError('AMOUNT_NOT_POSITIVE', details)
  switch (kind) {
    case 'PARTIAL_FREEZE':
      if (frozen + amount! > balance) throw new AgentActionRefusedError('FREEZE_EXCEEDS_BALANCE', details, `holds ${balance}, ${frozen} frozen, asked ${amount}`)
      return
    case 'PARTIAL_UNFREEZE':
      if (amount! > frozen) throw new AgentActionRefusedError('UNFREEZE_EXCEEDS_FROZEN', details, `${frozen} frozen, asked ${amount}`)
      return
    case 'BURN':
      if (amount! > balance) throw new AgentActionRefusedError('BURN_EXCEEDS_BALANCE', details, `holds ${balance}, asked ${amount}`)
      return
    case 'FORCED_TRANSFER':
      if (isAddressEqual(to!, getAddress(holder.address))) throw new AgentActionRefusedError('SAME_WALLET', details)
      if (amount! > balance) throw new AgentActionRefusedError('TRANSFER_EXCEEDS_BALANCE', details, `holds ${balance}, asked ${amount}`)
      if (!(await isVerified(ctx, token, to!))) throw new AgentActionRefusedError('RECEIVER_NOT_VERIFIED', { ...details, to }, `${to} is not verified in identity registry ${token.identity_registry}`)
      return
    default:
      return
  }
}

/** An agent action's row as first recorded (PENDING, nothing asked of custody yet). */
export interface AgentActionRecord {
  id: string
  tokenId: string
  kind: AgentActionKind
  investorId: string | null
  address: string
  toInvestorId?: string | null
  toAddress?: string | null
  amount?: bigint | null
  reason: string
  recoveryId?: string | null
  idempotencyKey: string
  requestHash: string
  before: { holder: HolderState; receiver?: HolderState }
  createdBy: string
  at: Date
  correlationId?: string | null
}

/** The custody externalTxId of an agent action: one per idempotency key, for ever. */
export const actionExternalTxId = (idempotencyKey: string) => `agent:${idempotencyKey}`

/**
 * Records an agent action, its AGENT_ACTION workflow, its audit entry (who,
 * what, why, the holder's state before) and the `agent_action.requested`
 * webhook inside the caller's transaction. A wallet recovery records its
 * moves with it.
 */
export async function insertAgentAction(tx: Kysely<PlatformDB>, ctx: Pick<PlatformContext, 'clock'>, r: AgentActionRecord): Promise<void> {
  await tx
    .insertInto('agent_actions')
    .values({
      id: r.id,
      token_id: r.tokenId,
      kind: r.kind,
      investor_id: r.investorId,
      address: r.address,
      to_investor_id: r.toInvestorId ?? null,
      to_address: r.toAddress ?? null,
      amount: r.amount?.toString() ?? null,
      reason: r.reason,
      recovery_id: r.recoveryId ?? null,
      idempotency_key: r.idempotencyKey,
      request_hash: r.requestHash,
      external_tx_id: actionExternalTxId(r.idempotencyKey),
      status: 'PENDING',
      before_state: JSON.stringify(r.before),
      created_by: r.createdBy,
      created_at: r.at,
      updated_at: r.at,
    })
    .execute()
  await startWorkflow(tx, ctx, { id: actionWorkflowId(r.id), investorId: `agent-action:${r.id}`, kind: AGENT_ACTION, step: 'send', state: { actionId: r.id }, correlationId: r.correlationId ?? undefined })
  const what = { actionId: r.id, tokenId: r.tokenId, kind: r.kind, investorId: r.investorId, address: r.address, toInvestorId: r.toInvestorId ?? null, toAddress: r.toAddress ?? null, amount: r.amount?.toString() ?? null, reason: r.reason, recoveryId: r.recoveryId ?? null }
  await recordChange(tx, ctx, {
    at: r.at,
    actor: r.createdBy,
    action: `agent.${r.kind.toLowerCase()}_requested`,
    targetType: 'token',
    targetId: r.tokenId,
    before: r.before,
    after: what,
    correlationId: r.correlationId ?? null,
    events: [{ type: 'agent_action.requested', resourceType: 'agent_action', resourceId: r.id, data: { ...what, status: 'PENDING' } }],
  })
}

/**
 * An agent's action on a holder of a token (freeze, unfreeze, partial freeze
 * or unfreeze, forced transfer, burn), with its reason: checked against the
 * chain (a refusal records nothing), recorded with the holder's state
 * before, then asked of custody from the token's agent vault (warm: a
 * custody approver signs off). The same idempotency key and body return the
 * first action (`created: false`); another body is a 409.
 *
 * @example
 * const { action } = await createAgentAction(ctx, { tokenId, kind: 'BURN', holder: { investorId }, amount: 5n, reason: 'court order 2026/17', idempotencyKey: 'burn-17' }, 'apikey:k1')
 */
export async function createAgentAction(ctx: PlatformContext, p: AgentActionParameters, actor: string, correlationId?: string): Promise<{ action: AgentActionRow; created: boolean }> {
  const request = { tokenId: p.tokenId, kind: p.kind, address: p.holder.address?.toLowerCase(), investorId: p.holder.investorId, toAddress: p.to?.address?.toLowerCase(), toInvestorId: p.to?.investorId, amount: p.amount?.toString(), reason: p.reason }
  const hash = hashOf(request)
  const existing = await findActionByKey(ctx, p.idempotencyKey)
  if (existing) return { action: sameOrConflict(existing, hash), created: false }

  const token = await getTokenRow(ctx, p.tokenId)
  tokenAddressOf(token)
  const holder = await resolve(ctx, p.holder)
  const to = p.kind === 'FORCED_TRANSFER' ? await resolve(ctx, p.to ?? {}) : null
  const [before, receiverBefore] = await Promise.all([readHolder(ctx, token, holder.wallet), to ? readHolder(ctx, token, to.wallet) : Promise.resolve(undefined)])
  await check(ctx, token, p.kind, before, to?.wallet ?? null, p.amount ?? null)

  const id = randomUUID()
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await insertAgentAction(tx, ctx, {
        id,
        tokenId: token.id,
        kind: p.kind,
        investorId: holder.investorId,
        address: holder.wallet,
        toInvestorId: to?.investorId ?? null,
        toAddress: to?.wallet ?? null,
        amount: p.amount ?? null,
        reason: p.reason,
        idempotencyKey: p.idempotencyKey,
        requestHash: hash,
        before: receiverBefore ? { holder: before, receiver: receiverBefore } : { holder: before },
        createdBy: actor,
        at: ctx.clock.now(),
        correlationId: correlationId ?? null,
      })
    })
  } catch (err) {
    // A concurrent request with the same key won the insert: answer as the repeat it is.
    const again = await findActionByKey(ctx, p.idempotencyKey)
    if (again) return { action: sameOrConflict(again, hash), created: false }
    throw err
  }
  ctx.eventsCommitted()
  try {
    await sendAction(ctx, id)
  } catch (err) {
    ctx.logger.warn({ actionId: id, code: (err as { code?: string }).code, message: (err as Error).message }, 'custody not reached now; the workflow asks again')
  }
  ctx.wake()
  return { action: await getActionRow(ctx, id), created: true }
}

function sameOrConflict(existing: AgentActionRow, hash: string): AgentActionRow {
  if (existing.request_hash === hash) return existing
  throw new ConflictError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${existing.idempotency_key} was used for another request`, { actionId: existing.id })
}
