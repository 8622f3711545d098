import { ConfigError } from '../../shared/errors.ts'
import {
  validatePolicy,
  type ApprovalRequirement,
  type DestinationType,
  type Operation,
  type PolicyAction,
  type PolicyDocument,
  type PolicyRule,
  type VaultTier,
  type VelocityScope,
} from './policy-document.ts'
import { normalizeAsset, type DestinationKind, type PolicyRequest } from './policy-request.ts'
import { RuleIndex } from './rule-index.ts'

/** Approval a warm vault needs when its matching rule says ALLOW, unless the caller sets another. */
export const DEFAULT_WARM_APPROVAL: ApprovalRequirement = Object.freeze({ group: 'approvers', quorum: 1 })

export interface CompileOptions {
  /** Group and quorum that turn an ALLOW from a warm vault into REQUIRE_APPROVAL. */
  warmApproval?: ApprovalRequirement
  /**
   * `indexed` (default) narrows the candidate rules with per-field bitsets; `linear` tries
   * every rule in order. Both give the same decisions; `linear` exists to prove that.
   */
  strategy?: 'indexed' | 'linear'
}

export interface CompiledVelocity {
  readonly windowSeconds: number
  readonly max: bigint
  readonly scope: VelocityScope
  /** Assets pooled into one total, or null for "the request's asset alone". */
  readonly assets: readonly string[] | null
  readonly assetSet: ReadonlySet<string> | null
}

/** A rule with its matchers turned into sets and bigints; `null` means "no such matcher". */
export interface CompiledRule {
  readonly position: number
  readonly id: string
  readonly description: string | undefined
  readonly action: PolicyAction
  readonly approval: ApprovalRequirement | undefined
  readonly requireTokenChecks: boolean
  readonly initiators: ReadonlySet<string> | null
  readonly operations: ReadonlySet<Operation> | null
  readonly methodSelectors: ReadonlySet<string> | null
  readonly sourceVaults: ReadonlySet<string> | null
  readonly sourceTiers: ReadonlySet<VaultTier> | null
  readonly destinationKinds: ReadonlySet<DestinationKind> | null
  readonly destinationAddresses: ReadonlySet<string> | null
  readonly assets: ReadonlySet<string> | null
  readonly amountMin: bigint | null
  readonly amountMax: bigint | null
  readonly velocity: CompiledVelocity | null
}

/** A policy ready for `evaluate`: immutable, and safe to share between evaluations. */
export interface CompiledPolicy {
  readonly version: string | undefined
  readonly document: PolicyDocument
  readonly rules: readonly CompiledRule[]
  /** The longest velocity window (0 if none): the ledger's retention must cover it. */
  readonly maxVelocityWindowSeconds: number
  readonly warmApproval: ApprovalRequirement
  /** Null for the `linear` strategy. */
  readonly index: RuleIndex | null
}

/** The request with addresses and selectors lower-cased once, as the compiled rules are. */
export interface NormalizedRequest {
  readonly keyId: string
  /** The acting principal (the key id when none is known): INITIATOR velocity counts by it. */
  readonly initiator: string
  readonly groups: readonly string[]
  readonly operation: Operation
  readonly vaultId: string
  readonly tier: VaultTier
  readonly destAddress: string
  readonly destKind: DestinationKind
  readonly asset: string
  readonly amount: bigint
  readonly selector: string | undefined
}

const KINDS_BY_DESTINATION_TYPE: Record<DestinationType, readonly DestinationKind[] | null> = {
  ANY: null,
  WHITELISTED: ['WHITELISTED'],
  INTERNAL: ['INTERNAL'],
  ONE_TIME: ['EXTERNAL'],
}

/**
 * Validates a policy document and precomputes everything evaluation needs: sets for list
 * matchers, lower-cased addresses and selectors, bigint bounds, and a bitset index so that a
 * request only visits the rules that can match its initiator, operation, vault, tier,
 * destination, asset and method.
 *
 * @throws PolicyInvalidError when the document is invalid; ConfigError for bad options.
 * @example
 * const compiled = compilePolicy(parsePolicy(text, 'yaml'), { warmApproval: { group: 'treasury', quorum: 2 } })
 */
