import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compilePolicy, DEFAULT_WARM_APPROVAL, evaluate } from './evaluate-policy.ts'
import { parsePolicy, type PolicyRule } from './policy-document.ts'
import type { PolicyRequest } from './policy-request.ts'
import { ALICE, APPROVE_SELECTOR, BOB, SEC_TOKEN, TRANSFER_SELECTOR, USDC, policy, request, velocityContext } from './policy-test-fixtures.ts'

const U256_MAX = 2n ** 256n - 1n

/** Which rule decides `req` when `rule` (as BLOCK) sits before a catch-all ALLOW named "fallback". */
function decidingRule(rule: Partial<PolicyRule>, req: PolicyRequest): string | null {
  const compiled = compilePolicy(policy({ ...rule, id: 'under-test', action: 'BLOCK' }, { id: 'fallback' }))
  return evaluate(compiled, req, velocityContext()).ruleId
}

describe('evaluate: each matcher', () => {
  it.each<[string, Partial<PolicyRule>, PolicyRequest, boolean]>([
    ['initiators: the API key id', { initiators: ['key-ops-1'] }, request(), true],
    ['initiators: one of the groups', { initiators: ['treasury', 'operators'] }, request(), true],
    ['initiators: neither key nor group', { initiators: ['key-ops-2', 'admins'] }, request(), false],
    ['operations: listed', { operations: ['NATIVE_TRANSFER', 'TOKEN_TRANSFER'] }, request(), true],
    ['operations: not listed', { operations: ['TOKEN_MINT'] }, request(), false],
    ['methodSelectors: same selector, other case', { methodSelectors: ['0xA9059CBB'] }, request({ operation: 'CONTRACT_CALL', methodSelector: TRANSFER_SELECTOR }), true],
    ['methodSelectors: other selector', { methodSelectors: [TRANSFER_SELECTOR] }, request({ operation: 'CONTRACT_CALL', methodSelector: APPROVE_SELECTOR }), false],
    ['methodSelectors: request without a selector', { methodSelectors: [TRANSFER_SELECTOR] }, request({ operation: 'NATIVE_TRANSFER' }), false],
    ['sourceVaults: listed', { sourceVaults: ['vault-treasury'] }, request(), true],
    ['sourceVaults: ids are case-sensitive', { sourceVaults: ['VAULT-TREASURY'] }, request(), false],
    ['sourceTiers: listed', { sourceTiers: ['warm', 'cold'] }, request({ sourceVault: { tier: 'cold' } }), true],
    ['sourceTiers: not listed', { sourceTiers: ['warm', 'cold'] }, request({ sourceVault: { tier: 'hot' } }), false],
    ['destination ANY: external', { destination: { type: 'ANY' } }, request({ destination: { kind: 'EXTERNAL' } }), true],
    ['destination WHITELISTED: whitelisted', { destination: { type: 'WHITELISTED' } }, request({ destination: { kind: 'WHITELISTED' } }), true],
    ['destination WHITELISTED: internal is not whitelisted', { destination: { type: 'WHITELISTED' } }, request({ destination: { kind: 'INTERNAL' } }), false],
    ['destination INTERNAL: internal', { destination: { type: 'INTERNAL' } }, request({ destination: { kind: 'INTERNAL' } }), true],
    ['destination INTERNAL: external', { destination: { type: 'INTERNAL' } }, request({ destination: { kind: 'EXTERNAL' } }), false],
    ['destination ONE_TIME: external', { destination: { type: 'ONE_TIME' } }, request({ destination: { kind: 'EXTERNAL' } }), true],
    ['destination ONE_TIME: whitelisted', { destination: { type: 'ONE_TIME' } }, request({ destination: { kind: 'WHITELISTED' } }), false],
    ['destination addresses: listed, other case', { destination: { type: 'ANY', addresses: [ALICE.toUpperCase().replace('0X', '0x')] } }, request(), true],
    ['destination addresses: not listed', { destination: { type: 'ANY', addresses: [BOB] } }, request(), false],
    ['destination addresses and type: both must hold', { destination: { type: 'INTERNAL', addresses: [ALICE] } }, request(), false],
    ['assets: token, other case', { assets: [USDC.toLowerCase()] }, request({ asset: USDC }), true],
    ['assets: other token', { assets: [SEC_TOKEN] }, request({ asset: USDC }), false],
    ['assets: NATIVE', { assets: ['NATIVE'] }, request({ operation: 'NATIVE_TRANSFER', asset: 'NATIVE' }), true],
    ['assets: NATIVE is not a token', { assets: ['NATIVE'] }, request(), false],
    ['no matchers: everything', {}, request({ operation: 'MESSAGE_SIGN', asset: 'NATIVE', amount: 0n }), true],
  ])('%s → matches: %s', (_name, rule, req, matches) => {
    expect(decidingRule(rule, req)).toBe(matches ? 'under-test' : 'fallback')
  })

  it.each<[string, { min?: string; max?: string }, bigint, boolean]>([
    ['at min (inclusive)', { min: '1000' }, 1000n, true],
    ['one below min', { min: '1000' }, 999n, false],
    ['at max (inclusive)', { max: '1000' }, 1000n, true],
    ['one above max', { max: '1000' }, 1001n, false],
    ['zero against max', { max: '0' }, 0n, true],
    ['inside [min, max]', { min: '10', max: '20' }, 15n, true],
    ['min = max, equal', { min: '7', max: '7' }, 7n, true],
    ['min = max, above', { min: '7', max: '7' }, 8n, false],
    ['uint256 max at a uint256 max bound', { max: String(U256_MAX) }, U256_MAX, true],
    ['beyond uint256 against a uint256 max bound', { max: String(U256_MAX) }, U256_MAX + 1n, false],
    ['2^53 + 1 against max 2^53 (no float rounding)', { max: String(2n ** 53n) }, 2n ** 53n + 1n, false],
    ['10^30 against min 10^30 - 1', { min: String(10n ** 30n - 1n) }, 10n ** 30n, true],
  ])('amount %s → matches: %s', (_name, amount, value, matches) => {
    expect(decidingRule({ amount }, request({ amount: value }))).toBe(matches ? 'under-test' : 'fallback')
  })

  it('needs every matcher of a rule to hold', () => {
    const rule: Partial<PolicyRule> = { initiators: ['operators'], operations: ['TOKEN_TRANSFER'], assets: [USDC], amount: { max: '500' } }
    expect(decidingRule(rule, request({ amount: 500n }))).toBe('under-test')
    expect(decidingRule(rule, request({ amount: 501n }))).toBe('fallback')
    expect(decidingRule(rule, request({ initiator: { groups: ['auditors'] } }))).toBe('fallback')
  })
})

