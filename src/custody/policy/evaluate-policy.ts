import type { Clock } from '../../shared/clock.ts'
import {
  matchesIndexedFields,
  matchesRemainingFields,
  normalizeRequest,
  type CompiledPolicy,
  type CompiledRule,
  type NormalizedRequest,
} from './compile-policy.ts'
import type { ApprovalRequirement, PolicyAction, VelocityScope } from './policy-document.ts'
import { assertValidRequest, type PolicyRequest } from './policy-request.ts'
import type { CandidateVisitor } from './rule-index.ts'
import type { VelocitySource } from './velocity.ts'

export { compilePolicy, DEFAULT_WARM_APPROVAL, type CompileOptions, type CompiledPolicy, type CompiledRule } from './compile-policy.ts'

/** What evaluation reads besides the request: spent amounts, and the time to measure windows from. */
export interface EvaluationContext {
  velocity: VelocitySource
  clock: Clock
}

/** The velocity figures behind a match on a rule with a `velocity` matcher. */
export interface VelocityFinding {
  scope: VelocityScope
  windowSeconds: number
  max: bigint
  /** Already spent within the window, before this request. */
  spent: bigint
}

/** The outcome for one request. */
export interface Decision {
  action: PolicyAction
  /** The rule that matched, or null when none did (default deny). */
  ruleId: string | null
  /** One human sentence, fit for an audit log or an operator's screen. */
  reason: string
  /** Present exactly when `action` is REQUIRE_APPROVAL. */
  approval?: ApprovalRequirement
  /** The matched rule asks the pipeline to simulate the token's compliance checks before signing. */
  requireTokenChecks: boolean
  /** The source vault is cold: once allowed, the payload is exported and signed offline. */
  offlineSigning: boolean
  /** Set when the warm-tier override turned the rule's ALLOW into REQUIRE_APPROVAL. */
  tierOverride?: 'WARM_REQUIRES_APPROVAL'
  velocity?: VelocityFinding
}

const DEFAULT_DENY = 'no rule matched (default deny)'

/**
 * Decides one request: the first rule (in document order) whose every matcher accepts it
 * gives the action; none → BLOCK. Then the tier overrides apply: a warm source turns ALLOW
 * into REQUIRE_APPROVAL (`compiled.warmApproval`), a cold source is marked for offline signing.
 *
 * Synchronous and allocation-light; reads the clock at most once, and only if a rule with a
 * velocity matcher is reached.
 *
 * @throws CustosError `POLICY_REQUEST_INVALID` for a negative amount;
 *   `VELOCITY_RETENTION_TOO_SHORT` if the ledger keeps less history than a window needs.
 * @example
 * const d = evaluate(compiled, request, { velocity: ledger, clock })
 * if (d.action === 'BLOCK') return block(d.reason)
 */
export function evaluate(compiled: CompiledPolicy, request: PolicyRequest, ctx: EvaluationContext): Decision {
  assertValidRequest(request)
  const run = new Evaluation(compiled.rules, normalizeRequest(request), ctx)
  if (compiled.index) {
    compiled.index.forEachCandidate(run.n, run)
  } else {
    for (const rule of compiled.rules) if (matchesIndexedFields(rule, run.n) && run.visit(rule.position)) break
  }
  if (!run.matched) {
    return { action: 'BLOCK', ruleId: null, reason: DEFAULT_DENY, requireTokenChecks: false, offlineSigning: false }
  }
  return decide(compiled, run.matched, run.n, run.finding)
}

// The state of one evaluation, visited with candidate rules in document order until one matches.
class Evaluation implements CandidateVisitor {
  matched: CompiledRule | undefined
  finding: VelocityFinding | undefined
  #now: Date | undefined
  constructor(
    readonly rules: readonly CompiledRule[],
    readonly n: NormalizedRequest,
    readonly ctx: EvaluationContext,
  ) {}

  visit(position: number): boolean {
    const rule = this.rules[position]!
    // Rechecked although the index already vouched for them: cheap insurance for a security control.
    if (!matchesRemainingFields(rule, this.n)) return false
    if (rule.velocity !== null) {
      this.#now ??= this.ctx.clock.now()
      const f = velocityExceeded(rule, this.n, this.ctx.velocity, this.#now)
      if (f === undefined) return false
      this.finding = f
    }
    this.matched = rule
    return true
  }
}

// A velocity matcher matches when the window's spend plus this amount would exceed `max`
// (strictly): spending exactly up to the limit does not trigger it.
function velocityExceeded(rule: CompiledRule, n: NormalizedRequest, source: VelocitySource, now: Date): VelocityFinding | undefined {
  const v = rule.velocity!
  if (v.assetSet && !v.assetSet.has(n.asset)) return undefined
  const key = v.scope === 'SOURCE' ? n.vaultId : n.initiator
  let spent = 0n
  for (const asset of v.assets ?? [n.asset]) spent += source.sum({ scope: v.scope, key, asset }, v.windowSeconds, now)
  if (spent + n.amount <= v.max) return undefined
  return { scope: v.scope, windowSeconds: v.windowSeconds, max: v.max, spent }
}

function decide(compiled: CompiledPolicy, rule: CompiledRule, n: NormalizedRequest, finding: VelocityFinding | undefined): Decision {
  let action = rule.action
  let approval = rule.approval
  let tierOverride: Decision['tierOverride']
  let reason = `rule "${rule.id}"${rule.description ? ` (${rule.description})` : ''} matched: ${describeAction(action, approval)}`
  if (finding) {
    const who = finding.scope === 'SOURCE' ? `source vault ${n.vaultId}` : `initiator ${n.initiator}`
    reason += `; velocity: ${finding.spent} already spent by ${who} in the last ${finding.windowSeconds} s plus ${n.amount} exceeds ${finding.max}`
  }
  if (n.tier === 'warm' && action === 'ALLOW') {
    action = 'REQUIRE_APPROVAL'
    approval = compiled.warmApproval
    tierOverride = 'WARM_REQUIRES_APPROVAL'
    reason += `; source vault ${n.vaultId} is warm, so ${describeAction(action, approval)}`
  }
  const offlineSigning = n.tier === 'cold' && action !== 'BLOCK'
  if (offlineSigning) reason += `; source vault ${n.vaultId} is cold, so it is signed offline`
  const decision: Decision = { action, ruleId: rule.id, reason, requireTokenChecks: rule.requireTokenChecks, offlineSigning }
  if (action === 'REQUIRE_APPROVAL' && approval) decision.approval = { group: approval.group, quorum: approval.quorum }
  if (tierOverride) decision.tierOverride = tierOverride
  if (finding) decision.velocity = finding
  return decision
}

function describeAction(action: PolicyAction, approval: ApprovalRequirement | undefined): string {
  if (action !== 'REQUIRE_APPROVAL' || !approval) return action
  return `REQUIRE_APPROVAL by ${approval.quorum} of group "${approval.group}"`
}
