import type { Insertable, Kysely } from 'kysely'
import type { ApiKeysTable } from '../../shared/auth/api-key-store.ts'
import type { CustodyContext } from '../context.ts'
import type { TxAuthorizationsTable } from '../db/schema.ts'
import { checkTokenCompliance, tokenMovementOf, type ComplianceResult } from '../compliance/check-token-compliance.ts'
import { checkSecurityTokenCall, type SecurityTokenCheck } from '../compliance/check-security-token-call.ts'
import { ReservationShortfall, reserveInTx, type HolderDemand } from '../compliance/reservations.ts'
import { isSecurityToken } from '../compliance/security-token.ts'
import { restriction, RESTRICTIONS } from '../../shared/compliance/restriction-codes.ts'
import { destinationOf, policyRequestOf } from '../governance/policy-request-of.ts'
import { policyRuntime } from '../governance/policy-runtime.ts'
import type { ApprovalRequirement, Decision, VaultTier } from '../policy/index.ts'
import { transition, transitionMany, type TransitionOptions } from '../transactions/transition.ts'
import type { TransactionRow } from '../transactions/serialize.ts'
import { vaultOf } from './chain-cache.ts'

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

interface Lookups {
  tierOf: Map<string, VaultTier>
  groupsOf: Map<string, string[]>
  internal: Set<string>
  /** Call targets (lower case) that are ERC-3643 security tokens: custody checks every call to them. */
  securityTokens: Set<string>
}

type TokenCheck = ComplianceResult | SecurityTokenCheck

/** What the policy requests of a batch need from the database, read once for the batch. */
async function lookupsFor(ctx: CustodyContext, txs: readonly TransactionRow[]): Promise<Lookups> {
  const users = txs.filter((t) => t.kind !== 'GAS_TOPUP')
  const vaultIds = [...new Set(users.map((t) => t.source_vault_id))]
  const keyIds = [...new Set(users.map((t) => t.created_by))]
  const dests = [...new Set(users.map((t) => destinationOf(t).toLowerCase()))]
  const targets = [...new Set(users.filter((t) => t.data.length > 2).map((t) => t.to_address))]
  const [vaults, keys, internal, , security] = await Promise.all([
    // Vault rows never change: their tiers come from the cache.
    Promise.all(vaultIds.map((id) => vaultOf(ctx, id))),
    keyIds.length ? (ctx.db as unknown as Kysely<{ api_keys: ApiKeysTable }>).selectFrom('api_keys').select(['key_id', 'groups']).where('key_id', 'in', keyIds).execute() : [],
    dests.length ? ctx.db.selectFrom('vaults').select((eb) => eb.fn<string>('lower', ['address']).as('a')).where((eb) => eb(eb.fn('lower', ['address']), 'in', dests)).execute() : [],
    policyRuntime(ctx).ready(),
    Promise.all(targets.map(async (a) => ((await isSecurityToken(ctx, a)) ? a.toLowerCase() : null))),
  ])
  return {
    tierOf: new Map(vaults.map((v) => [v.id, v.tier as VaultTier])),
    groupsOf: new Map(keys.map((k) => [k.key_id, k.groups as unknown as string[]])),
    internal: new Set(internal.map((r) => r.a)),
    securityTokens: new Set(security.filter((a): a is string => a !== null)),
  }
}

/**
 * Asks the active policy about one submitted transaction. The request is built from
 * custody's own decoding: initiator = the creating key and its groups, destination kind =
 * INTERNAL (a vault of ours), WHITELISTED (on the active whitelist) or EXTERNAL. An ALLOW is
 * counted toward velocity at once. Synchronous: a caller that decides several in a row with
 * no `await` between them counts each decision before the next (see PolicyRuntime).
 * Gas station top-ups are custody's own and always allowed.
 */
