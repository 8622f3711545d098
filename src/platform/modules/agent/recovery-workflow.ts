import { encodeFunctionData, getAddress, isAddressEqual, zeroAddress, type Address } from 'viem'
import type { Kysely } from 'kysely'
import { identityAbi, identityRegistryAbi } from '../../../chain/generated/abis.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import type { WorkflowRow } from '../../engine/types.ts'
import { stateOf, type StepOutcome, type WorkflowDefinition } from '../../engine/types.ts'
import { recordChange } from '../../record-change.ts'
import { findOrSubmit, INVESTOR_VAULT_PURPOSE, isFinal, type SubmitTransactionParameters } from '../custody/public.ts'
import { recordInvestorVault } from '../investors/public.ts'
import { activeTokenContracts, getTokenRow } from '../tokens/read-tokens.ts'
import { AGENT_SELECTORS, ECDSA_KEY, MANAGEMENT_PURPOSE, isManagementKey, readHolder, registeredIdentity, walletKey } from './agent-chain.ts'
import { insertAgentAction, type AgentActionRecord } from './create-action.ts'
import { actionsOfRecovery } from './read-actions.ts'
import { getRecoveryRow, serializeRecoveryRow, type RecoveryRow } from './read-recoveries.ts'
import type { AgentActionKind, RecoveredHolding } from './tables.ts'
import { WALLET_RECOVERY } from './workflow-kinds.ts'
import { randomUUID } from 'node:crypto'

type RecoveryState = { recoveryId: string }

/** The new vault's name at custody: one per recovery, so asking again finds the same vault. */
export const recoveryVaultName = (investorId: string, recoveryId: string) => `investor-${investorId}-recovery-${recoveryId}`
/** Idempotency key (and, prefixed, custody externalTxId) of one step of a recovery. */
export const recoveryKey = (recoveryId: string, step: string) => `recovery:${recoveryId}:${step}`

const load = (ctx: PlatformContext, wf: WorkflowRow) => getRecoveryRow(ctx, stateOf<RecoveryState>(wf).recoveryId)

/**
 * One custody transaction of the recovery that is not a token action (an
 * identity key, the registry): nothing is asked when the chain already shows
 * the effect, else custody is asked once by the step's externalTxId and
 * followed until it is final.
 */
async function custodyCall(
  ctx: PlatformContext,
  wf: WorkflowRow,
  p: { step: string; next: string; effectDone: () => Promise<boolean>; request: () => Promise<Omit<SubmitTransactionParameters, 'externalTxId'>>; details: Record<string, unknown> },
): Promise<StepOutcome> {
  const r = await load(ctx, wf)
  const externalTxId = recoveryKey(r.id, p.step)
  if (await p.effectDone()) return { type: 'next', step: p.next, audit: { action: `wallet_recovery.${p.step}_done`, details: { recoveryId: r.id, externalTxId, ...p.details } } }
  const { tx } = await findOrSubmit(ctx, externalTxId, async () => ({ ...(await p.request()), onBehalfOf: r.created_by }), wf.id, {
    afterSubmit: () => ctx.failpoint?.('wallet-recovery:after-identity-submitted'),
  })
  if (!isFinal(tx)) return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: externalTxId }
  if (tx.status === 'COMPLETED') return { type: 'next', step: p.next, audit: { action: `wallet_recovery.${p.step}_done`, details: { recoveryId: r.id, externalTxId, custodyTxId: tx.id, txHash: tx.txHash, ...p.details } } }
  const why = [tx.subStatus, tx.statusReason].filter(Boolean).join(': ')
  return { type: 'fail', code: `CUSTODY_TX_${tx.status}`, message: `${p.step}: custody transaction ended ${tx.status}${why ? ` (${why})` : ''}` }
}

/** Custody creates the investor's new vault (hot, like every investor vault). */
async function vault(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const r = await load(ctx, wf)
  if (r.new_vault_id && r.new_wallet) return { type: 'next', step: 'add-key' }
  const v = await ctx.custody.ensureVault({ name: recoveryVaultName(r.investor_id, r.id), tier: 'hot', purpose: INVESTOR_VAULT_PURPOSE, externalRef: r.investor_id })
  ctx.failpoint?.('wallet-recovery:after-vault-created')
  return {
    type: 'next',
    step: 'add-key',
    audit: { action: 'wallet_recovery.vault_created', details: { recoveryId: r.id, vaultId: v.id, walletAddress: v.address } },
    apply: async (tx) => {
      await tx.updateTable('wallet_recoveries').set({ new_vault_id: v.id, new_wallet: getAddress(v.address), updated_at: ctx.clock.now() }).where('id', '=', r.id).execute()
    },
  }
}

