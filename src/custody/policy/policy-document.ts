import { Type, type Static } from 'typebox'
import { Settings } from 'typebox/system'
import { Value } from 'typebox/value'
import { LineCounter, parseDocument } from 'yaml'
import { CustosError } from '../../shared/errors.ts'
import { describeSchemaErrors, sortProblems, type PolicyProblem } from './policy-problems.ts'

export type { PolicyProblem } from './policy-problems.ts'

/** What a transaction does, as custody decoded it (never as the caller claims). */
export const OPERATIONS = ['NATIVE_TRANSFER', 'TOKEN_TRANSFER', 'TOKEN_MINT', 'CONTRACT_CALL', 'MESSAGE_SIGN'] as const
export type Operation = (typeof OPERATIONS)[number]

export const VAULT_TIERS = ['hot', 'warm', 'cold'] as const
export type VaultTier = (typeof VAULT_TIERS)[number]

/** `ONE_TIME` is any destination that is neither whitelisted nor internal. */
export const DESTINATION_TYPES = ['ANY', 'WHITELISTED', 'INTERNAL', 'ONE_TIME'] as const
export type DestinationType = (typeof DESTINATION_TYPES)[number]

export const VELOCITY_SCOPES = ['SOURCE', 'INITIATOR'] as const
export type VelocityScope = (typeof VELOCITY_SCOPES)[number]

export const POLICY_ACTIONS = ['ALLOW', 'BLOCK', 'REQUIRE_APPROVAL'] as const
export type PolicyAction = (typeof POLICY_ACTIONS)[number]

/** The longest velocity window a rule may declare (366 days): the ledger must keep that much history. */
export const MAX_VELOCITY_WINDOW_SECONDS = 366 * 24 * 3600

const DecimalString = Type.String({
  pattern: '^[0-9]+$',
  errorMessage: 'must be a decimal string (base units, quoted in YAML, e.g. "1000000")',
})
const Address = Type.String({ pattern: '^0x[0-9a-fA-F]{40}$', errorMessage: 'must be a 0x-prefixed 20-byte hex address' })
const Asset = Type.String({
  pattern: '^(NATIVE|0x[0-9a-fA-F]{40})$',
  errorMessage: "must be 'NATIVE' or a 0x-prefixed 20-byte hex token address",
})
const MethodSelector = Type.String({
  pattern: '^0x[0-9a-fA-F]{8}$',
  errorMessage: 'must be a 4-byte method selector such as 0xa9059cbb',
})
const Name = Type.String({ minLength: 1, maxLength: 200, errorMessage: 'must be a non-empty string of at most 200 characters' })
const RuleId = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$',
  errorMessage: "must be 1-128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit",
})
const NonEmptyList = <T extends Parameters<typeof Type.Array>[0]>(items: T) => Type.Array(items, { minItems: 1 })

export const DestinationMatcherSchema = Type.Object(
  {
    type: Type.Enum(DESTINATION_TYPES),
    addresses: Type.Optional(NonEmptyList(Address)),
  },
  { additionalProperties: false },
)

export const AmountMatcherSchema = Type.Object(
  { min: Type.Optional(DecimalString), max: Type.Optional(DecimalString) },
  { additionalProperties: false },
)

export const VelocityMatcherSchema = Type.Object(
  {
    windowSeconds: Type.Integer({ exclusiveMinimum: 0, maximum: MAX_VELOCITY_WINDOW_SECONDS }),
    max: DecimalString,
    scope: Type.Enum(VELOCITY_SCOPES),
    assets: Type.Optional(NonEmptyList(Asset)),
  },
  { additionalProperties: false },
)

export const ApprovalSchema = Type.Object(
  { group: Name, quorum: Type.Integer({ minimum: 1, maximum: 100 }) },
  { additionalProperties: false },
)

export const PolicyRuleSchema = Type.Object(
  {
    id: RuleId,
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    initiators: Type.Optional(NonEmptyList(Name)),
    operations: Type.Optional(NonEmptyList(Type.Enum(OPERATIONS))),
    methodSelectors: Type.Optional(NonEmptyList(MethodSelector)),
    sourceVaults: Type.Optional(NonEmptyList(Name)),
    sourceTiers: Type.Optional(NonEmptyList(Type.Enum(VAULT_TIERS))),
    destination: Type.Optional(DestinationMatcherSchema),
    assets: Type.Optional(NonEmptyList(Asset)),
    amount: Type.Optional(AmountMatcherSchema),
    velocity: Type.Optional(VelocityMatcherSchema),
    compliance: Type.Optional(Type.Object({ requireTokenChecks: Type.Boolean() }, { additionalProperties: false })),
    action: Type.Enum(POLICY_ACTIONS),
    approval: Type.Optional(ApprovalSchema),
  },
  { additionalProperties: false },
)

/**
 * Separation of duties: the role combinations one principal may hold although they are
 * kept apart by default (custody's `admin` and `approver`). Each entry lists roles that may
 * go together, e.g. `[admin, approver]` for a two-person team.
 */
