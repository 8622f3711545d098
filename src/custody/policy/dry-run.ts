import { ManualClock } from '../../shared/clock.ts'
import type { CompiledPolicy } from './compile-policy.ts'
import { evaluate, type Decision } from './evaluate-policy.ts'
import type { ApprovalRequirement, PolicyAction } from './policy-document.ts'
import type { PolicyRequest } from './policy-request.ts'
import { VelocityLedger } from './velocity.ts'

/** A past request to replay. */
export interface DryRunItem {
  /** Identifies it in the result, e.g. the transaction id. */
  id: string
  /** When it was evaluated; the replay runs in this order and measures velocity windows from here. */
  at: Date
  request: PolicyRequest
  /**
   * Whether it was actually approved and so counts toward later velocity totals. When left
   * out, the active policy's replayed decision stands in (counted unless BLOCK).
   */
  counted?: boolean
}

export interface DecisionSummary {
  action: PolicyAction
  ruleId: string | null
  approval?: ApprovalRequirement
  requireTokenChecks: boolean
}

export interface DryRunDifference {
  id: string
  at: Date
  request: PolicyRequest
  before: DecisionSummary
  after: DecisionSummary
}

export interface DryRunResult {
  total: number
  /** Requests whose decision differs in any way (action, rule, approval or token checks). */
  changed: number
  unchanged: number
  /** The subset of `changed` whose action differs. */
  actionChanged: number
  /** Counts of action changes by kind, e.g. `{ 'ALLOW->REQUIRE_APPROVAL': 3 }`. */
  transitions: Record<string, number>
  /** The changed requests in replay order, at most `maxDifferences` of them. */
  differences: DryRunDifference[]
}

export interface DryRunOptions {
  /** Caps the `differences` list (the counts still cover everything). Unlimited by default. */
  maxDifferences?: number
}

/**
 * Replays recent requests through the active policy and a draft, and reports every request
 * the draft would decide differently. Both policies see the same velocity history, rebuilt
 * from the replayed requests themselves (so totals start at zero at the first item: pass
 * at least the longest velocity window of history for faithful velocity decisions).
 *
 * @example
 * const diff = dryRun(active, compilePolicy(draftDoc), recent)
 * console.log(`${diff.changed}/${diff.total} decisions change`, diff.transitions)
 */
export function dryRun(active: CompiledPolicy, draft: CompiledPolicy, recent: readonly DryRunItem[], options: DryRunOptions = {}): DryRunResult {
  const items = [...recent].sort((a, b) => a.at.getTime() - b.at.getTime())
  const clock = new ManualClock(items[0]?.at ?? 0)
  const velocity = new VelocityLedger({
    clock,
    retentionSeconds: Math.max(1, active.maxVelocityWindowSeconds, draft.maxVelocityWindowSeconds),
  })
  const ctx = { velocity, clock }
  const maxDifferences = options.maxDifferences ?? Number.POSITIVE_INFINITY
  const result: DryRunResult = { total: items.length, changed: 0, unchanged: 0, actionChanged: 0, transitions: {}, differences: [] }

  for (const item of items) {
    clock.set(item.at)
    const before = evaluate(active, item.request, ctx)
    const after = evaluate(draft, item.request, ctx)
    if (sameDecision(before, after)) {
      result.unchanged++
    } else {
      result.changed++
      if (before.action !== after.action) {
        result.actionChanged++
        const kind = `${before.action}->${after.action}`
        result.transitions[kind] = (result.transitions[kind] ?? 0) + 1
      }
      if (result.differences.length < maxDifferences) {
        result.differences.push({ id: item.id, at: item.at, request: item.request, before: summarize(before), after: summarize(after) })
      }
    }
    if (item.counted ?? before.action !== 'BLOCK') {
      const r = item.request
      velocity.record({ txId: item.id, at: item.at, sourceVaultId: r.sourceVault.id, initiator: r.initiator.principal ?? r.initiator.keyId, asset: r.asset, amount: r.amount })
    }
  }
  return result
}

function sameDecision(a: Decision, b: Decision): boolean {
  return (
    a.action === b.action &&
    a.ruleId === b.ruleId &&
    a.requireTokenChecks === b.requireTokenChecks &&
    a.approval?.group === b.approval?.group &&
    a.approval?.quorum === b.approval?.quorum
  )
}

function summarize(d: Decision): DecisionSummary {
  const s: DecisionSummary = { action: d.action, ruleId: d.ruleId, requireTokenChecks: d.requireTokenChecks }
  if (d.approval) s.approval = d.approval
  return s
}