/**
 * The new wallet becomes a MANAGEMENT key of the investor's ONCHAINID, added
 * by the old wallet (still a key custody holds), so the investor's new vault
 * can add renewed KYC claims to its identity later.
 */
async function addKey(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const r = await load(ctx, wf)
  const identity = getAddress(r.identity_address)
  const next = getAddress(r.new_wallet!)
  if (!r.old_vault_id) return { type: 'next', step: 'register' }
  return custodyCall(ctx, wf, {
    step: 'add-key',
    next: 'register',
    effectDone: () => isManagementKey(ctx, identity, next),
    request: async () => ({
      sourceVaultId: r.old_vault_id!,
      to: identity,
      data: encodeFunctionData({ abi: identityAbi, functionName: 'addKey', args: [walletKey(next), MANAGEMENT_PURPOSE, ECDSA_KEY] }),
      intent: { type: 'contract.call', contract: identity, method: AGENT_SELECTORS.addKey },
      note: `wallet recovery ${r.id}: ${next} becomes a management key of investor ${r.investor_id}'s identity`,
    }),
    details: { identity, wallet: next },
  })
}

/** The identity-agent vault registers the new wallet to the same ONCHAINID, with the old wallet's country. */
async function register(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const r = await load(ctx, wf)
  const registry = requireDeployments(ctx).identityRegistry.registry
  const identity = getAddress(r.identity_address)
  const next = getAddress(r.new_wallet!)
  const old = getAddress(r.old_wallet)
  return custodyCall(ctx, wf, {
    step: 'register',
    next: 'plan',
    effectDone: async () => isAddressEqual(await registeredIdentity(ctx, registry, next), identity),
    request: async () => {
      const { identityAgent } = await ctx.roles.get()
      const country = await ctx.chain.publicClient.readContract({ address: registry, abi: identityRegistryAbi, functionName: 'investorCountry', args: [old] })
      return {
        sourceVaultId: identityAgent.id,
        to: registry,
        data: encodeFunctionData({ abi: identityRegistryAbi, functionName: 'registerIdentity', args: [next, identity, country] }),
        intent: { type: 'contract.call', contract: registry, method: AGENT_SELECTORS.registerIdentity },
        note: `wallet recovery ${r.id}: register ${next} to investor ${r.investor_id}'s identity`,
      }
    },
    details: { registry, identity, wallet: next },
  })
}

/** What the lost wallet holds on every ACTIVE token, before anything moves. */
async function holdingsOf(ctx: PlatformContext, wallet: Address): Promise<Array<RecoveredHolding & { addressFrozen: boolean }>> {
  const out: Array<RecoveredHolding & { addressFrozen: boolean }> = []
  for (const t of await activeTokenContracts(ctx)) {
    const h = await readHolder(ctx, await getTokenRow(ctx, t.id), wallet)
    if (BigInt(h.balance) === 0n && BigInt(h.frozenTokens) === 0n) continue
    out.push({ tokenId: t.id, balance: h.balance, frozenTokens: h.frozenTokens, lockedTokens: h.lockedTokens ?? '0', addressFrozen: h.addressFrozen })
  }
  return out
}

type PlannedAction = { step: string; tokenId: string; kind: AgentActionKind; address: Address; investorId: string | null; to?: Address; amount?: bigint }

/**
 * Reads, before the step's transaction opens (the embedded database has one
 * connection), the holders' state for each action the recovery asks for, and
 * returns what records them inside it.
 */