describe('evaluate: actions and order', () => {
  it.each<[string, PolicyRule, Record<string, unknown>]>([
    ['ALLOW', { id: 'ok', action: 'ALLOW' }, { action: 'ALLOW', ruleId: 'ok', reason: 'rule "ok" matched: ALLOW' }],
    ['BLOCK', { id: 'no', action: 'BLOCK', description: 'No transfers today' }, { action: 'BLOCK', ruleId: 'no', reason: 'rule "no" (No transfers today) matched: BLOCK' }],
    [
      'REQUIRE_APPROVAL',
      { id: 'ask', action: 'REQUIRE_APPROVAL', approval: { group: 'treasury', quorum: 3 } },
      { action: 'REQUIRE_APPROVAL', ruleId: 'ask', approval: { group: 'treasury', quorum: 3 }, reason: 'rule "ask" matched: REQUIRE_APPROVAL by 3 of group "treasury"' },
    ],
  ])('%s', (_name, rule, expected) => {
    const d = evaluate(compilePolicy({ rules: [rule] }), request(), velocityContext())
    expect(d).toEqual({ requireTokenChecks: false, offlineSigning: false, ...expected })
  })

  it('reports that the matched rule demands token compliance checks', () => {
    const compiled = compilePolicy(policy({ id: 'checked', operations: ['TOKEN_TRANSFER'], compliance: { requireTokenChecks: true } }, { id: 'unchecked' }))
    expect(evaluate(compiled, request(), velocityContext()).requireTokenChecks).toBe(true)
    expect(evaluate(compiled, request({ operation: 'NATIVE_TRANSFER', asset: 'NATIVE' }), velocityContext()).requireTokenChecks).toBe(false)
  })

  it('lets the first matching rule win, whatever follows', () => {
    const block = { id: 'block-big', amount: { min: '1000' }, action: 'BLOCK' } as const
    const allow = { id: 'allow-all', action: 'ALLOW' } as const
    const big = request({ amount: 5000n })
    expect(evaluate(compilePolicy({ rules: [block, allow] }), big, velocityContext())).toMatchObject({ action: 'BLOCK', ruleId: 'block-big' })
    expect(evaluate(compilePolicy({ rules: [allow, block] }), big, velocityContext())).toMatchObject({ action: 'ALLOW', ruleId: 'allow-all' })
  })

  it.each([
    ['an empty policy', policy()],
    ['a policy where nothing matches', policy({ id: 'mint-only', operations: ['TOKEN_MINT'] }, { id: 'cold-only', sourceTiers: ['cold'] })],
  ])('denies by default with %s', (_name, doc) => {
    expect(evaluate(compilePolicy(doc), request(), velocityContext())).toEqual({
      action: 'BLOCK',
      ruleId: null,
      reason: 'no rule matched (default deny)',
      requireTokenChecks: false,
      offlineSigning: false,
    })
  })

  it('refuses a negative amount instead of guessing', () => {
    expect(() => evaluate(compilePolicy(policy({ id: 'all' })), request({ amount: -1n }), velocityContext())).toThrow(
      expect.objectContaining({ code: 'POLICY_REQUEST_INVALID', status: 400 }),
    )
  })
})

