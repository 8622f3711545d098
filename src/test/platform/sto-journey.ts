import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { tokenAbi } from '../../chain/generated/abis.ts'
import { startTestChain, type TestChain } from '../chain.ts'
import type { TestCustody } from '../custody.ts'
import type { TestPlatform } from '../platform.ts'
import { approveAllocationMints, cusd, DAY, fundStablecoin, stablecoinBalance, waitForOffering, waitForSubscription, type OfferingView, type SubscriptionView } from './offerings.ts'
import { deployToken, onboardInvestor, pollUntil, settleOperation, type InvestorView, type OperationView, type TokenView } from './tokens.ts'
import { RESTRICTIONS } from '../../platform/modules/tokens/public.ts'

/**
 * The steps of the STO journey test, shared by the test on Custos custody's native API and
 * the one on its Fireblocks API (the same journey whatever the custody provider).
 *
 * The security-token offering of the product brief, through the platform's
 * HTTP API only: a token with a maximum balance, an offering with a lock-up,
 * two onboarded investors who subscribe and pay (one in stablecoin from its
 * custodial vault, one by bank transfer), the close that mints, the cap table
 * that shows both, a transfer between them once the lock-up is over, and the
 * transfers the rules forbid — refused with their codes, never on the chain.
 */
/** How a journey gets its custody and platform (the platform on one custody provider or another). */
export type StartJourneyServices = (chain: TestChain) => Promise<{ custody: TestCustody; platform: TestPlatform; close?: () => Promise<void> }>

/** A last step checking what the journey left behind (e.g. which custody provider carried it). */
export interface JourneyAfterwards {
  title: string
  check(s: { chain: TestChain; custody: TestCustody; platform: TestPlatform }): Promise<void>
}