async function prepareActions(ctx: PlatformContext, r: RecoveryRow, wf: WorkflowRow, items: PlannedAction[]): Promise<(tx: Kysely<PlatformDB>) => Promise<void>> {
  const records: AgentActionRecord[] = []
  for (const it of items) {
    const token = await getTokenRow(ctx, it.tokenId)
    const holder = await readHolder(ctx, token, it.address)
    const receiver = it.to ? await readHolder(ctx, token, it.to) : undefined
    const key = recoveryKey(r.id, `${it.step}:${it.tokenId}`)
    records.push({
      id: randomUUID(),
      tokenId: it.tokenId,
      kind: it.kind,
      investorId: it.investorId,
      address: it.address,
      toInvestorId: it.to ? r.investor_id : null,
      toAddress: it.to ?? null,
      amount: it.amount ?? null,
      reason: `wallet recovery ${r.id}: ${r.reason}`,
      recoveryId: r.id,
      idempotencyKey: key,
      requestHash: key,
      before: receiver ? { holder, receiver } : { holder },
      createdBy: r.created_by,
      at: ctx.clock.now(),
      correlationId: wf.correlation_id,
    })
  }
  return async (tx) => {
    for (const rec of records) await insertAgentAction(tx, ctx, rec)
  }
}

/**
 * Reads what the lost wallet holds and records, in the step's own
 * transaction, one forced transfer of the whole balance per token to the new
 * wallet (T-REX unfreezes what it must; CustosLockupModule hands the locked
 * lots over with their release times).
 */
async function plan(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const r = await load(ctx, wf)
  const old = getAddress(r.old_wallet)
  const next = getAddress(r.new_wallet!)
  const holdings = await holdingsOf(ctx, old)
  const moves = holdings.filter((h) => BigInt(h.balance) > 0n).map((h) => ({ step: 'move', tokenId: h.tokenId, kind: 'FORCED_TRANSFER' as const, address: old, investorId: r.investor_id, to: next, amount: BigInt(h.balance) }))
  const recordMoves = await prepareActions(ctx, r, wf, moves)
  return {
    type: 'next',
    step: 'moves',
    state: { recoveryId: r.id, frozenOld: holdings.filter((h) => h.addressFrozen).map((h) => h.tokenId) },
    audit: { action: 'wallet_recovery.planned', details: { recoveryId: r.id, holdings } },
    apply: async (tx) => {
      await tx
        .updateTable('wallet_recoveries')
        .set({ holdings: JSON.stringify(holdings.map(({ addressFrozen: _, ...h }) => h)), updated_at: ctx.clock.now() })
        .where('id', '=', r.id)
        .execute()
      await recordMoves(tx)
    },
  }
}

/** Waits until every action of the recovery is final; a failed one stops the recovery for an operator. */
async function awaitActions(ctx: PlatformContext, r: RecoveryRow): Promise<StepOutcome | null> {
  const actions = await actionsOfRecovery(ctx, r.id)
  const failed = actions.find((a) => a.status === 'FAILED')
  if (failed) return { type: 'fail', code: 'WALLET_RECOVERY_ACTION_FAILED', message: `${failed.kind} on token ${failed.token_id} failed: ${failed.status_code} ${failed.status_reason ?? ''}`.trim() }
  if (actions.some((a) => a.status !== 'COMPLETED')) return { type: 'wait', ms: ctx.settings.custodyPollMs }
  return null
}

/**
 * Once the balances moved: the frozen part is frozen again on the new wallet,
 * a wallet that was frozen whole stays so on the new one, and the old wallet
 * is frozen on every token it held, so it can no longer move anything.
 */
async function moves(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const r = await load(ctx, wf)
  const waiting = await awaitActions(ctx, r)
  if (waiting) return waiting
  const { frozenOld = [] } = stateOf<RecoveryState & { frozenOld?: string[] }>(wf)
  const old = getAddress(r.old_wallet)
  const next = getAddress(r.new_wallet!)
  const items: PlannedAction[] = []
  for (const h of r.holdings ?? []) {
    if (BigInt(h.frozenTokens) > 0n) items.push({ step: 'refreeze', tokenId: h.tokenId, kind: 'PARTIAL_FREEZE', address: next, investorId: r.investor_id, amount: BigInt(h.frozenTokens) })
    if (frozenOld.includes(h.tokenId)) items.push({ step: 'freeze-new', tokenId: h.tokenId, kind: 'FREEZE', address: next, investorId: r.investor_id })
    else items.push({ step: 'freeze-old', tokenId: h.tokenId, kind: 'FREEZE', address: old, investorId: r.investor_id })
  }
  return { type: 'next', step: 'locks', audit: { action: 'wallet_recovery.balances_moved', details: { recoveryId: r.id } }, apply: await prepareActions(ctx, r, wf, items) }
}