describe('evaluate: tier overrides', () => {
  const approve = { id: 'ask', action: 'REQUIRE_APPROVAL', approval: { group: 'treasury', quorum: 2 } } as const
  it.each<[string, PolicyRule[], 'hot' | 'warm' | 'cold', Record<string, unknown>]>([
    ['hot ALLOW stays ALLOW', [{ id: 'ok', action: 'ALLOW' }], 'hot', { action: 'ALLOW', offlineSigning: false }],
    [
      'warm ALLOW needs the default approval',
      [{ id: 'ok', action: 'ALLOW' }],
      'warm',
      { action: 'REQUIRE_APPROVAL', approval: DEFAULT_WARM_APPROVAL, tierOverride: 'WARM_REQUIRES_APPROVAL', ruleId: 'ok' },
    ],
    ['warm REQUIRE_APPROVAL keeps the rule approval', [approve], 'warm', { action: 'REQUIRE_APPROVAL', approval: { group: 'treasury', quorum: 2 }, tierOverride: undefined }],
    ['warm BLOCK stays BLOCK', [{ id: 'no', action: 'BLOCK' }], 'warm', { action: 'BLOCK', approval: undefined }],
    ['cold ALLOW is signed offline', [{ id: 'ok', action: 'ALLOW' }], 'cold', { action: 'ALLOW', offlineSigning: true }],
    ['cold REQUIRE_APPROVAL is signed offline once approved', [approve], 'cold', { action: 'REQUIRE_APPROVAL', offlineSigning: true }],
    ['cold BLOCK is not signed at all', [{ id: 'no', action: 'BLOCK' }], 'cold', { action: 'BLOCK', offlineSigning: false }],
    ['cold default deny is not signed at all', [], 'cold', { action: 'BLOCK', ruleId: null, offlineSigning: false }],
  ])('%s', (_name, rules, tier, expected) => {
    const d = evaluate(compilePolicy({ rules }), request({ sourceVault: { tier } }), velocityContext())
    const present = Object.entries(expected).filter(([, v]) => v !== undefined)
    expect(d).toMatchObject(Object.fromEntries(present))
    for (const [k, v] of Object.entries(expected)) if (v === undefined) expect(d).not.toHaveProperty(k)
  })

  it('takes the warm approval from the options and says why in the reason', () => {
    const compiled = compilePolicy(policy({ id: 'ok' }), { warmApproval: { group: 'warm-signers', quorum: 3 } })
    const d = evaluate(compiled, request({ sourceVault: { id: 'vault-warm', tier: 'warm' } }), velocityContext())
    expect(d.approval).toEqual({ group: 'warm-signers', quorum: 3 })
    expect(d.reason).toBe('rule "ok" matched: ALLOW; source vault vault-warm is warm, so REQUIRE_APPROVAL by 3 of group "warm-signers"')
  })

  it('refuses a warm approval without a quorum', () => {
    expect(() => compilePolicy(policy({ id: 'ok' }), { warmApproval: { group: 'g', quorum: 0 } })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }))
  })
})