export function describeStoJourney(title: string, start: StartJourneyServices, afterwards?: JourneyAfterwards) {
  describe(title, () => {
    let chain: TestChain
    let custody: TestCustody
    let platform: TestPlatform
    let token: TokenView
    let alice: InvestorView, bob: InvestorView
    let offering: OfferingView

    const balanceOf = (a: Address) => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [a] })
    const check = async (from: InvestorView, to: InvestorView | Address, quantity: number) => {
      const target = typeof to === 'string' ? { toAddress: to } : { toInvestorId: to.id }
      const res = await platform.client.auditor.GET('/v1/transfers/check', { query: { tokenId: token.id, fromInvestorId: from.id, ...target, quantity: String(quantity) } })
      if (!res.ok) throw new Error(`transfer check: ${JSON.stringify(res.problem)}`)
      return res.data
    }
    /** Asks for the transfer anyway: refused with the check's code, nothing sent to custody or the chain. */
    const refusedTransfer = async (to: InvestorView | Address, quantity: number, key: string, name: keyof typeof RESTRICTIONS) => {
      const nonce = await chain.publicClient.getTransactionCount({ address: alice.walletAddress! })
      const body = { tokenId: token.id, fromInvestorId: alice.id, ...(typeof to === 'string' ? { toAddress: to } : { toInvestorId: to.id }), quantity: String(quantity), idempotencyKey: key }
      const res = await platform.client.operator.POST('/v1/transfers', { body })
      expect(res.status).toBe(422)
      expect(res.problem).toMatchObject({ code: `TRANSFER_${name}`, restrictionCode: RESTRICTIONS[name].code })
      expect(await chain.publicClient.getTransactionCount({ address: alice.walletAddress! })).toBe(nonce)
      expect((await custody.client.auditor.GET('/v1/transactions', { query: { externalTxId: `xfer:${key}` } })).data).toMatchObject({ items: [] })
    }
    const holders = async () => {
      const head = await chain.publicClient.getBlockNumber({ cacheTime: 0 })
      return pollUntil(
        async () => (await platform.client.auditor.GET('/v1/tokens/{id}/holders', { path: { id: token.id } })).data,
        (h) => h?.indexedHead !== undefined && BigInt(h.indexedHead) >= head,
        `cap table at block ${head}`,
      ).then((h) => h!)
    }

    let closeExtra: (() => Promise<void>) | undefined

    beforeAll(async () => {
      chain = await startTestChain()
      ;({ custody, platform, close: closeExtra } = await start(chain))
      ;[alice, bob, token] = await Promise.all([
        onboardInvestor(platform, 'Alice Example', 'DE'),
        onboardInvestor(platform, 'Bob Beispiel', 'AT'),
        deployToken(platform, custody, { name: 'Harbour Logistics Notes', symbol: 'HLN', decimals: 0, compliance: { allowedCountries: ['DE', 'AT'], maxBalance: '25' } }),
      ])
      // Test setup, not a product path: Alice's custodial vault holds cUSD to pay with.
      await fundStablecoin(chain, alice.walletAddress!, cusd(1_000))
    }, 300_000)
    afterAll(async () => {
      await closeExtra?.()
      await platform?.close()
      await custody?.close()
      await chain?.stop()
    })

    it('sells the token: offering, two subscriptions, stablecoin and fiat payment, close, mint', async () => {
      const now = platform.clock.now().getTime()
      const created = await platform.client['issuer-admin'].POST('/v1/offerings', {
        body: {
          tokenId: token.id,
          pricePerToken: cusd(50).toString(),
          minInvestment: cusd(100).toString(),
          maxInvestment: cusd(1_000).toString(),
          hardCap: cusd(1_500).toString(),
          opensAt: new Date(now - 60_000).toISOString(),
          closesAt: new Date(now + 14 * DAY).toISOString(),
          eligibleCountries: ['DE', 'AT'],
          accreditationRequired: false,
          lockupDays: 30,
        },
      })
      expect(created.status, JSON.stringify(created.problem)).toBe(201)
      offering = created.data as OfferingView

      const subscribe = async (who: InvestorView, dollars: number) => {
        const res = await platform.client.operator.POST('/v1/offerings/{id}/subscriptions', { path: { id: offering.id }, body: { investorId: who.id, amount: cusd(dollars).toString(), idempotencyKey: `journey-${who.id}` } })
        expect(res.status, JSON.stringify(res.problem)).toBe(201)
        return res.data as SubscriptionView
      }
      const aliceSub = await subscribe(alice, 1_000)
      const bobSub = await subscribe(bob, 500)
      expect((await platform.client.operator.POST('/v1/subscriptions/{id}/pay', { path: { id: aliceSub.id }, body: { method: 'stablecoin' } })).ok).toBe(true)
      expect((await platform.client.operator.POST('/v1/subscriptions/{id}/fiat-received', { path: { id: bobSub.id }, body: { reference: 'SEPA-2026-0042', amount: cusd(500).toString() } })).ok).toBe(true)
      await waitForSubscription(platform, aliceSub.id, (s) => s.status === 'PAID')
      expect(await stablecoinBalance(chain, offering.treasury.address)).toBe(cusd(1_000))

      // The hard cap is paid, so the issuer may close before closesAt.
      expect((await platform.client['issuer-admin'].POST('/v1/offerings/{id}/close', { path: { id: offering.id } })).status).toBe(202)
      await approveAllocationMints(platform, custody, [aliceSub.id, bobSub.id])
      const closed = await waitForOffering(platform, offering.id, (o) => o.status === 'CLOSED' || o.close?.workflow?.status === 'FAILED')
      expect(closed).toMatchObject({ status: 'CLOSED', totals: { allocated: '30', issued: '30' } })
      expect([await balanceOf(alice.walletAddress!), await balanceOf(bob.walletAddress!)]).toEqual([20n, 10n])

      // Tokens start paused; the issuer unpauses (a custody approver signs off).
      const unpause = await platform.client['issuer-admin'].POST('/v1/tokens/{id}/unpause', { path: { id: token.id }, body: {} })
      if (!unpause.ok) throw new Error(`unpause: ${JSON.stringify(unpause.problem)}`)
      const unpaused = unpause.data as OperationView
      expect((await settleOperation(platform, custody, `/v1/tokens/${token.id}/operations/${unpaused.id}`, unpaused)).status).toBe('COMPLETED')
    })

    it('shows both investors in the cap table, read from the chain', async () => {
      const h = await holders()
      expect(h.totals).toEqual({ holders: 2, supply: '30' })
      expect(h.items.map((i) => [i.investorId, i.balance]).sort()).toEqual(
        [
          [alice.id, '20'],
          [bob.id, '10'],
        ].sort(),
      )
    })

    it('refuses a transfer during the lock-up (12), to a non-onboarded address (3) and above the maximum balance (10), and none reaches the chain', async () => {
      expect((await check(alice, bob, 5)).name).toBe('LOCKUP_NOT_OVER')
      await refusedTransfer(bob, 5, 'during-lockup', 'LOCKUP_NOT_OVER')

      platform.clock.advance(31 * DAY)
      // The lots the close locked on-chain are released by chain time, not the business clock.
      await chain.testClient.increaseTime({ seconds: 31 * 86_400 })
      await chain.testClient.mine({ blocks: 1 })
      const outsider = '0x00000000000000000000000000000000000bEEF1' as Address
      expect((await check(alice, outsider, 5)).name).toBe('RECEIVER_NOT_VERIFIED')
      await refusedTransfer(outsider, 5, 'to-outsider', 'RECEIVER_NOT_VERIFIED')
      // Bob holds 10; 16 more would pass the token's maximum of 25.
      expect((await check(alice, bob, 16)).name).toBe('MAX_BALANCE_EXCEEDED')
      await refusedTransfer(bob, 16, 'above-max', 'MAX_BALANCE_EXCEEDED')
      expect([await balanceOf(alice.walletAddress!), await balanceOf(bob.walletAddress!)]).toEqual([20n, 10n])
    })

    it('moves tokens between the two investors once the lock-up is over, and the cap table follows', async () => {
      expect((await check(alice, bob, 5)).code).toBe(0)
      const res = await platform.client.operator.POST('/v1/transfers', { body: { tokenId: token.id, fromInvestorId: alice.id, toInvestorId: bob.id, quantity: '5', idempotencyKey: 'journey-transfer' } })
      expect(res.status, JSON.stringify(res.problem)).toBe(202)
      const transfer = res.data as OperationView
      // Alice's vault is hot: custody signs without an approver.
      expect((await settleOperation(platform, custody, `/v1/transfers/${transfer.id}`, transfer, false)).status).toBe('COMPLETED')
      expect([await balanceOf(alice.walletAddress!), await balanceOf(bob.walletAddress!)]).toEqual([15n, 15n])
      const h = await holders()
      expect(h.items.map((i) => [i.investorId, i.balance]).sort()).toEqual(
        [
          [alice.id, '15'],
          [bob.id, '15'],
        ].sort(),
      )
      const holdings = await platform.client.auditor.GET('/v1/investors/{id}/holdings', { path: { id: bob.id } })
      expect(holdings.data?.items).toEqual([expect.objectContaining({ tokenId: token.id, balance: '15' })])

      // Reconciliation finds every instructed mint and transfer on the chain, and no drift.
      const run = await platform.client.operator.POST('/v1/reconciliation/run')
      expect(run.status, JSON.stringify(run.problem)).toBe(200)
      expect(run.data).toMatchObject({ raised: [], openAlerts: 0, operations: { drifted: 0 } })
    })

    if (afterwards) it(afterwards.title, () => afterwards.check({ chain, custody, platform }))
  })
}
