import { readFileSync } from 'node:fs'
import { Settings } from 'typebox/system'
import { describe, expect, it } from 'vitest'
import { CustosError } from '../../shared/errors.ts'
import { parsePolicy, validatePolicy, PolicyInvalidError } from './policy-document.ts'

const EXAMPLE_YAML = readFileSync(new URL('./example-policy.yaml', import.meta.url), 'utf8')

function problemsOf(fn: () => unknown): string[] {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyInvalidError)
    const e = err as PolicyInvalidError
    expect(e).toBeInstanceOf(CustosError)
    expect(e.code).toBe('POLICY_INVALID')
    expect(e.status).toBe(400)
    return e.details!.problems as string[]
  }
  throw new Error('expected the policy to be refused')
}

const rule = (extra: Record<string, unknown>) => ({ rules: [{ id: 'r', action: 'ALLOW', ...extra }] })

describe('parsePolicy: valid documents', () => {
  it('parses the README example from YAML with every matcher and action', () => {
    const doc = parsePolicy(EXAMPLE_YAML, 'yaml')
    expect(doc.version).toBe('2026-01-15.1')
    expect(doc.rules.map((r) => r.action)).toEqual(['BLOCK', 'BLOCK', 'REQUIRE_APPROVAL', 'REQUIRE_APPROVAL', 'ALLOW', 'ALLOW', 'ALLOW', 'REQUIRE_APPROVAL'])
    expect(doc.rules[1]!.methodSelectors).toEqual(['0x095ea7b3'])
    const velocity = doc.rules.find((r) => r.id === 'treasury-daily-limit')!
    expect(velocity.velocity).toEqual({ windowSeconds: 86400, max: '1000000000000', scope: 'SOURCE', assets: ['0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48'] })
    expect(velocity.approval).toEqual({ group: 'treasury-approvers', quorum: 2 })
  })

  it('is the example the README shows', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8')
    expect(readme).toContain('```yaml\n' + EXAMPLE_YAML + '```')
  })

  it('reads the same document from JSON', () => {
    const fromYaml = parsePolicy(EXAMPLE_YAML, 'yaml')
    expect(parsePolicy(JSON.stringify(fromYaml), 'json')).toEqual(fromYaml)
  })

  it.each([
    ['an empty rule list (deny everything)', 'rules: []'],
    ['a rule without matchers', 'rules:\n  - id: everything\n    action: ALLOW'],
    ['a uint256-sized amount bound', `rules:\n  - id: huge\n    action: BLOCK\n    amount: { min: "${2n ** 256n - 1n}" }`],
    ['amount min equal to max', 'rules:\n  - id: exact\n    action: ALLOW\n    amount: { min: "5", max: "5" }'],
  ])('accepts %s', (_name, text) => {
    expect(() => parsePolicy(text, 'yaml')).not.toThrow()
  })
})