describe('evaluate: velocity', () => {
  const HOUR = 3600
  const limit = (scope: 'SOURCE' | 'INITIATOR', extra: Partial<PolicyRule> = {}) =>
    compilePolicy(
      policy(
        { id: 'over-limit', velocity: { windowSeconds: HOUR, max: '1000', scope }, action: 'REQUIRE_APPROVAL', approval: { group: 'treasury', quorum: 1 }, ...extra },
        { id: 'within-limit' },
      ),
    )

  it.each<[string, bigint, bigint, string]>([
    ['nothing spent, amount under max', 0n, 999n, 'within-limit'],
    ['nothing spent, amount exactly max', 0n, 1000n, 'within-limit'],
    ['nothing spent, amount over max', 0n, 1001n, 'over-limit'],
    ['spent + amount exactly max', 600n, 400n, 'within-limit'],
    ['spent + amount one over max', 600n, 401n, 'over-limit'],
    ['already over, zero amount', 1001n, 0n, 'over-limit'],
  ])('%s', (_name, spent, amount, ruleId) => {
    const ctx = velocityContext()
    if (spent > 0n) ctx.velocity.record({ at: ctx.clock.now(), sourceVaultId: 'vault-treasury', initiator: 'key-ops-1', asset: USDC, amount: spent })
    expect(evaluate(limit('SOURCE'), request({ amount }), ctx).ruleId).toBe(ruleId)
  })

  it('explains the figures when the velocity rule decides', () => {
    const ctx = velocityContext()
    ctx.velocity.record({ at: ctx.clock.now(), sourceVaultId: 'vault-treasury', initiator: 'key-ops-1', asset: USDC, amount: 900n })
    const d = evaluate(limit('SOURCE'), request({ amount: 200n }), ctx)
    expect(d.velocity).toEqual({ scope: 'SOURCE', windowSeconds: HOUR, max: 1000n, spent: 900n })
    expect(d.reason).toBe(
      'rule "over-limit" matched: REQUIRE_APPROVAL by 1 of group "treasury"; velocity: 900 already spent by source vault vault-treasury in the last 3600 s plus 200 exceeds 1000',
    )
  })

  it('lets earlier spend fall out of the window as the clock moves: a record exactly windowSeconds old no longer counts', () => {
    const ctx = velocityContext()
    const compiled = limit('SOURCE')
    ctx.velocity.record({ at: ctx.clock.now(), sourceVaultId: 'vault-treasury', initiator: 'key-ops-1', asset: USDC, amount: 800n })
    const next = request({ amount: 300n })
    expect(evaluate(compiled, next, ctx).ruleId).toBe('over-limit')
    ctx.clock.advance(HOUR * 1000 - 1)
    expect(evaluate(compiled, next, ctx).ruleId).toBe('over-limit')
    ctx.clock.advance(1)
    expect(evaluate(compiled, next, ctx).ruleId).toBe('within-limit')
  })

  it.each<[string, 'SOURCE' | 'INITIATOR', PolicyRequest, string]>([
    ['SOURCE: same vault, other initiator → counted', 'SOURCE', request({ initiator: { keyId: 'key-ops-2' } }), 'over-limit'],
    ['SOURCE: other vault, same initiator → not counted', 'SOURCE', request({ sourceVault: { id: 'vault-ops' } }), 'within-limit'],
    ['INITIATOR: same initiator, other vault → counted', 'INITIATOR', request({ sourceVault: { id: 'vault-ops' } }), 'over-limit'],
    ['INITIATOR: other initiator, same vault → not counted', 'INITIATOR', request({ initiator: { keyId: 'key-ops-2' } }), 'within-limit'],
    ['either scope: other asset → not counted', 'SOURCE', request({ asset: SEC_TOKEN }), 'within-limit'],
  ])('scope %s', (_name, scope, req, ruleId) => {
    const ctx = velocityContext()
    ctx.velocity.record({ at: ctx.clock.now(), sourceVaultId: 'vault-treasury', initiator: 'key-ops-1', asset: USDC, amount: 950n })
    expect(evaluate(limit(scope), { ...req, amount: 100n }, ctx).ruleId).toBe(ruleId)
  })

  it('pools the listed assets into one total, and ignores requests in other assets', () => {
    const USDT = '0xdAC17F958D2ee523a2206206994597C13D831ec7'
    const compiled = limit('SOURCE', { velocity: { windowSeconds: HOUR, max: '1000', scope: 'SOURCE', assets: [USDC, USDT] } })
    const ctx = velocityContext()
    ctx.velocity.record({ at: ctx.clock.now(), sourceVaultId: 'vault-treasury', initiator: 'k', asset: USDC, amount: 500n })
    ctx.velocity.record({ at: ctx.clock.now(), sourceVaultId: 'vault-treasury', initiator: 'k', asset: USDT.toLowerCase(), amount: 400n })
    expect(evaluate(compiled, request({ asset: USDT, amount: 101n }), ctx).ruleId).toBe('over-limit')
    expect(evaluate(compiled, request({ asset: USDC, amount: 100n }), ctx).ruleId).toBe('within-limit')
    expect(evaluate(compiled, request({ asset: SEC_TOKEN, amount: 10_000n }), ctx).ruleId).toBe('within-limit')
  })

  it('refuses to evaluate a window longer than the ledger keeps, rather than under-count', () => {
    const ctx = velocityContext(Date.UTC(2026, 0, 1), 60)
    expect(() => evaluate(limit('SOURCE'), request(), ctx)).toThrow(expect.objectContaining({ code: 'VELOCITY_RETENTION_TOO_SHORT' }))
    expect(limit('SOURCE').maxVelocityWindowSeconds).toBe(HOUR)
  })
})