async function locks(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const r = await load(ctx, wf)
  return (await awaitActions(ctx, r)) ?? { type: 'next', step: 'unregister', audit: { action: 'wallet_recovery.freezes_applied', details: { recoveryId: r.id } } }
}

/** The identity-agent vault deletes the old wallet's registration: nothing can be sent to it any more. */
async function unregister(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const r = await load(ctx, wf)
  const registry = requireDeployments(ctx).identityRegistry.registry
  const old = getAddress(r.old_wallet)
  return custodyCall(ctx, wf, {
    step: 'unregister',
    next: 'finish',
    effectDone: async () => isAddressEqual(await registeredIdentity(ctx, registry, old), zeroAddress),
    request: async () => {
      const { identityAgent } = await ctx.roles.get()
      return {
        sourceVaultId: identityAgent.id,
        to: registry,
        data: encodeFunctionData({ abi: identityRegistryAbi, functionName: 'deleteIdentity', args: [old] }),
        intent: { type: 'contract.call', contract: registry, method: AGENT_SELECTORS.deleteIdentity },
        note: `wallet recovery ${r.id}: delete the registration of the lost wallet ${old}`,
      }
    },
    details: { registry, wallet: old },
  })
}

/** The investor's record points at the new vault and wallet; the recovery is COMPLETED. */
async function finish(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const r = await load(ctx, wf)
  const now = ctx.clock.now()
  return {
    type: 'done',
    apply: async (tx) => {
      const row = await tx
        .updateTable('wallet_recoveries')
        .set({ status: 'COMPLETED', completed_at: now, updated_at: now })
        .where('id', '=', r.id)
        .where('status', '=', 'PENDING')
        .returningAll()
        .executeTakeFirst()
      if (!row) return
      await recordInvestorVault(tx, ctx, r.investor_id, { vaultId: r.new_vault_id!, walletAddress: r.new_wallet! })
      const before = { vaultId: r.old_vault_id, walletAddress: r.old_wallet }
      const after = { vaultId: r.new_vault_id, walletAddress: r.new_wallet }
      await recordChange(tx, ctx, {
        at: now,
        actor: r.created_by,
        action: 'investor.wallet_recovered',
        targetType: 'investor',
        targetId: r.investor_id,
        before,
        after: { ...after, recoveryId: r.id, reason: r.reason, holdings: r.holdings },
        correlationId: wf.correlation_id,
        events: [{ type: 'wallet_recovery.completed', resourceType: 'wallet_recovery', resourceId: r.id, data: serializeRecoveryRow(row) }],
      })
    },
  }
}

/**
 * WALLET_RECOVERY: a new custodial vault; the investor's identity follows
 * (new wallet a key of its ONCHAINID and registered to it); each token's
 * balance moved by forced transfer with its frozen part frozen again and its
 * lock-up lots carried by the lock-up module; the old wallet frozen and
 * unregistered; the investor's record on the new wallet. Every custody
 * transaction has a deterministic externalTxId, and every step looks at the
 * chain or its recorded actions first, so a restart repeats nothing.
 */
export const walletRecoveryWorkflow: WorkflowDefinition = {
  kind: WALLET_RECOVERY,
  steps: { vault, 'add-key': addKey, register, plan, moves, locks, unregister, finish },
  onFailed: async (tx, ctx, wf, code, message) => {
    const { recoveryId } = stateOf<RecoveryState>(wf)
    const now = ctx.clock.now()
    const row = await tx
      .updateTable('wallet_recoveries')
      .set({ status: 'FAILED', status_code: code, status_reason: message, completed_at: now, updated_at: now })
      .where('id', '=', recoveryId)
      .where('status', '=', 'PENDING')
      .returningAll()
      .executeTakeFirst()
    if (!row) return
    await recordChange(tx, ctx, {
      at: now,
      actor: 'system:wallet-recovery',
      action: 'investor.wallet_recovery_failed',
      targetType: 'investor',
      targetId: row.investor_id,
      after: { recoveryId, step: wf.step, code, message },
      correlationId: wf.correlation_id,
      events: [{ type: 'wallet_recovery.failed', resourceType: 'wallet_recovery', resourceId: recoveryId, data: { ...serializeRecoveryRow(row), step: wf.step } }],
    })
  },
}
