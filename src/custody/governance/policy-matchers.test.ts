import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, erc20Abi, parseAbi, type Address } from 'viem'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../test/custody.ts'
import type { PolicyRule } from '../policy/index.ts'
import { activatePolicy, extraAdmins, OffsetClock, submitAndDecide, whitelistAddress, type Tx } from './test-kit.ts'
import type { SignedFetch } from '../../shared/auth/sign-request.ts'

type Vault = { id: string; address: Address }

const EXTERNAL = '0x00000000000000000000000000000000000E0001' as Address
const WHITELISTED = '0x00000000000000000000000000000000000a11ce' as Address
const mintAbi = parseAbi(['function mint(address to, uint256 amount)'])
const APPROVE_SELECTOR = '0x095ea7b3'
const TRANSFER_SELECTOR = '0xa9059cbb'

/**
 * Every matcher and action of the policy, exercised through the HTTP API: each case
 * activates (through the admin quorum) a policy whose first rule is the one under test
 * (BLOCK) followed by a fallback that holds everything for approval, submits a
 * transaction, and reads which rule decided.
 */
describe('policy matchers and actions through the HTTP API', () => {
  let chain: TestChain
  let custody: TestCustody
  let admins: SignedFetch[]
  let ops: Vault, treasury: Vault, warm: Vault
  let n = 0
  const clock = new OffsetClock()

  type Call = 'native' | 'token' | 'mint' | 'approve'
  interface Req {
    call?: Call
    to?: Address | 'treasury'
    amount?: bigint
    from?: 'ops' | 'treasury' | 'warm'
  }
  const body = (r: Req) => {
    const to = r.to === 'treasury' ? treasury.address : (r.to ?? EXTERNAL)
    const amount = r.amount ?? 100n
    const coin = chain.deployments.stablecoin
    const source = { ops, treasury, warm }[r.from ?? 'ops'].id
    const base = { externalTxId: `m-${++n}`, sourceVaultId: source }
    switch (r.call ?? 'native') {
      case 'native':
        return { ...base, to, value: amount.toString() }
      case 'token':
        return { ...base, to: coin, data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] }) }
      case 'mint':
        return { ...base, to: coin, data: encodeFunctionData({ abi: mintAbi, functionName: 'mint', args: [to, amount] }) }
      case 'approve':
        return { ...base, to: coin, data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [to, amount] }) }
    }
  }

  /** Activates [rule under test (BLOCK), fallback (REQUIRE_APPROVAL)], submits, and says which rule decided. */
  async function decidingRule(rule: Partial<PolicyRule>, r: Req): Promise<string | null> {
    await activatePolicy(custody, admins, {
      version: `case-${n}`,
      rules: [
        { ...rule, id: 'under-test', action: 'BLOCK' },
        { id: 'fallback', action: 'REQUIRE_APPROVAL', approval: { group: 'approvers', quorum: 1 } },
      ],
    })
    const t = await submitAndDecide(custody.as.platform, body(r))
    if (t.status === 'PENDING_AUTHORIZATION') await custody.as.platform.post(`/v1/transactions/${t.id}/cancel`, {})
    else expect(t).toMatchObject({ status: 'BLOCKED', subStatus: 'BLOCKED_BY_POLICY' })
    return t.policy!.ruleId
  }

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { clock })
    admins = await extraAdmins(custody)
    ops = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'ops', tier: 'hot' })).body
    treasury = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'treasury', tier: 'hot' })).body
    warm = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'warm', tier: 'warm' })).body
    for (const v of [ops, treasury, warm]) await chain.testClient.setBalance({ address: v.address, value: 10n ** 20n })
    await whitelistAddress(custody, admins, WHITELISTED, 'a known counterparty')
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
  })

  it.each<[string, boolean, () => Partial<PolicyRule>, Req]>([
    ['initiators: the API key id', true, () => ({ initiators: [custody.keys.platform!.keyId] }), {}],
    ['initiators: a group of the key', true, () => ({ initiators: ['nobody', 'platform'] }), {}],
    ['initiators: neither key nor group', false, () => ({ initiators: ['approvers', 'admin'] }), {}],
    ['operations: NATIVE_TRANSFER', true, () => ({ operations: ['NATIVE_TRANSFER'] }), { call: 'native' }],
    ['operations: TOKEN_TRANSFER is not a native transfer', false, () => ({ operations: ['TOKEN_TRANSFER'] }), { call: 'native' }],
    ['operations: TOKEN_TRANSFER decoded from the calldata', true, () => ({ operations: ['TOKEN_TRANSFER'] }), { call: 'token' }],
    ['operations: TOKEN_MINT decoded from the calldata', true, () => ({ operations: ['TOKEN_MINT'] }), { call: 'mint' }],
    ['operations: an unknown method is a CONTRACT_CALL', true, () => ({ operations: ['CONTRACT_CALL'] }), { call: 'approve' }],
    ['methodSelectors: listed', true, () => ({ methodSelectors: [APPROVE_SELECTOR] }), { call: 'approve' }],
    ['methodSelectors: another selector', false, () => ({ methodSelectors: [TRANSFER_SELECTOR] }), { call: 'approve' }],
    ['sourceVaults: listed', true, () => ({ sourceVaults: [ops.id] }), {}],
    ['sourceVaults: another vault', false, () => ({ sourceVaults: [treasury.id] }), {}],
    ['sourceTiers: hot', true, () => ({ sourceTiers: ['hot'] }), {}],
    ['sourceTiers: not hot', false, () => ({ sourceTiers: ['warm', 'cold'] }), {}],
    ['destination INTERNAL: one of our vaults', true, () => ({ destination: { type: 'INTERNAL' } }), { to: 'treasury' }],
    ['destination INTERNAL: an outside address', false, () => ({ destination: { type: 'INTERNAL' } }), { to: EXTERNAL }],
    ['destination WHITELISTED: on the whitelist', true, () => ({ destination: { type: 'WHITELISTED' } }), { to: WHITELISTED }],
    ['destination WHITELISTED: token recipient on the whitelist', true, () => ({ destination: { type: 'WHITELISTED' } }), { call: 'token', to: WHITELISTED }],
    ['destination WHITELISTED: not listed', false, () => ({ destination: { type: 'WHITELISTED' } }), { to: EXTERNAL }],
    ['destination ONE_TIME: neither listed nor ours', true, () => ({ destination: { type: 'ONE_TIME' } }), { to: EXTERNAL }],
    ['destination ONE_TIME: whitelisted is not one-time', false, () => ({ destination: { type: 'ONE_TIME' } }), { to: WHITELISTED }],
    ['destination ONE_TIME: internal is not one-time', false, () => ({ destination: { type: 'ONE_TIME' } }), { to: 'treasury' }],
    ['destination ANY with addresses: listed', true, () => ({ destination: { type: 'ANY', addresses: [EXTERNAL.toLowerCase()] } }), { to: EXTERNAL }],
    ['destination ANY with addresses: not listed', false, () => ({ destination: { type: 'ANY', addresses: [WHITELISTED] } }), { to: EXTERNAL }],
    ['assets: the token transferred', true, () => ({ assets: [chain.deployments.stablecoin] }), { call: 'token' }],
    ['assets: NATIVE is not the token', false, () => ({ assets: ['NATIVE'] }), { call: 'token' }],
    ['assets: NATIVE for a native transfer', true, () => ({ assets: ['NATIVE'] }), { call: 'native' }],
    ['amount: min is inclusive', true, () => ({ amount: { min: '100' } }), { amount: 100n }],
    ['amount: max is inclusive', true, () => ({ amount: { max: '100' } }), { amount: 100n }],
    ['amount: above max', false, () => ({ amount: { max: '99' } }), { amount: 100n }],
    ['amount: the token amount, not the native value', true, () => ({ amount: { min: '5000' } }), { call: 'token', amount: 5000n }],
  ])('%s → matches: %s', async (_name, matches, rule, req) => {
    expect(await decidingRule(rule(), req)).toBe(matches ? 'under-test' : 'fallback')
  })

  it('ALLOW sends the transaction on to be signed and mined', async () => {
    await activatePolicy(custody, admins, { rules: [{ id: 'pay-ops', sourceVaults: [ops.id], action: 'ALLOW' }] })
    const t = await submitAndDecide(custody.as.platform, body({ to: EXTERNAL, amount: 7n }))
    expect(t.policy).toMatchObject({ action: 'ALLOW', ruleId: 'pay-ops' })
    const done = await waitForTransaction<Tx>(custody.as.platform, t.id)
    expect(done.status).toBe('COMPLETED')
  })

  it('BLOCK ends the transaction BLOCKED with the rule in its reason, and nothing is signed', async () => {
    await activatePolicy(custody, admins, { rules: [{ id: 'no-outside', description: 'nothing leaves for unknown addresses', destination: { type: 'ONE_TIME' }, action: 'BLOCK' }] })
    const t = await submitAndDecide(custody.as.platform, body({ to: EXTERNAL }))
    expect(t).toMatchObject({ status: 'BLOCKED', subStatus: 'BLOCKED_BY_POLICY', nonce: null, txHash: null })
    expect(t.statusReason).toContain('no-outside')
  })

  it('REQUIRE_APPROVAL holds the transaction for the named group and quorum', async () => {
    await activatePolicy(custody, admins, { rules: [{ id: 'two-treasurers', action: 'REQUIRE_APPROVAL', approval: { group: 'treasurers', quorum: 2 } }] })
    const t = await submitAndDecide(custody.as.platform, body({}))
    expect(t.status).toBe('PENDING_AUTHORIZATION')
    const state = await custody.as.platform.get<{ status: string; group: string; quorum: number; approvals: number; ruleId: string }>(`/v1/transactions/${t.id}/approvals`)
    expect(state.body).toMatchObject({ status: 'PENDING', group: 'treasurers', quorum: 2, approvals: 0, ruleId: 'two-treasurers' })
  })

  it('first match wins: the same two rules in the other order decide the other way', async () => {
    const hold = { id: 'hold', sourceVaults: [ops.id], action: 'REQUIRE_APPROVAL' as const, approval: { group: 'approvers', quorum: 1 } }
    const block = { id: 'block', sourceVaults: [ops.id], action: 'BLOCK' as const }
    await activatePolicy(custody, admins, { rules: [hold, block] })
    expect((await submitAndDecide(custody.as.platform, body({}))).policy!.ruleId).toBe('hold')
    await activatePolicy(custody, admins, { rules: [block, hold] })
    expect((await submitAndDecide(custody.as.platform, body({}))).policy!.ruleId).toBe('block')
  })

  it('default deny: a transaction no rule matches is BLOCKED', async () => {
    await activatePolicy(custody, admins, { rules: [{ id: 'only-treasury', sourceVaults: [treasury.id], action: 'ALLOW' }] })
    const t = await submitAndDecide(custody.as.platform, body({ from: 'ops' }))
    expect(t).toMatchObject({ status: 'BLOCKED', subStatus: 'BLOCKED_BY_POLICY' })
    expect(t.policy!.ruleId).toBeNull()
    expect(t.statusReason).toContain('default deny')
    const empty = await activatePolicy(custody, admins, { rules: [] })
    expect(empty).toBeGreaterThan(0)
    expect((await submitAndDecide(custody.as.platform, body({ from: 'treasury' }))).status).toBe('BLOCKED')
  })

  it('a warm vault needs approval even when the matching rule says ALLOW', async () => {
    await activatePolicy(custody, admins, { rules: [{ id: 'allow-all', action: 'ALLOW' }] })
    const t = await submitAndDecide(custody.as.platform, body({ from: 'warm' }))
    expect(t.status).toBe('PENDING_AUTHORIZATION')
    expect(t.policy).toMatchObject({ action: 'REQUIRE_APPROVAL', ruleId: 'allow-all', tierOverride: 'WARM_REQUIRES_APPROVAL', approval: { group: 'approvers', quorum: 1 } })
  })
})