describe('evaluate: the index decides exactly as a linear scan', () => {
  it('agrees on 3,000 random requests against a random 120-rule policy', () => {
    let seed = 42
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
    const some = <T>(xs: readonly T[]): T[] | undefined => (rand() < 0.35 ? undefined : [...new Set([pick(xs), pick(xs)])])
    const keys = ['k1', 'k2', 'k3', 'ops', 'treasury'] as const
    const vaults = ['v1', 'v2', 'v3'] as const
    const ops = ['NATIVE_TRANSFER', 'TOKEN_TRANSFER', 'TOKEN_MINT', 'CONTRACT_CALL', 'MESSAGE_SIGN'] as const
    const tiers = ['hot', 'warm', 'cold'] as const
    const assets = ['NATIVE', USDC, SEC_TOKEN] as const
    const selectors = [TRANSFER_SELECTOR, APPROVE_SELECTOR] as const
    // Bounds and amounts on a coarse grid, so that requests often sit exactly on a bound.
    const gridAmount = () => 50 * Math.floor(rand() * 24)
    const randomBounds = () => {
      const [a, b] = [gridAmount(), gridAmount()].sort((x, y) => x - y)
      const shape = Math.floor(rand() * 3)
      return shape === 0 ? { min: String(a) } : shape === 1 ? { max: String(b) } : { min: String(a), max: String(b) }
    }
    const rules: PolicyRule[] = Array.from({ length: 120 }, (_, i) => {
      const r: PolicyRule = { id: `r${i}`, action: pick(['ALLOW', 'BLOCK'] as const) }
      const m = {
        initiators: some(keys),
        // Always set, and never MESSAGE_SIGN, so that message signing reaches the default deny.
        operations: [...new Set([pick(ops.slice(0, 4)), pick(ops.slice(0, 4))])],
        sourceVaults: some(vaults),
        sourceTiers: some(tiers),
        assets: some(assets),
        methodSelectors: rand() < 0.1 ? [pick(selectors)] : undefined,
        destination: rand() < 0.3 ? { type: pick(['ANY', 'WHITELISTED', 'INTERNAL', 'ONE_TIME'] as const), ...(rand() < 0.3 ? { addresses: [pick([ALICE, BOB])] } : {}) } : undefined,
        amount: rand() < 0.4 ? randomBounds() : undefined,
        velocity: rand() < 0.15 ? { windowSeconds: 60, max: String(Math.floor(rand() * 2000)), scope: pick(['SOURCE', 'INITIATOR'] as const) } : undefined,
      }
      for (const [k, v] of Object.entries(m)) if (v !== undefined) (r as Record<string, unknown>)[k] = v
      return r
    })
    const indexed = compilePolicy({ rules })
    const linear = compilePolicy({ rules }, { strategy: 'linear' })
    const ctx = velocityContext()
    const decidedBy = new Set<string | null>()
    let velocityMatches = 0
    for (let i = 0; i < 3000; i++) {
      const req = request({
        initiator: { keyId: pick(keys), groups: rand() < 0.5 ? [pick(keys)] : [] },
        operation: pick(ops),
        sourceVault: { id: pick(vaults), tier: pick(tiers) },
        destination: { address: pick([ALICE, BOB]), kind: pick(['WHITELISTED', 'INTERNAL', 'EXTERNAL'] as const) },
        asset: pick(assets),
        amount: BigInt(Math.max(0, gridAmount() + Math.floor(rand() * 3) - 1)),
        ...(rand() < 0.5 ? { methodSelector: pick(selectors) } : {}),
      })
      const expected = evaluate(linear, req, ctx)
      expect(evaluate(indexed, req, ctx)).toEqual(expected)
      decidedBy.add(expected.ruleId)
      if (expected.velocity) velocityMatches++
      if (expected.action !== 'BLOCK') {
        ctx.velocity.record({ at: ctx.clock.now(), sourceVaultId: req.sourceVault.id, initiator: req.initiator.keyId, asset: req.asset, amount: req.amount })
      }
      ctx.clock.advance(1000)
    }
    // The comparison only means something if the requests reach many rules, velocity
    // rules and the default deny.
    expect(decidedBy.size).toBeGreaterThan(25)
    expect(decidedBy.has(null)).toBe(true)
    expect(velocityMatches).toBeGreaterThan(10)
  })
})