export const RoleCombinationsSchema = Type.Object(
  {
    allow: Type.Array(Type.Array(Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' }), { minItems: 2, maxItems: 8, uniqueItems: true }), { maxItems: 32 }),
  },
  { additionalProperties: false },
)

/** The policy document schema (JSON Schema through TypeBox), reusable by the HTTP layer for OpenAPI. */
export const PolicyDocumentSchema = Type.Object(
  {
    version: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    rules: Type.Array(PolicyRuleSchema),
    roleCombinations: Type.Optional(RoleCombinationsSchema),
  },
  { additionalProperties: false },
)

export type PolicyDocument = Static<typeof PolicyDocumentSchema>
export type PolicyRule = Static<typeof PolicyRuleSchema>
export type ApprovalRequirement = Static<typeof ApprovalSchema>

/** A policy document that failed to parse or validate; `details.problems` lists every problem with its path. */
export class PolicyInvalidError extends CustosError {
  override readonly name = 'PolicyInvalidError'
  readonly problems: readonly PolicyProblem[]
  constructor(problems: readonly PolicyProblem[]) {
    const lines = problems.map((p) => `${p.path}: ${p.message}`)
    super('POLICY_INVALID', `Policy document is invalid:\n  ${lines.join('\n  ')}`, {
      status: 400,
      details: { problems: lines },
    })
    this.problems = problems
  }
}

export type PolicyFormat = 'yaml' | 'json'

/**
 * Parses a policy document from YAML or JSON text and validates it.
 * Amounts must be quoted decimal strings of base units (a YAML number is refused so
 * no value ever passes through a float).
 *
 * @throws PolicyInvalidError (code `POLICY_INVALID`) listing every problem, e.g.
 *   `rules[3].amount.max: must be a decimal string ...`
 * @example
 * const doc = parsePolicy(readFileSync('policy.yaml', 'utf8'), 'yaml')
 */
export function parsePolicy(text: string, format: PolicyFormat): PolicyDocument {
  let value: unknown
  if (format === 'json') {
    try {
      value = JSON.parse(text)
    } catch (err) {
      throw new PolicyInvalidError([{ path: 'document', message: `is not valid JSON: ${(err as Error).message}` }])
    }
  } else {
    const lineCounter = new LineCounter()
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter })
    if (doc.errors.length > 0) {
      throw new PolicyInvalidError(
        doc.errors.map((e) => {
          const { line, col } = lineCounter.linePos(e.pos[0])
          return { path: 'document', message: `is not valid YAML (line ${line}, column ${col}): ${e.message.split('\n')[0]}` }
        }),
      )
    }
    value = doc.toJS({ maxAliasCount: 100 })
  }
  return validatePolicy(value)
}

/**
 * Validates an already-decoded value (e.g. a JSON request body) as a policy document.
 * Besides the schema it refuses duplicate rule ids, `amount.min` above `amount.max`,
 * and an `approval` missing from (or given without) a `REQUIRE_APPROVAL` action.
 *
 * @throws PolicyInvalidError (code `POLICY_INVALID`)
 */
export function validatePolicy(value: unknown): PolicyDocument {
  if (Value.Check(PolicyDocumentSchema, value) && semanticProblems(value).length === 0) return value
  const problems = [...describeSchemaErrors(PolicyDocumentSchema, schemaErrors(value)), ...semanticProblems(value)]
  if (problems.length > 0) throw new PolicyInvalidError(sortProblems(problems))
  return value as PolicyDocument
}

// TypeBox buffers at most `maxErrors` (8 by default, a process-wide setting) errors; an
// author fixing a document wants them all, within a bound. Raised for this synchronous
// call only, so nothing else in the process sees the change.
const MAX_REPORTED_PROBLEMS = 200

function schemaErrors(value: unknown) {
  const previous = Settings.Get().maxErrors
  Settings.Set({ maxErrors: MAX_REPORTED_PROBLEMS })
  try {
    return Value.Errors(PolicyDocumentSchema, value)
  } finally {
    Settings.Set({ maxErrors: previous })
  }
}

// Runs on unvalidated input, so every access is guarded: the aim is to report these
// problems alongside the schema's, not instead of them.
function semanticProblems(value: unknown): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  const rules = isObject(value) && Array.isArray(value.rules) ? value.rules : []
  const firstIndexOfId = new Map<string, number>()
  rules.forEach((rule: unknown, i) => {
    if (!isObject(rule)) return
    const at = `rules[${i}]`
    if (typeof rule.id === 'string') {
      const first = firstIndexOfId.get(rule.id)
      if (first === undefined) firstIndexOfId.set(rule.id, i)
      else problems.push({ path: `${at}.id`, message: `duplicates the id of rules[${first}] ("${rule.id}")` })
    }
    const amount = rule.amount
    if (isObject(amount) && isDecimal(amount.min) && isDecimal(amount.max) && BigInt(amount.min) > BigInt(amount.max)) {
      problems.push({ path: `${at}.amount`, message: `min (${amount.min}) must not exceed max (${amount.max})` })
    }
    if (rule.action === 'REQUIRE_APPROVAL' && rule.approval === undefined) {
      problems.push({ path: `${at}.approval`, message: 'is required when action is REQUIRE_APPROVAL' })
    }
    if ((rule.action === 'ALLOW' || rule.action === 'BLOCK') && rule.approval !== undefined) {
      problems.push({ path: `${at}.approval`, message: `is only allowed when action is REQUIRE_APPROVAL (action is ${rule.action})` })
    }
  })
  return problems
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isDecimal(v: unknown): v is string {
  return typeof v === 'string' && /^[0-9]+$/.test(v)
}
