// @postgres-pass: a mint’s lock-up under the investor’s row lock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { custosLockupModuleAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { startTestPlatform, waitForInvestor, type TestPlatform } from '../../../test/platform.ts'
import { deployToken, getToken, onboardInvestor, settleOperation, type InvestorView, type OperationView, type TokenView } from '../../../test/platform/tokens.ts'

describe('issuance through the platform API', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let token: TokenView
  let alice: InvestorView

  const mint = (body: Record<string, unknown>) => platform.as['issuer-admin'].post<OperationView>('/v1/assets/mint', body)

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    platform = await startTestPlatform(chain, custody, { custodyWebhooks: true, env: { PLATFORM_KYC_AUTO_APPROVE: 'true' } })
    ;[alice, token] = await Promise.all([onboardInvestor(platform, 'Alice Example', 'DE'), deployToken(platform, custody, { name: 'Acme Equity', symbol: 'ACME', decimals: 0, compliance: { supplyLimit: '1000000' } })])
  }, 240_000)
  afterAll(async () => {
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('mints to an onboarded investor through custody, once approved, and the balance is on-chain', async () => {
    const body = { tokenId: token.id, investorId: alice.id, quantity: '250', agreementRef: 'sub-agreement-17', idempotencyKey: 'iss-alice-1' }
    const res = await mint(body)
    expect(res.status).toBe(202)
    expect(res.body).toMatchObject({ kind: 'MINT', quantity: '250', externalTxId: 'mint:iss-alice-1' })
    expect(res.body.custodyTxId).toBeTruthy()
    const done = await settleOperation(platform, custody, `/v1/assets/issuances/${res.body.id}`, res.body)
    expect(done.status).toBe('COMPLETED')
    expect(done.txHash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(await chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [alice.walletAddress!] })).toBe(250n)
    expect((await getToken(platform.as.auditor, token.id)).totalSupply).toBe('250')

    // The same key and body: the same issuance, nothing minted twice. Another body under the key: 409.
    const again = await mint(body)
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ id: res.body.id, status: 'COMPLETED' })
    const other = await mint({ ...body, quantity: '251' })
    expect(other.status).toBe(409)
    expect(other.problem?.code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(await chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'totalSupply' })).toBe(250n)
  })

  it('refuses an investor who is not ACTIVE with INVESTOR_NOT_ACTIVE, and bad quantities', async () => {
    const res = await platform.as['issuer-admin'].post<InvestorView>('/v1/investors', { name: 'Sara Tehrani', email: 'st@example.org', country: 'IR', type: 'individual' })
    const rejected = await waitForInvestor<InvestorView>(platform.as.auditor, res.body.id, (i) => i.status === 'REJECTED')
    const refused = await mint({ tokenId: token.id, investorId: rejected.id, quantity: '5', agreementRef: 'x', idempotencyKey: 'iss-sara-1' })
    expect(refused.status).toBe(422)
    expect(refused.problem?.code).toBe('INVESTOR_NOT_ACTIVE')
    expect((await mint({ tokenId: token.id, investorId: alice.id, quantity: '0', agreementRef: 'x', idempotencyKey: 'iss-zero' })).status).toBe(400)
    expect((await mint({ tokenId: token.id, investorId: alice.id, quantity: '1.5', agreementRef: 'x', idempotencyKey: 'iss-frac' })).status).toBe(400)
    const tooMany = await mint({ tokenId: token.id, investorId: alice.id, quantity: '1000000', agreementRef: 'x', idempotencyKey: 'iss-too-many' })
    expect(tooMany.status).toBe(422)
    expect(tooMany.problem).toMatchObject({ code: 'MINT_SUPPLY_LIMIT_EXCEEDED', restrictionCode: 11 })
    const missing = await mint({ tokenId: 'no-such-token', investorId: alice.id, quantity: '1', agreementRef: 'x', idempotencyKey: 'iss-missing' })
    expect(missing.status).toBe(404)
  })

  it('lets the operator mint and the auditor not', async () => {
    const byAuditor = await platform.as.auditor.post('/v1/assets/mint', { tokenId: token.id, investorId: alice.id, quantity: '1', agreementRef: 'x', idempotencyKey: 'iss-aud' })
    expect(byAuditor.status).toBe(403)
    const byOperator = await platform.as.operator.post<OperationView>('/v1/assets/mint', { tokenId: token.id, investorId: alice.id, quantity: '1', agreementRef: 'x', idempotencyKey: 'iss-op' })
    expect(byOperator.status).toBe(202)
    const done = await settleOperation(platform, custody, `/v1/assets/issuances/${byOperator.body.id}`, byOperator.body)
    expect(done.status).toBe('COMPLETED')
    expect(await chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [alice.walletAddress!] })).toBe(251n)
  })

  it('mints with its own lock-up: recorded on-chain before the mint, as a lot released by chain time', async () => {
    const base = { tokenId: token.id, investorId: alice.id, quantity: '100', agreementRef: 'side-letter-3' }
    const bad = [
      { ...base, idempotencyKey: 'iss-lock-both', lockupDays: 40, lockupUntil: new Date(platform.clock.now().getTime() + 86_400_000).toISOString() },
      { ...base, idempotencyKey: 'iss-lock-zero', lockupDays: 0 },
      { ...base, idempotencyKey: 'iss-lock-past', lockupUntil: new Date(platform.clock.now().getTime() - 1_000).toISOString() },
    ]
    for (const b of bad) expect((await mint(b)).status, JSON.stringify(b)).toBe(400)

    const body = { ...base, idempotencyKey: 'iss-locked-1', lockupDays: 40 }
    const res = await mint(body)
    expect(res.status).toBe(202)
    // The mint waits for its lock-up: nothing is asked of custody for it yet.
    expect(res.body).toMatchObject({ kind: 'MINT', status: 'SUBMITTED', custodyTxId: null })
    const during = await mint({ ...base, quantity: '1', idempotencyKey: 'iss-during-lockup' })
    expect(during.status).toBe(409)
    expect(during.problem?.code).toBe('MINT_LOCKUP_IN_FLIGHT')

    const ops = await platform.as.auditor.get<{ items: OperationView[] }>(`/v1/tokens/${token.id}/operations`)
    const lockup = ops.body.items.find((o) => o.externalTxId === 'mint-lockup:iss-locked-1')!
    expect(lockup).toMatchObject({ kind: 'SET_MINT_LOCKUP', quantity: String(40 * 86_400) })
    expect((await settleOperation(platform, custody, `/v1/tokens/${token.id}/operations/${lockup.id}`, lockup)).status).toBe('COMPLETED')
    const done = await settleOperation(platform, custody, `/v1/assets/issuances/${res.body.id}`, res.body)
    expect(done.status).toBe('COMPLETED')

    const compliance = token.addresses.compliance!
    const module = chain.deployments.modules.lockup
    const block = await chain.publicClient.getBlock({ blockHash: (await chain.publicClient.getTransactionReceipt({ hash: done.txHash as `0x${string}` })).blockHash })
    const lots = await chain.publicClient.readContract({ address: module, abi: custosLockupModuleAbi, functionName: 'lotsOf', args: [compliance, alice.walletAddress!] })
    expect(lots.map((l) => ({ amount: l.amount, releaseTime: l.releaseTime }))).toEqual([{ amount: 100n, releaseTime: block.timestamp + 40n * 86_400n }])
    expect(await chain.publicClient.readContract({ address: module, abi: custosLockupModuleAbi, functionName: 'lockedBalanceOf', args: [compliance, alice.walletAddress!] })).toBe(100n)

    // The same body again: the same issuance; a plain mint goes again now that the lock-up was taken by its mint.
    expect((await mint(body)).body).toMatchObject({ id: res.body.id, status: 'COMPLETED' })
    const after = await mint({ ...base, quantity: '1', idempotencyKey: 'iss-after-lockup' })
    expect(after.status).toBe(202)
    expect((await settleOperation(platform, custody, `/v1/assets/issuances/${after.body.id}`, after.body)).status).toBe('COMPLETED')
    expect(await chain.publicClient.readContract({ address: module, abi: custosLockupModuleAbi, functionName: 'lockedBalanceOf', args: [compliance, alice.walletAddress!] })).toBe(100n)
  })

  it('serialises concurrent mints with their own lock-ups: per investor one is recorded and the others refused, and every minted lot carries its own release', async () => {
    const bob = await onboardInvestor(platform, 'Bob Beispiel', 'AT')
    const compliance = token.addresses.compliance!
    const module = chain.deployments.modules.lockup
    const lotsOf = (who: InvestorView) => chain.publicClient.readContract({ address: module, abi: custosLockupModuleAbi, functionName: 'lotsOf', args: [compliance, who.walletAddress!] })
    const lotsBefore = new Map([alice, bob].map((i) => [i.id, 0]))
    for (const i of [alice, bob]) lotsBefore.set(i.id, (await lotsOf(i)).length)
    /** Settles a mint (and its lock-up first, when it has one) and returns the lot it made, if any. */
    const settle = async (key: string, res: { body: OperationView }, days: number | undefined) => {
      if (days !== undefined) {
        const ops = await platform.as.auditor.get<{ items: OperationView[] }>(`/v1/tokens/${token.id}/operations`)
        const lockup = ops.body.items.find((o) => o.externalTxId === `mint-lockup:${key}`)!
        expect(lockup).toMatchObject({ kind: 'SET_MINT_LOCKUP', quantity: String(days * 86_400) })
        expect((await settleOperation(platform, custody, `/v1/tokens/${token.id}/operations/${lockup.id}`, lockup)).status).toBe('COMPLETED')
      }
      const done = await settleOperation(platform, custody, `/v1/assets/issuances/${res.body.id}`, res.body)
      expect(done.status).toBe('COMPLETED')
      const receipt = await chain.publicClient.getTransactionReceipt({ hash: done.txHash as `0x${string}` })
      return (await chain.publicClient.getBlock({ blockHash: receipt.blockHash })).timestamp
    }

    // Round 1: each investor asked three times at once (a plain mint and two lock-ups for alice, three lock-ups for bob).
    const asks = [
      { investor: alice, days: undefined, quantity: '7' },
      { investor: alice, days: 10, quantity: '11' },
      { investor: alice, days: 20, quantity: '12' },
      { investor: bob, days: 40, quantity: '21' },
      { investor: bob, days: 50, quantity: '22' },
      { investor: bob, days: 60, quantity: '23' },
    ]
    const answers = await Promise.all(
      asks.map((a, i) => mint({ tokenId: token.id, investorId: a.investor.id, quantity: a.quantity, agreementRef: 'race', idempotencyKey: `iss-race-${i}`, ...(a.days !== undefined ? { lockupDays: a.days } : {}) })),
    )
    for (const investor of [alice, bob]) {
      const mine = asks.map((a, i) => ({ ...a, key: `iss-race-${i}`, res: answers[i]! })).filter((a) => a.investor === investor)
      const accepted = mine.filter((a) => a.res.status === 202)
      expect(accepted, JSON.stringify(mine.map((a) => [a.res.status, a.res.problem?.code]))).toHaveLength(1)
      for (const refused of mine.filter((a) => a.res.status !== 202)) {
        expect(refused.res.status).toBe(409)
        expect(refused.res.problem?.code).toBe('MINT_LOCKUP_IN_FLIGHT')
      }
      const winner = accepted[0]!
      const minedAt = await settle(winner.key, winner.res, winner.days)
      const lots = await lotsOf(investor)
      // A plain mint adds no lot; a mint with a lock-up adds exactly its own, released by its own duration.
      if (winner.days === undefined) expect(lots).toHaveLength(lotsBefore.get(investor.id)!)
      else expect(lots.slice(lotsBefore.get(investor.id)!).map((l) => ({ amount: l.amount, releaseTime: l.releaseTime }))).toEqual([{ amount: BigInt(winner.quantity), releaseTime: minedAt + BigInt(winner.days) * 86_400n }])
      lotsBefore.set(investor.id, lots.length)
    }

    // Round 2: a refused one asked again once the first has settled goes through, with its own lock-up.
    const again = await mint({ tokenId: token.id, investorId: bob.id, quantity: '24', agreementRef: 'race', idempotencyKey: 'iss-race-again', lockupDays: 70 })
    expect(again.status).toBe(202)
    const minedAt = await settle('iss-race-again', again, 70)
    expect((await lotsOf(bob)).slice(lotsBefore.get(bob.id)!).map((l) => ({ amount: l.amount, releaseTime: l.releaseTime }))).toEqual([{ amount: 24n, releaseTime: minedAt + 70n * 86_400n }])
  }, 240_000)
})