describe('evaluate: the README example policy', () => {
  const compiled = compilePolicy(parsePolicy(readFileSync(new URL('./example-policy.yaml', import.meta.url), 'utf8'), 'yaml'))
  const platform = { keyId: 'key-platform', groups: ['platform'] }
  const USDC_UNIT = 1_000_000n
  const ETH = 10n ** 18n

  it.each<[string, PolicyRequest, { sourceSpent?: bigint; initiatorSpent?: bigint }, Record<string, unknown>]>([
    ['a platform transfer to a whitelisted investor', request({ initiator: platform, amount: 1_000n * USDC_UNIT }), {}, { action: 'ALLOW', ruleId: 'platform-investor-transfers', requireTokenChecks: true }],
    ['a hot transfer to an unknown address', request({ initiator: platform, destination: { kind: 'EXTERNAL' } }), {}, { action: 'BLOCK', ruleId: 'hot-never-pays-unknown-addresses' }],
    ['an allowance, whoever asks', request({ operation: 'CONTRACT_CALL', asset: 'NATIVE', amount: 0n, methodSelector: APPROVE_SELECTOR }), {}, { action: 'BLOCK', ruleId: 'no-allowances' }],
    [
      'the platform key past 50,000 USDC in the hour',
      request({ initiator: platform, sourceVault: { id: 'vault-investor-9' }, amount: 2n * USDC_UNIT }),
      { initiatorSpent: 49_999n * USDC_UNIT },
      { action: 'REQUIRE_APPROVAL', ruleId: 'platform-hourly-limit', approval: { group: 'treasury-approvers', quorum: 1 }, velocity: { scope: 'INITIATOR', windowSeconds: 3600, max: 50_000n * USDC_UNIT, spent: 49_999n * USDC_UNIT } },
    ],
    [
      'the treasury past 1,000,000 USDC in the day',
      request({ amount: 2n * USDC_UNIT }),
      { sourceSpent: 999_999n * USDC_UNIT },
      { action: 'REQUIRE_APPROVAL', ruleId: 'treasury-daily-limit', approval: { group: 'treasury-approvers', quorum: 2 } },
    ],
    [
      'a mint by the issuer agent',
      request({ initiator: { keyId: 'key-agent', groups: ['issuer-agents'] }, operation: 'TOKEN_MINT', sourceVault: { id: 'vault-issuer-agent' }, asset: SEC_TOKEN, amount: 500n }),
      {},
      { action: 'ALLOW', ruleId: 'issuer-agent-mints', requireTokenChecks: true },
    ],
    [
      'a 0.01 ETH gas top-up',
      request({ initiator: { keyId: 'key-gas-station', groups: [] }, operation: 'NATIVE_TRANSFER', sourceVault: { id: 'vault-gas-station' }, destination: { kind: 'INTERNAL' }, asset: 'NATIVE', amount: ETH / 100n }),
      {},
      { action: 'ALLOW', ruleId: 'gas-top-ups' },
    ],
    [
      'a 0.06 ETH gas top-up (over its cap, nothing else matches)',
      request({ initiator: { keyId: 'key-gas-station', groups: [] }, operation: 'NATIVE_TRANSFER', sourceVault: { id: 'vault-gas-station' }, destination: { kind: 'INTERNAL' }, asset: 'NATIVE', amount: (6n * ETH) / 100n }),
      {},
      { action: 'BLOCK', ruleId: null },
    ],
    ['an operator signing a message', request({ operation: 'MESSAGE_SIGN', asset: 'NATIVE', amount: 0n }), {}, { action: 'REQUIRE_APPROVAL', ruleId: 'operators-need-approval', approval: { group: 'custody-admins', quorum: 2 } }],
    ['a platform transfer from a warm vault', request({ initiator: platform, sourceVault: { tier: 'warm' } }), {}, { action: 'REQUIRE_APPROVAL', ruleId: 'platform-investor-transfers', tierOverride: 'WARM_REQUIRES_APPROVAL' }],
    ['an unknown initiator', request({ initiator: { keyId: 'key-x', groups: ['auditors'] } }), {}, { action: 'BLOCK', ruleId: null, reason: 'no rule matched (default deny)' }],
  ])('%s', (_name, req, spent, expected) => {
    const ctx = velocityContext()
    const at = new Date(ctx.clock.now().getTime() - 60_000)
    if (spent.sourceSpent) ctx.velocity.record({ at, sourceVaultId: req.sourceVault.id, initiator: 'someone-else', asset: req.asset, amount: spent.sourceSpent })
    if (spent.initiatorSpent) ctx.velocity.record({ at, sourceVaultId: 'elsewhere', initiator: req.initiator.keyId, asset: req.asset, amount: spent.initiatorSpent })
    expect(evaluate(compiled, req, ctx)).toMatchObject(expected)
  })
})
