import type { Insertable, Kysely } from 'kysely'
import type { ApiKeysTable } from '../../shared/auth/api-key-store.ts'
import type { CustodyContext } from '../context.ts'
import type { CustodyDB, TxAuthorizationsTable } from '../db/schema.ts'
import { checkTokenCompliance, tokenMovementOf, type ComplianceResult } from '../compliance/check-token-compliance.ts'
import { destinationOf, policyRequestOf } from '../governance/policy-request-of.ts'
import { policyRuntime } from '../governance/policy-runtime.ts'
import type { ApprovalRequirement, Decision, VaultTier } from '../policy/index.ts'
import { transition, type TransitionOptions } from '../transactions/transition.ts'
import type { TransactionRow } from '../transactions/serialize.ts'

const SYSTEM = 'system:pipeline'

/** The policy's decision on one transaction, with the version that made it. */
export interface AuthorizationDecision {
  action: 'ALLOW' | 'BLOCK' | 'REQUIRE_APPROVAL'
  reason: string
  ruleId: string | null
  approval?: ApprovalRequirement
  requireTokenChecks: boolean
  offlineSigning: boolean
  tierOverride?: Decision['tierOverride']
  velocity?: { scope: string; windowSeconds: number; max: string; spent: string }
  /** The governed version in force, or null for the built-in default policy. */
  policyVersion: number | null
  policyLabel: string | null
}

interface Authorization {
  t: TransactionRow
  decision: AuthorizationDecision
  /** When it was decided; an ALLOW was counted toward velocity at this instant. */
  at: Date
  /** The transaction is in the velocity ledger (ALLOW) and must leave it if the decision is not committed. */
  recorded: boolean
}

const GAS_TOPUP_DECISION: AuthorizationDecision = Object.freeze({
  action: 'ALLOW',
  reason: 'gas station top-up of an internal vault, made by custody for an authorised transaction',
  ruleId: 'system:gas-station',
  requireTokenChecks: false,
  offlineSigning: false,
  policyVersion: null,
  policyLabel: null,
})

/**
 * Asks the active policy about submitted transactions, a batch at a time. Each request is
 * built from custody's own decoding: initiator = the creating key and its groups,
 * destination kind = INTERNAL (a vault of ours), WHITELISTED (on the active whitelist) or
 * EXTERNAL. ALLOWs are counted toward velocity in the same synchronous pass as the
 * evaluations. Gas station top-ups are custody's own and always allowed.
 */
