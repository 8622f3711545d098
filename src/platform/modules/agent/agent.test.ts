import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getAddress, type Address } from 'viem'
import { custosLockupModuleAbi, identityRegistryAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { startTestPlatform, type TestPlatform } from '../../../test/platform.ts'
import { deployToken, onboardInvestor, pollUntil, settleOperation, type InvestorView, type OperationView, type TokenView } from '../../../test/platform/tokens.ts'
import { DAY } from '../../../test/platform/offerings.ts'
import { startTestReceiver, type TestReceiver } from '../../../shared/webhooks/test-receiver.ts'
import { notifyReleasedLots } from './public.ts'

type Holder = { address: string; balance: string; frozenTokens: string; addressFrozen: boolean; lockedTokens?: string }
type Action = OperationView & { kind: string; address: string; toAddress: string | null; amount: string | null; reason: string; before: { holder: Holder; receiver?: Holder }; after: { holder: Holder; receiver?: Holder } | null }
type Recovery = { id: string; status: string; statusReason: string | null; oldWallet: Address; newWallet: Address | null; newVaultId: string | null; actions: Action[]; workflow: { step: string; lastError: string | null } | null }
type Problem = { code: string; detail?: string }
type Event = { type: string; data: Record<string, unknown> }

/**
 * The agent's powers through the platform API, on anvil through custody: a
 * token whose every mint is locked up for 30 days; Alice holds 100, Bob 50.
 * Freeze and unfreeze Bob's address, freeze part of Alice's balance, a forced
 * transfer and a burn (the issuer-agent vault is warm: a custody approver
 * signs off each), refusals that change nothing, then Alice's lost wallet
 * recovered (balance, frozen part and locked lots on the new wallet, the old
 * one frozen and unregistered), and each lot's release announced once when
 * the business clock passes it.
 */
describe('agent powers, wallet recovery and lock-up release', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let receiver: TestReceiver
  let token: TokenView
  let alice: InvestorView, bob: InvestorView

  const read = <T>(functionName: 'balanceOf' | 'getFrozenTokens' | 'isFrozen', who: Address) =>
    chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName, args: [who] }) as Promise<T>
  const balance = (who: Address) => read<bigint>('balanceOf', who)
  const lotsOf = (who: Address) => chain.publicClient.readContract({ address: chain.deployments.modules.lockup, abi: custosLockupModuleAbi, functionName: 'lotsOf', args: [token.addresses.compliance!, who] })
  const act = (path: string, body: Record<string, unknown>) => platform.as['compliance-officer'].post<Action & Problem>(`/v1/tokens/${token.id}/${path}`, body)
  const settle = async (path: string, res: { status: number; body: Action & Problem }) => {
    expect(res.status, JSON.stringify(res.body)).toBe(202)
    const done = await settleOperation(platform, custody, `/v1/tokens/${token.id}/${path}/${res.body.id}`, res.body)
    expect(done.status, JSON.stringify(done)).toBe('COMPLETED')
    return (await platform.as.auditor.get<Action>(`/v1/tokens/${token.id}/${path}/${res.body.id}`)).body
  }
  const events = () => receiver.received.map((r) => r.body as unknown as Event)

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    platform = await startTestPlatform(chain, custody, { custodyWebhooks: true, env: { PLATFORM_KYC_AUTO_APPROVE: 'true', PLATFORM_INDEXER_POLL_MS: '100', PLATFORM_INDEXER_CONFIRMATIONS: '0', PLATFORM_RECONCILE_INTERVAL_MS: '0' } })
    receiver = await startTestReceiver(platform.clock)
    const sub = await platform.as['issuer-admin'].post<{ secret: string }>('/v1/webhooks', { url: receiver.url, events: ['agent_action.*', 'wallet_recovery.*', 'lockup.released'] })
    expect(sub.status).toBe(201)
    receiver.secrets.push(sub.body.secret)
    ;[alice, bob, token] = await Promise.all([
      onboardInvestor(platform, 'Alice Example', 'DE'),
      onboardInvestor(platform, 'Bob Beispiel', 'DE'),
      deployToken(platform, custody, { name: 'Agent Fund', symbol: 'AGNT', decimals: 0, compliance: { lockupDays: 30 } }),
    ])
    for (const [investor, quantity] of [[alice, '100'], [bob, '50']] as const) {
      const res = await platform.as['issuer-admin'].post<OperationView>('/v1/assets/mint', { tokenId: token.id, investorId: investor.id, quantity, agreementRef: 'sa-1', idempotencyKey: `agent-mint-${investor.id}` })
      expect(res.status).toBe(202)
      expect((await settleOperation(platform, custody, `/v1/assets/issuances/${res.body.id}`, res.body)).status).toBe('COMPLETED')
    }
  }, 600_000)
  afterAll(async () => {
    await receiver?.close()
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('freezes and unfreezes an address, idempotently, with its reason and the state before and after', async () => {
    const body = { investorId: bob.id, reason: 'court order 2026/17', idempotencyKey: 'freeze-bob-17' }
    expect((await platform.as.operator.post(`/v1/tokens/${token.id}/freezes`, body)).status).toBe(403)
    const first = await act('freezes', body)
    const frozen = await settle('freezes', first)
    expect(await read<boolean>('isFrozen', bob.walletAddress!)).toBe(true)
    expect(frozen).toMatchObject({ kind: 'FREEZE', reason: 'court order 2026/17', address: getAddress(bob.walletAddress!) })
    expect([frozen.before.holder.addressFrozen, frozen.after!.holder.addressFrozen]).toEqual([false, true])
    expect(frozen.txHash).toMatch(/^0x[0-9a-f]{64}$/)
    const again = await act('freezes', body)
    expect([again.status, again.body.id]).toEqual([200, first.body.id])
    const other = await act('freezes', { ...body, reason: 'another order' })
    expect([other.status, other.body.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED'])
    await settle('unfreezes', await act('unfreezes', { address: bob.walletAddress, reason: 'court order 2026/17 lifted', idempotencyKey: 'unfreeze-bob-17' }))
    expect(await read<boolean>('isFrozen', bob.walletAddress!)).toBe(false)
  })

  it('freezes part of a balance and refuses to unfreeze more than is frozen', async () => {
    await settle('partial-freezes', await act('partial-freezes', { investorId: alice.id, amount: '30', reason: 'disputed allotment', idempotencyKey: 'pfreeze-alice' }))
    expect(await read<bigint>('getFrozenTokens', alice.walletAddress!)).toBe(30n)
    const tooMuch = await act('partial-unfreezes', { investorId: alice.id, amount: '40', reason: 'release', idempotencyKey: 'punfreeze-alice' })
    expect([tooMuch.status, tooMuch.body.code]).toEqual([422, 'AGENT_UNFREEZE_EXCEEDS_FROZEN'])
    const both = await act('freezes', { investorId: alice.id, address: alice.walletAddress, reason: 'x', idempotencyKey: 'both' })
    expect([both.status, both.body.code]).toEqual([422, 'AGENT_TARGET_INVALID'])
  })

  it('forces a transfer to a verified identity only, and burns no more than the balance', async () => {
    const stranger = '0x00000000000000000000000000000000000000a1'
    const refused = await act('forced-transfers', { from: alice.id, to: stranger, amount: '10', reason: 'court order 2026/18', idempotencyKey: 'ft-stranger' })
    expect([refused.status, refused.body.code]).toEqual([422, 'AGENT_RECEIVER_NOT_VERIFIED'])
    const moved = await settle('forced-transfers', await act('forced-transfers', { from: alice.id, to: bob.id, amount: '10', reason: 'court order 2026/18', idempotencyKey: 'ft-alice-bob' }))
    expect([await balance(alice.walletAddress!), await balance(bob.walletAddress!)]).toEqual([90n, 60n])
    expect(moved.after).toMatchObject({ holder: { balance: '90', frozenTokens: '30' }, receiver: { balance: '60' } })

    const before = (await platform.as.auditor.get<{ items: Action[] }>(`/v1/tokens/${token.id}/agent-actions`)).body.items.length
    const over = await act('burns', { investorId: bob.id, amount: '1000', reason: 'cancelled shares', idempotencyKey: 'burn-bob-too-much' })
    expect([over.status, over.body.code]).toEqual([422, 'AGENT_BURN_EXCEEDS_BALANCE'])
    expect(await balance(bob.walletAddress!)).toBe(60n)
    expect((await platform.as.auditor.get<{ items: Action[] }>(`/v1/tokens/${token.id}/agent-actions`)).body.items.length).toBe(before)
    await settle('burns', await act('burns', { investorId: bob.id, amount: '5', reason: 'cancelled shares', idempotencyKey: 'burn-bob' }))
    expect(await balance(bob.walletAddress!)).toBe(55n)
  })

  it('recovers a lost wallet: balance, frozen part and locked lots move, the identity follows, the old wallet can move nothing', async () => {
    const old = getAddress(alice.walletAddress!)
    const lockedBefore = await lotsOf(old)
    expect(lockedBefore.reduce((s, l) => s + l.amount, 0n)).toBe(90n)
    const body = { reason: 'lost device, ticket 4711', idempotencyKey: 'recover-alice' }
    const res = await platform.as['compliance-officer'].post<Recovery>(`/v1/investors/${alice.id}/wallet-recoveries`, body)
    expect(res.status, JSON.stringify(res.body)).toBe(202)
    expect((await platform.as['compliance-officer'].post<Recovery>(`/v1/investors/${alice.id}/wallet-recoveries`, body)).body.id).toBe(res.body.id)

    const approved = new Set<string>()
    const done = await pollUntil(
      async () => {
        const r = (await platform.as.auditor.get<Recovery>(`/v1/wallet-recoveries/${res.body.id}`)).body
        for (const a of r.actions) {
          const found = (await custody.as.platform.get<{ items: { id: string; status: string }[] }>(`/v1/transactions?externalTxId=${encodeURIComponent(a.externalTxId)}&limit=1`)).body.items[0]
          if (found?.status === 'PENDING_AUTHORIZATION' && !approved.has(found.id)) {
            expect((await custody.as['approver-1'].post(`/v1/transactions/${found.id}/approve`, { comment: 'recovery checked' })).status).toBe(200)
            approved.add(found.id)
          }
        }
        return r
      },
      (r) => r.status !== 'PENDING',
      'wallet recovery',
      240_000,
    )
    expect(done.status, JSON.stringify(done.workflow)).toBe('COMPLETED')
    const next = getAddress(done.newWallet!)
    expect(done.actions.map((a) => a.kind).sort()).toEqual(['FORCED_TRANSFER', 'FREEZE', 'PARTIAL_FREEZE'])

    expect([await balance(next), await read<bigint>('getFrozenTokens', next)]).toEqual([90n, 30n])
    expect((await lotsOf(next)).map((l) => [l.amount, l.releaseTime])).toEqual(lockedBefore.map((l) => [l.amount, l.releaseTime]))
    expect([await balance(old), await read<bigint>('getFrozenTokens', old), (await lotsOf(old)).length]).toEqual([0n, 0n, 0])
    expect(await read<boolean>('isFrozen', old)).toBe(true)
    const registered = (who: Address) => chain.publicClient.readContract({ address: chain.deployments.identityRegistry.registry, abi: identityRegistryAbi, functionName: 'contains', args: [who] })
    expect([await registered(old), await registered(next)]).toEqual([false, true])
    expect(await chain.publicClient.readContract({ address: token.addresses.identityRegistry!, abi: identityRegistryAbi, functionName: 'isVerified', args: [next] })).toBe(true)

    const investor = (await platform.as.auditor.get<InvestorView>(`/v1/investors/${alice.id}`)).body
    expect([investor.walletAddress && getAddress(investor.walletAddress), investor.vaultId]).toEqual([next, done.newVaultId])
    alice = investor
  }, 300_000)

  it('shows the recovered wallet in the cap table, and reconciliation finds every agent movement asked for', async () => {
    type Holders = { indexedHead?: string; items: { address: string; investorId: string | null; balance: string }[] }
    const head = await chain.publicClient.getBlockNumber()
    const table = await pollUntil(async () => (await platform.as.auditor.get<Holders>(`/v1/tokens/${token.id}/holders`)).body, (h) => h.indexedHead !== undefined && BigInt(h.indexedHead) >= head, 'cap table indexed')
    expect(table.items.map((h) => [getAddress(h.address), h.investorId, h.balance]).sort()).toEqual(
      [
        [getAddress(alice.walletAddress!), alice.id, '90'],
        [getAddress(bob.walletAddress!), bob.id, '55'],
      ].sort(),
    )
    const run = await platform.as.operator.post<{ status: string; transfers: { unexplained: number }; raised: unknown[] }>('/v1/reconciliation/run')
    expect(run.status).toBe(200)
    expect(run.body).toMatchObject({ status: 'COMPLETED', transfers: { unexplained: 0 }, raised: [] })
  })

  it('announces each lot’s release once, when the business clock passes it', async () => {
    platform.clock.advance(31 * DAY)
    // Lots minted in one chain second share a release time, so the module merges them: compare per wallet.
    const perWallet = (es: Event[]) => {
      const m = new Map<string, [unknown, bigint]>()
      for (const e of es) {
        const w = getAddress(e.data.address as string)
        m.set(w, [e.data.investorId, (m.get(w)?.[1] ?? 0n) + BigInt(e.data.amount as string)])
      }
      return m
    }
    const expected = new Map([
      [getAddress(bob.walletAddress!), [bob.id, 55n]],
      [getAddress(alice.walletAddress!), [alice.id, 90n]],
    ])
    const released = await pollUntil(
      async () => events().filter((e) => e.type === 'lockup.released'),
      (es) => [...expected].every(([w, [, sum]]) => perWallet(es).get(w)?.[1] === sum),
      'lockup.released delivered',
      60_000,
    )
    expect(perWallet(released)).toEqual(expected)
    expect(new Set(released.map((e) => (e as unknown as { resourceId: string }).resourceId)).size).toBe(released.length)
    expect(released.every((e) => new Date(e.data.releasedAt as string) <= platform.clock.now())).toBe(true)
    expect(await notifyReleasedLots(platform.service.ctx)).toBe(0)
    expect(events().filter((e) => e.type === 'lockup.released')).toHaveLength(released.length)

    const types = events().map((e) => e.type)
    for (const t of ['agent_action.requested', 'agent_action.completed', 'wallet_recovery.requested', 'wallet_recovery.completed']) expect(types).toContain(t)
  }, 120_000)
})
