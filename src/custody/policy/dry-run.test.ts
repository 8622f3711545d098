import { describe, expect, it } from 'vitest'
import { dryRun, type DryRunItem } from './dry-run.ts'
import { compilePolicy } from './evaluate-policy.ts'
import type { PolicyRule } from './policy-document.ts'
import { SEC_TOKEN, USDC, policy, request } from './policy-test-fixtures.ts'

const T0 = Date.UTC(2026, 3, 1)
const at = (minutes: number) => new Date(T0 + minutes * 60_000)

const active = compilePolicy(
  policy(
    { id: 'no-mints', operations: ['TOKEN_MINT'], action: 'BLOCK' },
    { id: 'transfers', operations: ['TOKEN_TRANSFER'] },
  ),
)

const recent: DryRunItem[] = [
  { id: 'tx-1', at: at(0), request: request({ amount: 100n }) },
  { id: 'tx-2', at: at(1), request: request({ amount: 5_000_000n }) },
  { id: 'tx-3', at: at(2), request: request({ operation: 'TOKEN_MINT', asset: SEC_TOKEN, amount: 10n }) },
  { id: 'tx-4', at: at(3), request: request({ amount: 9_000_000n, sourceVault: { id: 'vault-ops' } }) },
]

describe('dryRun', () => {
  it('lists the requests whose decision changes, with before and after, and counts them', () => {
    const draft = compilePolicy(
      policy(
        { id: 'no-mints', operations: ['TOKEN_MINT'], action: 'BLOCK' },
        { id: 'big-transfers', amount: { min: '1000000' }, action: 'REQUIRE_APPROVAL', approval: { group: 'treasury', quorum: 2 } },
        { id: 'transfers', operations: ['TOKEN_TRANSFER'] },
      ),
    )
    const result = dryRun(active, draft, recent)
    expect(result).toMatchObject({ total: 4, changed: 2, unchanged: 2, actionChanged: 2, transitions: { 'ALLOW->REQUIRE_APPROVAL': 2 } })
    expect(result.differences.map((d) => ({ id: d.id, before: d.before, after: d.after }))).toEqual([
      {
        id: 'tx-2',
        before: { action: 'ALLOW', ruleId: 'transfers', requireTokenChecks: false },
        after: { action: 'REQUIRE_APPROVAL', ruleId: 'big-transfers', approval: { group: 'treasury', quorum: 2 }, requireTokenChecks: false },
      },
      {
        id: 'tx-4',
        before: { action: 'ALLOW', ruleId: 'transfers', requireTokenChecks: false },
        after: { action: 'REQUIRE_APPROVAL', ruleId: 'big-transfers', approval: { group: 'treasury', quorum: 2 }, requireTokenChecks: false },
      },
    ])
    expect(result.differences[0]!.request).toBe(recent[1]!.request)
  })

  it.each<[string, PolicyRule[], Record<string, unknown>]>([
    ['the same policy', active.document.rules, { changed: 0, unchanged: 4, actionChanged: 0 }],
    [
      'a renamed rule (same actions)',
      [
        { id: 'no-mints', operations: ['TOKEN_MINT'], action: 'BLOCK' },
        { id: 'token-transfers', operations: ['TOKEN_TRANSFER'], action: 'ALLOW' },
      ],
      { changed: 3, actionChanged: 0, transitions: {} },
    ],
    ['an empty draft (deny everything)', [], { changed: 4, actionChanged: 3, transitions: { 'ALLOW->BLOCK': 3 } }],
    [
      'a new compliance demand',
      [
        { id: 'no-mints', operations: ['TOKEN_MINT'], action: 'BLOCK' },
        { id: 'transfers', operations: ['TOKEN_TRANSFER'], action: 'ALLOW', compliance: { requireTokenChecks: true } },
      ],
      { changed: 3, actionChanged: 0 },
    ],
  ])('against %s', (_name, rules, expected) => {
    expect(dryRun(active, compilePolicy({ rules }), recent)).toMatchObject({ total: 4, ...expected })
  })

  it('replays velocity from the history itself, in time order whatever the input order', () => {
    const draft = compilePolicy(
      policy(
        { id: 'hourly', velocity: { windowSeconds: 3600, max: '1000', scope: 'SOURCE' }, action: 'BLOCK' },
        { id: 'transfers', operations: ['TOKEN_TRANSFER'] },
      ),
    )
    const history: DryRunItem[] = [
      { id: 'c', at: at(20), request: request({ amount: 400n }) }, // 400 + 400 + 400 > 1000
      { id: 'a', at: at(0), request: request({ amount: 400n }) },
      { id: 'b', at: at(10), request: request({ amount: 400n }) },
      { id: 'd', at: at(61), request: request({ amount: 400n }) },
    ]
    const result = dryRun(active, draft, history)
    // a, b and c all happened under the active policy, so all three count: at 61 min, b and c
    // are still in the hour (800 + 400 > 1000) while a has left it.
    expect(result.differences.map((d) => d.id)).toEqual(['c', 'd'])
    expect(result.differences[0]!.after).toMatchObject({ action: 'BLOCK', ruleId: 'hourly' })
  })

  it('counts only what was actually approved toward velocity', () => {
    const draft = compilePolicy(
      policy(
        { id: 'no-mints', operations: ['TOKEN_MINT'], action: 'BLOCK' },
        { id: 'hourly', velocity: { windowSeconds: 3600, max: '1000', scope: 'SOURCE' }, action: 'BLOCK' },
        { id: 'transfers', operations: ['TOKEN_TRANSFER'] },
      ),
    )
    const history: DryRunItem[] = [
      { id: 'rejected', at: at(0), request: request({ amount: 900n }), counted: false },
      { id: 'blocked-mint', at: at(1), request: request({ operation: 'TOKEN_MINT', asset: USDC, amount: 900n }) },
      { id: 'next', at: at(2), request: request({ amount: 900n }) },
    ]
    expect(dryRun(active, draft, history).differences.map((d) => d.id)).toEqual([])
  })

  it('caps the list of differences but not the counts', () => {
    const result = dryRun(active, compilePolicy({ rules: [] }), recent, { maxDifferences: 1 })
    expect(result.changed).toBe(4)
    expect(result.differences.map((d) => d.id)).toEqual(['tx-1'])
  })
})