async function decide(ctx: CustodyContext, txs: readonly TransactionRow[]): Promise<Authorization[]> {
  const users = txs.filter((t) => t.kind !== 'GAS_TOPUP')
  const runtime = policyRuntime(ctx)
  const vaultIds = [...new Set(users.map((t) => t.source_vault_id))]
  const keyIds = [...new Set(users.map((t) => t.created_by))]
  const dests = [...new Set(users.map((t) => destinationOf(t).toLowerCase()))]
  const [vaults, keys, internal] = await Promise.all([
    vaultIds.length ? ctx.db.selectFrom('vaults').select(['id', 'tier']).where('id', 'in', vaultIds).execute() : [],
    keyIds.length ? (ctx.db as unknown as Kysely<{ api_keys: ApiKeysTable }>).selectFrom('api_keys').select(['key_id', 'groups']).where('key_id', 'in', keyIds).execute() : [],
    dests.length ? ctx.db.selectFrom('vaults').select((eb) => eb.fn<string>('lower', ['address']).as('a')).where((eb) => eb(eb.fn('lower', ['address']), 'in', dests)).execute() : [],
    runtime.ready(),
  ])
  const tierOf = new Map(vaults.map((v) => [v.id, v.tier as VaultTier]))
  const groupsOf = new Map(keys.map((k) => [k.key_id, k.groups as unknown as string[]]))
  const internalSet = new Set(internal.map((r) => r.a))

  // From here to the end: evaluate and record with no await in between (see PolicyRuntime).
  const out: Authorization[] = []
  for (const t of txs) {
    if (t.kind === 'GAS_TOPUP') {
      out.push({ t, decision: GAS_TOPUP_DECISION, at: ctx.clock.now(), recorded: false })
      continue
    }
    const dest = destinationOf(t).toLowerCase()
    const request = policyRequestOf(t, { tier: tierOf.get(t.source_vault_id)!, groups: groupsOf.get(t.created_by) ?? [], internal: internalSet.has(dest), whitelisted: runtime.isWhitelisted(dest) })
    // A transaction never counts against itself (it may be decided again after a lost lease).
    runtime.forget(t.id)
    const d = runtime.evaluate(request)
    const at = ctx.clock.now()
    const recorded = d.action === 'ALLOW'
    if (recorded) runtime.record({ txId: t.id, at, sourceVaultId: request.sourceVault.id, initiatorKeyId: request.initiator.keyId, asset: request.asset, amount: request.amount })
    const decision: AuthorizationDecision = {
      action: d.action,
      reason: d.reason,
      ruleId: d.ruleId,
      requireTokenChecks: d.requireTokenChecks,
      offlineSigning: d.offlineSigning,
      policyVersion: runtime.active.version,
      policyLabel: runtime.active.label ?? null,
    }
    if (d.approval) decision.approval = d.approval
    if (d.tierOverride) decision.tierOverride = d.tierOverride
    if (d.velocity) decision.velocity = { scope: d.velocity.scope, windowSeconds: d.velocity.windowSeconds, max: d.velocity.max.toString(), spent: d.velocity.spent.toString() }
    out.push({ t, decision, at, recorded })
  }
  return out
}

/**
 * The policy's decision on one submitted transaction (counted toward velocity if ALLOW).
 * The pipeline uses {@link authorizeStep}, which also stores and acts on the decision.
 */
export async function authorizeTransaction(ctx: CustodyContext, t: TransactionRow): Promise<AuthorizationDecision> {
  const [a] = await decide(ctx, [t])
  return a!.decision
}

/**
 * SUBMITTED → BLOCKED | PENDING_AUTHORIZATION | QUEUED. When the deciding rule demands the
 * token's compliance checks, a token transfer or mint is checked by simulation here, before
 * anything is signed or any nonce reserved; a failure BLOCKs it with a sub-status naming
 * the check. The decision is stored with the transaction (`policy`) and in
 * `tx_authorizations`, in the same database transaction as the status change.
 *
 * @throws StaleTransitionError when another worker (or a cancel) moved it first.
 */
export async function authorizeStep(ctx: CustodyContext, t: TransactionRow): Promise<TransactionRow> {
  const [a] = await decide(ctx, [t])
  const { decision: d, recorded } = a!
  const runtime = policyRuntime(ctx)
  try {
    const check = d.requireTokenChecks && d.action !== 'BLOCK' ? await runTokenChecks(ctx, t) : null
    const row = await transition(ctx, t, ...toTransition(ctx, a!, check, ctx.clock.now()))
    if (recorded && row.status === 'BLOCKED') runtime.forget(t.id)
    return row
  } catch (err) {
    if (recorded) runtime.forget(t.id)
    throw err
  }
}

