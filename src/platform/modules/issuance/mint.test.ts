import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tokenAbi } from '../../../chain/generated/abis.ts'
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
  })
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
})