function decideOne(ctx: CustodyContext, lk: Lookups, t: TransactionRow): Authorization {
  if (t.kind === 'GAS_TOPUP') return { t, decision: GAS_TOPUP_DECISION, at: ctx.clock.now(), recorded: false }
  const runtime = policyRuntime(ctx)
  const dest = destinationOf(t).toLowerCase()
  const request = policyRequestOf(t, { tier: lk.tierOf.get(t.source_vault_id)!, groups: lk.groupsOf.get(t.created_by) ?? [], internal: lk.internal.has(dest), whitelisted: runtime.isWhitelisted(dest) })
  // A transaction never counts against itself (it may be decided again after a lost lease).
  runtime.forget(t.id)
  const d = runtime.evaluate(request)
  const at = ctx.clock.now()
  const recorded = d.action === 'ALLOW'
  if (recorded) runtime.record({ txId: t.id, at, sourceVaultId: request.sourceVault.id, initiator: request.initiator.principal ?? request.initiator.keyId, asset: request.asset, amount: request.amount })
  const decision: AuthorizationDecision = {
    action: d.action,
    reason: d.reason,
    ruleId: d.ruleId,
    // A call to a security token is checked whatever rule allowed it: its rules cannot be bypassed by policy.
    requireTokenChecks: d.requireTokenChecks || lk.securityTokens.has(t.to_address.toLowerCase()),
    offlineSigning: d.offlineSigning,
    policyVersion: runtime.active.version,
    policyLabel: runtime.active.label ?? null,
  }
  if (d.approval) decision.approval = d.approval
  if (d.tierOverride) decision.tierOverride = d.tierOverride
  if (d.velocity) decision.velocity = { scope: d.velocity.scope, windowSeconds: d.velocity.windowSeconds, max: d.velocity.max.toString(), spent: d.velocity.spent.toString() }
  return { t, decision, at, recorded }
}

const needsTokenChecks = (d: AuthorizationDecision) => d.requireTokenChecks && d.action !== 'BLOCK'

/**
 * SUBMITTED → BLOCKED | PENDING_AUTHORIZATION | QUEUED, for a batch. When the deciding rule
 * demands the token's compliance checks, a token transfer or mint is checked by simulation
 * here, before anything is signed or any nonce reserved; a failure BLOCKs it with a
 * sub-status naming the check. Each decision is stored with its transaction (`policy`) and
 * in `tx_authorizations`, in the same database transaction as the status change.
 *
 * Decisions are made in batch order, each counted toward velocity before the next, and
 * committed together (one group commit). A decision that needs the token checks closes its
 * group: its check (a chain read) runs and the group commits before the next transaction is
 * decided, so one blocked by its check has left the velocity totals by then — exactly as
 * deciding them one at a time. Returns the rows that moved; a transaction another worker
 * (or a cancel) moved first is left out.
 */
export async function authorizeBatch(ctx: CustodyContext, txs: readonly TransactionRow[]): Promise<TransactionRow[]> {
  const runtime = policyRuntime(ctx)
  const out: TransactionRow[] = []
  let rest = txs
  while (rest.length > 0) {
    const lk = await lookupsFor(ctx, rest)
    // From here to the end of the loop: no await, so each decision counts before the next.
    const group: Authorization[] = []
    for (const t of rest) {
      const a = decideOne(ctx, lk, t)
      group.push(a)
      if (needsTokenChecks(a.decision)) break
    }
    rest = rest.slice(group.length)
    try {
      const last = group[group.length - 1]!
      let check = needsTokenChecks(last.decision) ? await runTokenChecks(ctx, last.t) : null
      const commit = () => {
        const checkedAt = ctx.clock.now()
        const plans = group.map((a) => toTransition(ctx, a, a === last ? check : null, checkedAt))
        const demands = demandsOf(check)
        return transitionMany(
          ctx,
          plans.map((p, i) => {
            const reserve = group[i] === last && p.to !== 'BLOCKED' && demands.length > 0
            return { ...p.options, current: group[i]!.t, to: p.to, ...(reserve ? { alsoInTx: (tx: Parameters<typeof reserveInTx>[0]) => reserveInTx(tx, ctx.chain.chainId, last.t.id, demands) } : {}) }
          }),
          {
            afterUpdate: async (tx, moved) => {
              const byId = new Map(plans.map((p, i) => [group[i]!.t.id, p.authorization]))
              // A retry after a crash between deciding and committing finds no row; a re-decision replaces nothing committed.
              await tx.insertInto('tx_authorizations').values(moved.map((m) => byId.get(m.row.id)!)).execute()
            },
          },
        )
      }
      let rows: Awaited<ReturnType<typeof commit>>
      try {
        rows = await commit()
      } catch (err) {
        if (!(err instanceof ReservationShortfall)) throw err
        // Another transaction of the same holder was committed between the check and this commit: this one no longer fits.
        check = shortfallCheck(err, check)
        rows = await commit()
      }
      rows.forEach((row, i) => {
        if (group[i]!.recorded && (!row || row.status === 'BLOCKED')) runtime.forget(group[i]!.t.id)
        if (row) out.push(row)
      })
    } catch (err) {
      for (const a of group) if (a.recorded) runtime.forget(a.t.id)
      throw err
    }
  }
  return out
}