function toTransition(ctx: CustodyContext, a: Authorization, check: ComplianceResult | null, checkedAt: Date): [TransactionRow['status'], TransitionOptions] {
  const { t, decision: d, at } = a
  const policy = JSON.stringify({ ...d, approval: d.approval ?? null })
  const row: Insertable<TxAuthorizationsTable> = {
    transaction_id: t.id,
    policy_version: d.policyVersion,
    rule_id: d.ruleId,
    action: d.action,
    reason: d.reason,
    approval_group: d.approval?.group ?? null,
    quorum: d.approval?.quorum ?? null,
    require_token_checks: d.requireTokenChecks,
    offline_signing: d.offlineSigning,
    tier_override: d.tierOverride ?? null,
    status: 'ALLOWED',
    decided_at: at,
    expires_at: null,
    authorized_at: null,
    compliance_checked_at: check?.ok ? checkedAt : null,
    resolved_at: null,
  }
  const store = (values: Partial<Insertable<TxAuthorizationsTable>>) => async (tx: Kysely<CustodyDB>) => {
    // A retry after a crash between deciding and committing finds no row; a re-decision replaces nothing committed.
    await tx.insertInto('tx_authorizations').values({ ...row, ...values }).execute()
  }
  const base = { actor: SYSTEM }
  if (d.action === 'BLOCK') {
    return ['BLOCKED', { ...base, subStatus: 'BLOCKED_BY_POLICY', reason: d.reason, patch: { policy, completed_at: at }, alsoInTx: store({ status: 'BLOCKED', resolved_at: at }) }]
  }
  if (check && !check.ok) {
    ctx.logger.info({ txId: t.id, correlationId: t.correlation_id, subStatus: check.subStatus }, 'token compliance checks failed before signing')
    return ['BLOCKED', { ...base, subStatus: check.subStatus, reason: check.reason, patch: { policy, completed_at: checkedAt }, alsoInTx: store({ status: 'BLOCKED', resolved_at: checkedAt }) }]
  }
  if (d.action === 'REQUIRE_APPROVAL') {
    const need = d.approval!
    const expires = new Date(at.getTime() + ctx.config.CUSTODY_APPROVAL_TTL_SECONDS * 1000)
    return [
      'PENDING_AUTHORIZATION',
      {
        ...base,
        reason: `waiting for approval by ${need.quorum} of group "${need.group}" until ${expires.toISOString()}: ${d.reason}`,
        patch: { policy },
        alsoInTx: store({ status: 'PENDING', expires_at: expires }),
      },
    ]
  }
  return ['QUEUED', { ...base, patch: { policy }, alsoInTx: store({ status: 'ALLOWED', authorized_at: at, resolved_at: at }) }]
}

/**
 * QUEUED, before preparing (and so before any nonce): a transaction whose rule demanded the
 * token checks and that was approved after they last ran is checked again — a wallet may
 * have been frozen or a claim revoked while people were deciding. Returns the BLOCKED row,
 * or null to go on (the usual case costs one indexed read).
 */
export async function complianceBeforeSigning(ctx: CustodyContext, t: TransactionRow): Promise<TransactionRow | null> {
  if (t.kind !== 'USER') return null
  const a = await ctx.db.selectFrom('tx_authorizations').select(['require_token_checks', 'compliance_checked_at', 'authorized_at']).where('transaction_id', '=', t.id).executeTakeFirst()
  if (!a?.require_token_checks || !a.authorized_at) return null
  if (a.compliance_checked_at && a.compliance_checked_at.getTime() >= a.authorized_at.getTime()) return null
  const c = await runTokenChecks(ctx, t)
  const now = ctx.clock.now()
  if (!c || c.ok) {
    await ctx.db.updateTable('tx_authorizations').set({ compliance_checked_at: now }).where('transaction_id', '=', t.id).execute()
    return null
  }
  ctx.logger.info({ txId: t.id, correlationId: t.correlation_id, subStatus: c.subStatus }, 'token compliance checks failed before signing')
  const row = await transition(ctx, t, 'BLOCKED', {
    actor: SYSTEM,
    subStatus: c.subStatus,
    reason: c.reason,
    patch: { completed_at: now },
    alsoInTx: async (tx) => {
      await tx.updateTable('tx_authorizations').set({ status: 'BLOCKED', compliance_checked_at: now }).where('transaction_id', '=', t.id).execute()
    },
  })
  policyRuntime(ctx).forget(t.id)
  return row
}

// Null when the transaction moves no token (the checks apply to transfers and mints only).
async function runTokenChecks(ctx: CustodyContext, t: TransactionRow): Promise<ComplianceResult | null> {
  const movement = tokenMovementOf(t.from_address, t.to_address, t.data)
  if (!movement) return null
  return checkTokenCompliance(ctx.chain.publicClient, movement)
}