export function compilePolicy(doc: PolicyDocument, options: CompileOptions = {}): CompiledPolicy {
  // Cloned so a caller mutating its object later cannot change what was approved.
  const document = structuredClone(validatePolicy(doc))
  const warmApproval = options.warmApproval ?? DEFAULT_WARM_APPROVAL
  if (typeof warmApproval.group !== 'string' || warmApproval.group === '' || !Number.isInteger(warmApproval.quorum) || warmApproval.quorum < 1) {
    throw new ConfigError('warmApproval needs a non-empty group and an integer quorum of at least 1')
  }
  const rules = document.rules.map(compileRule)
  const maxVelocityWindowSeconds = rules.reduce((m, r) => Math.max(m, r.velocity?.windowSeconds ?? 0), 0)
  return Object.freeze({
    version: document.version,
    document,
    rules: Object.freeze(rules),
    maxVelocityWindowSeconds,
    warmApproval: Object.freeze({ group: warmApproval.group, quorum: warmApproval.quorum }),
    index: options.strategy === 'linear' ? null : new RuleIndex(rules),
  })
}

function compileRule(rule: PolicyRule, position: number): CompiledRule {
  const kinds = rule.destination ? KINDS_BY_DESTINATION_TYPE[rule.destination.type] : null
  const v = rule.velocity
  const velocityAssets = v?.assets ? [...new Set(v.assets.map(normalizeAsset))] : null
  return Object.freeze({
    position,
    id: rule.id,
    description: rule.description,
    action: rule.action,
    approval: rule.approval ? Object.freeze({ ...rule.approval }) : undefined,
    requireTokenChecks: rule.compliance?.requireTokenChecks === true,
    initiators: setOf(rule.initiators),
    operations: setOf(rule.operations),
    methodSelectors: setOf(rule.methodSelectors?.map((s) => s.toLowerCase())),
    sourceVaults: setOf(rule.sourceVaults),
    sourceTiers: setOf(rule.sourceTiers),
    destinationKinds: setOf(kinds ?? undefined),
    destinationAddresses: setOf(rule.destination?.addresses?.map((a) => a.toLowerCase())),
    assets: setOf(rule.assets?.map(normalizeAsset)),
    amountMin: rule.amount?.min !== undefined ? BigInt(rule.amount.min) : null,
    amountMax: rule.amount?.max !== undefined ? BigInt(rule.amount.max) : null,
    velocity: v
      ? Object.freeze({
          windowSeconds: v.windowSeconds,
          max: BigInt(v.max),
          scope: v.scope,
          assets: velocityAssets,
          assetSet: velocityAssets ? new Set(velocityAssets) : null,
        })
      : null,
  })
}

function setOf<T>(values: readonly T[] | undefined): ReadonlySet<T> | null {
  return values ? new Set(values) : null
}

/** Lower-cases what compares case-insensitively, once per request. */
export function normalizeRequest(r: PolicyRequest): NormalizedRequest {
  return {
    keyId: r.initiator.keyId,
    initiator: r.initiator.principal ?? r.initiator.keyId,
    groups: r.initiator.groups,
    operation: r.operation,
    vaultId: r.sourceVault.id,
    tier: r.sourceVault.tier,
    destAddress: r.destination.address.toLowerCase(),
    destKind: r.destination.kind,
    asset: normalizeAsset(r.asset),
    amount: r.amount,
    selector: r.methodSelector?.toLowerCase(),
  }
}

/** The matchers the index covers; the linear strategy checks them one by one instead. */
export function matchesIndexedFields(rule: CompiledRule, n: NormalizedRequest): boolean {
  if (rule.operations && !rule.operations.has(n.operation)) return false
  if (rule.sourceTiers && !rule.sourceTiers.has(n.tier)) return false
  if (rule.destinationKinds && !rule.destinationKinds.has(n.destKind)) return false
  if (rule.assets && !rule.assets.has(n.asset)) return false
  if (rule.sourceVaults && !rule.sourceVaults.has(n.vaultId)) return false
  if (rule.methodSelectors && (n.selector === undefined || !rule.methodSelectors.has(n.selector))) return false
  if (rule.initiators && !rule.initiators.has(n.keyId) && !rule.initiators.has(n.initiator) && !n.groups.some((g) => rule.initiators!.has(g))) return false
  return true
}

/** Destination addresses (also indexed, but cheap to recheck) and amount bounds, both ends inclusive. */
export function matchesRemainingFields(rule: CompiledRule, n: NormalizedRequest): boolean {
  if (rule.destinationAddresses && !rule.destinationAddresses.has(n.destAddress)) return false
  if (rule.amountMin !== null && n.amount < rule.amountMin) return false
  if (rule.amountMax !== null && n.amount > rule.amountMax) return false
  return true
}