function toTransition(ctx: CustodyContext, a: Authorization, check: TokenCheck | null, checkedAt: Date): { to: TransactionRow['status']; options: TransitionOptions; authorization: Insertable<TxAuthorizationsTable> } {
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
  const base = { actor: SYSTEM }
  if (d.action === 'BLOCK') {
    return { to: 'BLOCKED', options: { ...base, subStatus: 'BLOCKED_BY_POLICY', reason: d.reason, patch: { policy, completed_at: at } }, authorization: { ...row, status: 'BLOCKED', resolved_at: at } }
  }
  if (check && !check.ok) {
    ctx.logger.info({ txId: t.id, correlationId: t.correlation_id, subStatus: check.subStatus }, 'token compliance checks failed before signing')
    return { to: 'BLOCKED', options: { ...base, subStatus: check.subStatus, reason: check.reason, patch: { policy, completed_at: checkedAt } }, authorization: { ...row, status: 'BLOCKED', resolved_at: checkedAt } }
  }
  if (d.action === 'REQUIRE_APPROVAL') {
    const need = d.approval!
    const expires = new Date(at.getTime() + ctx.config.CUSTODY_APPROVAL_TTL_SECONDS * 1000)
    return {
      to: 'PENDING_AUTHORIZATION',
      options: { ...base, reason: `waiting for approval by ${need.quorum} of group "${need.group}" until ${expires.toISOString()}: ${d.reason}`, patch: { policy } },
      authorization: { ...row, status: 'PENDING', expires_at: expires },
    }
  }
  return { to: 'QUEUED', options: { ...base, patch: { policy } }, authorization: { ...row, status: 'ALLOWED', authorized_at: at, resolved_at: at } }
}

/**
 * The queued transactions of a batch that {@link complianceBeforeSigning} must look at again
 * (one read for the whole batch): their rule demanded the token checks and they were
 * approved after the checks last ran.
 */
export async function needingComplianceRecheck(ctx: CustodyContext, queued: readonly TransactionRow[]): Promise<Set<string>> {
  // The decision stored with the transaction says whether its rule demanded the checks at all.
  const ids = queued.filter((t) => t.kind === 'USER' && decisionOf(t)?.requireTokenChecks !== false).map((t) => t.id)
  if (ids.length === 0) return new Set()
  const rows = await ctx.db
    .selectFrom('tx_authorizations')
    .select(['transaction_id', 'compliance_checked_at', 'authorized_at'])
    .where('transaction_id', 'in', ids)
    .where('require_token_checks', '=', true)
    .where('authorized_at', 'is not', null)
    .execute()
  return new Set(rows.filter((a) => !(a.compliance_checked_at && a.compliance_checked_at.getTime() >= a.authorized_at!.getTime())).map((a) => a.transaction_id))
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

function decisionOf(t: TransactionRow): Partial<AuthorizationDecision> | null {
  try {
    const p = typeof t.policy === 'string' ? JSON.parse(t.policy) : t.policy
    return p && typeof p === 'object' ? (p as Partial<AuthorizationDecision>) : null
  } catch {
    return null
  }
}

// Null when there is nothing to check: not a security token, and no token movement the policy asked to check.
async function runTokenChecks(ctx: CustodyContext, t: TransactionRow): Promise<TokenCheck | null> {
  if (t.data.length > 2 && (await isSecurityToken(ctx, t.to_address))) {
    return checkSecurityTokenCall(ctx, { txId: t.id, sender: t.from_address, token: t.to_address, data: t.data, value: BigInt(t.value) })
  }
  const movement = tokenMovementOf(t.from_address, t.to_address, t.data)
  if (!movement) return null
  return checkTokenCompliance(ctx.chain.publicClient, movement)
}

function demandsOf(c: TokenCheck | null): HolderDemand[] {
  return c && c.ok && 'demands' in c ? (c as { demands: HolderDemand[] }).demands : []
}

function shortfallCheck(err: ReservationShortfall, previous: TokenCheck | null): TokenCheck {
  const d = err.demand
  const r = restriction(d.limitedBy, `${d.holder} may spend ${d.spendable} base units at block ${d.atBlock}, ${err.reserved} already committed to its pending transactions, this one moves ${d.amount}`)
  const subStatus = RESTRICTIONS[d.limitedBy].subStatus
  return { ok: false, subStatus, code: r.code, reason: r.message, failures: [{ restriction: d.limitedBy, code: r.code, subStatus, message: r.message }], blockNumber: d.atBlock, method: previous && 'method' in previous ? previous.method : null }
}