describe('parsePolicy: every problem, with its path', () => {
  it.each<[string, unknown, string[]]>([
    ['a number where a decimal string belongs', rule({ amount: { max: 1000 } }), ['rules[0].amount.max: must be a decimal string (base units, quoted in YAML, e.g. "1000000")']],
    ['a fractional decimal', rule({ amount: { min: '1.5' } }), ['rules[0].amount.min: must be a decimal string (base units, quoted in YAML, e.g. "1000000")']],
    ['a negative decimal', rule({ velocity: { windowSeconds: 60, max: '-1', scope: 'SOURCE' } }), ['rules[0].velocity.max: must be a decimal string (base units, quoted in YAML, e.g. "1000000")']],
    ['min above max', rule({ amount: { min: '10', max: '9' } }), ['rules[0].amount: min (10) must not exceed max (9)']],
    ['quorum 0', { rules: [{ id: 'r', action: 'REQUIRE_APPROVAL', approval: { group: 'g', quorum: 0 } }] }, ['rules[0].approval.quorum: must be at least 1']],
    ['a fractional quorum', { rules: [{ id: 'r', action: 'REQUIRE_APPROVAL', approval: { group: 'g', quorum: 1.5 } }] }, ['rules[0].approval.quorum: must be an integer']],
    ['a zero window', rule({ velocity: { windowSeconds: 0, max: '1', scope: 'SOURCE' } }), ['rules[0].velocity.windowSeconds: must be greater than 0']],
    ['a negative window', rule({ velocity: { windowSeconds: -60, max: '1', scope: 'INITIATOR' } }), ['rules[0].velocity.windowSeconds: must be greater than 0']],
    ['a window over 366 days', rule({ velocity: { windowSeconds: 366 * 86400 + 1, max: '1', scope: 'SOURCE' } }), ['rules[0].velocity.windowSeconds: must be at most 31622400']],
    ['an unknown velocity scope', rule({ velocity: { windowSeconds: 60, max: '1', scope: 'VAULT' } }), ['rules[0].velocity.scope: must be one of SOURCE, INITIATOR']],
    ['REQUIRE_APPROVAL without approval', { rules: [{ id: 'r', action: 'REQUIRE_APPROVAL' }] }, ['rules[0].approval: is required when action is REQUIRE_APPROVAL']],
    ['approval on an ALLOW', rule({ approval: { group: 'g', quorum: 1 } }), ['rules[0].approval: is only allowed when action is REQUIRE_APPROVAL (action is ALLOW)']],
    ['an unknown action', { rules: [{ id: 'r', action: 'PERMIT' }] }, ['rules[0].action: must be one of ALLOW, BLOCK, REQUIRE_APPROVAL']],
    ['an unknown operation', rule({ operations: ['TOKEN_TRANSFER', 'TOKEN_BURN'] }), ['rules[0].operations[1]: must be one of NATIVE_TRANSFER, TOKEN_TRANSFER, TOKEN_MINT, CONTRACT_CALL, MESSAGE_SIGN']],
    ['an unknown tier', rule({ sourceTiers: ['frozen'] }), ['rules[0].sourceTiers[0]: must be one of hot, warm, cold']],
    ['an empty matcher list', rule({ initiators: [] }), ['rules[0].initiators: must not be empty (leave the field out to match anything)']],
    ['a bad destination address', rule({ destination: { type: 'ANY', addresses: ['0x2222222222222222222222222222222222222222', '0x12'] } }), ['rules[0].destination.addresses[1]: must be a 0x-prefixed 20-byte hex address']],
    ['a destination without type', rule({ destination: { addresses: ['0x2222222222222222222222222222222222222222'] } }), ['rules[0].destination.type: is required']],
    ['a bad asset', rule({ assets: ['USDC'] }), ["rules[0].assets[0]: must be 'NATIVE' or a 0x-prefixed 20-byte hex token address"]],
    ['a bad method selector', rule({ methodSelectors: ['transfer(address,uint256)'] }), ['rules[0].methodSelectors[0]: must be a 4-byte method selector such as 0xa9059cbb']],
    ['a non-boolean compliance flag', rule({ compliance: { requireTokenChecks: 'yes' } }), ['rules[0].compliance.requireTokenChecks: must be a boolean']],
    ['an unknown field', rule({ colour: 'red' }), ['rules[0].colour: is not a known field']],
    ['an unknown top-level field', { rules: [], owner: 'me' }, ['owner: is not a known field']],
    ['missing id and action', { rules: [{}] }, ['rules[0].action: is required', 'rules[0].id: is required']],
    ['a bad rule id', { rules: [{ id: 'has space', action: 'BLOCK' }] }, ["rules[0].id: must be 1-128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit"]],
    ['rules that is not a list', { rules: { id: 'r' } }, ['rules: must be an array']],
    ['a rule that is not an object', { rules: ['ALLOW'] }, ['rules[0]: must be an object']],
    ['a document that is not an object', 'ALLOW everything', ['document: must be an object']],
    ['no rules at all', { version: '1' }, ['rules: is required']],
    [
      'duplicate rule ids',
      { rules: [{ id: 'a', action: 'ALLOW' }, { id: 'b', action: 'ALLOW' }, { id: 'a', action: 'BLOCK' }] },
      ['rules[2].id: duplicates the id of rules[0] ("a")'],
    ],
  ])('refuses %s', (_name, value, expected) => {
    expect(problemsOf(() => validatePolicy(value))).toEqual(expected)
  })

  it('reports the brief example path for the fourth rule in YAML', () => {
    const text = ['rules:', ...[0, 1, 2].map((i) => `  - { id: r${i}, action: ALLOW }`), '  - id: r3', '    action: BLOCK', '    amount:', '      max: 1000'].join('\n')
    expect(problemsOf(() => parsePolicy(text, 'yaml'))).toEqual(['rules[3].amount.max: must be a decimal string (base units, quoted in YAML, e.g. "1000000")'])
  })

  it('lists every problem of a badly broken document, in document order, not just the first eight', () => {
    const rules = Array.from({ length: 12 }, (_, i) => ({ id: `r${i}`, action: 'ALLOW', amount: { max: i } }))
    rules.push({ id: 'r0', action: 'ALLOW', amount: { max: 1 } })
    const problems = problemsOf(() => validatePolicy({ rules }))
    expect(problems).toHaveLength(13 + 1)
    expect(problems[0]).toMatch(/^rules\[0\]\.amount\.max: /)
    expect(problems[2]).toMatch(/^rules\[2\]\.amount\.max: /)
    expect(problems[11]).toMatch(/^rules\[11\]\.amount\.max: /)
    expect(problems.slice(12)).toEqual([
      'rules[12].amount.max: must be a decimal string (base units, quoted in YAML, e.g. "1000000")',
      'rules[12].id: duplicates the id of rules[0] ("r0")',
    ])
    // The raised error budget is for this call only.
    expect(Settings.Get().maxErrors).toBe(8)
  })

  it.each<[string, string, 'yaml' | 'json', RegExp]>([
    ['a YAML syntax error, with its line', 'rules:\n  - id: a\n    action: [ALLOW\n', 'yaml', /^document: is not valid YAML \(line \d+, column \d+\): /],
    ['a duplicate YAML key', 'rules:\n  - id: a\n    id: b\n    action: ALLOW\n', 'yaml', /^document: is not valid YAML \(line 3, column 5\): Map keys must be unique/],
    ['a JSON syntax error', '{"rules": [}', 'json', /^document: is not valid JSON: /],
  ])('refuses %s', (_name, text, format, expected) => {
    const problems = problemsOf(() => parsePolicy(text, format))
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(expected)
  })

  it('puts every problem in the error message, one per line', () => {
    expect(() => validatePolicy({ rules: [{ id: 'a', action: 'ALLOW', amount: { max: 5 } }, { id: 'a', action: 'BLOCK' }] })).toThrow(
      'Policy document is invalid:\n  rules[0].amount.max: must be a decimal string (base units, quoted in YAML, e.g. "1000000")\n  rules[1].id: duplicates the id of rules[0] ("a")',
    )
  })
})
