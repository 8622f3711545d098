// @postgres-pass: concurrent transfers serialised on the holder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWalletClient, encodeFunctionData, http, type Address, type Hex } from 'viem'
import { custosLockupModuleAbi, custosMaxHoldersModuleAbi, modularComplianceAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { startTestPlatform, waitForInvestor, waitForValue, type TestPlatform } from '../../../test/platform.ts'
import { identityRegistryAbi } from '../../../chain/generated/abis.ts'
import { deployToken, onboardInvestor, settleOperation, type InvestorView, type OperationView, type TokenView } from '../../../test/platform/tokens.ts'
import { waitForReceipt } from '../../../chain/wait-for-receipt.ts'
import { RESTRICTIONS } from '../tokens/public.ts'

type Check = { code: number; name: string; message: string }
const DAY = 86_400_000

describe('compliant transfers through the platform API', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let token: TokenView
  let alice: InvestorView, bob: InvestorView, carol: InvestorView
  /** A DE investor who holds nothing (onboarded by the holder-cap case). */
  let dora: InvestorView

  const balance = (a: Address) => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [a] })
  const check = async (from: InvestorView, to: InvestorView | Address, quantity: bigint): Promise<Check> => {
    const target = typeof to === 'string' ? `toAddress=${to}` : `toInvestorId=${to.id}`
    const res = await platform.as.auditor.get<Check>(`/v1/transfers/check?tokenId=${token.id}&fromInvestorId=${from.id}&${target}&quantity=${quantity}`)
    expect(res.status).toBe(200)
    return res.body
  }
  /** Whether the token itself would accept `transfer(to, quantity)` from `from` now. */
  const chainAccepts = async (from: Address, to: Address, quantity: bigint) => {
    try {
      await chain.publicClient.simulateContract({ account: from, address: token.addresses.token!, abi: tokenAbi, functionName: 'transfer', args: [to, quantity] })
      return true
    } catch {
      return false
    }
  }
  /** The check's verdict and the chain's agree: code 0 iff the transfer would not revert. Returns the check. */
  const agreed = async (from: InvestorView, to: InvestorView | Address, quantity: bigint): Promise<Check> => {
    const c = await check(from, to, quantity)
    const toAddress = typeof to === 'string' ? to : to.walletAddress!
    expect({ name: c.name, accepted: await chainAccepts(from.walletAddress!, toAddress, quantity) }).toEqual({ name: c.name, accepted: c.code === 0 })
    return c
  }
  /** The issuer-agent's on-chain agent powers, used directly (impersonated) to set up frozen states. */
  const asAgent = async (fn: 'setAddressFrozen' | 'freezePartialTokens' | 'unfreezePartialTokens', args: readonly [Address, boolean] | readonly [Address, bigint]) => {
    const agent = platform.roles.vaults.issuerAgent.address
    await chain.testClient.impersonateAccount({ address: agent })
    await chain.testClient.setBalance({ address: agent, value: 10n ** 20n })
    const w = createWalletClient({ account: agent, chain: chain.publicClient.chain, transport: http(chain.rpcUrl) })
    const hash = await w.writeContract({ address: token.addresses.token!, abi: tokenAbi, functionName: fn, args: args as never })
    expect((await waitForReceipt(chain.publicClient, hash)).status).toBe('success')
  }
  const mintTo = async (investor: InvestorView, quantity: string, key: string) => {
    const res = await platform.as['issuer-admin'].post<OperationView>('/v1/assets/mint', { tokenId: token.id, investorId: investor.id, quantity, agreementRef: 'sa-1', idempotencyKey: key })
    expect((await settleOperation(platform, custody, `/v1/assets/issuances/${res.body.id}`, res.body)).status).toBe('COMPLETED')
  }

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { platformActsOnBehalf: true })
    platform = await startTestPlatform(chain, custody, { custodyWebhooks: true, env: { PLATFORM_KYC_AUTO_APPROVE: 'true', CUSTODY_ACT_ON_BEHALF: 'true' } })
    ;[alice, carol, token] = await Promise.all([
      onboardInvestor(platform, 'Alice Example', 'DE'),
      onboardInvestor(platform, 'Carole Martin', 'FR'),
      deployToken(platform, custody, { name: 'Acme Equity', symbol: 'ACME', decimals: 0, compliance: { allowedCountries: ['DE', 'AT'], maxBalance: '1000' } }),
    ])
    // Bob's KYC is younger than Alice's, so a later jump in time expires hers only.
    platform.clock.advance(200 * DAY)
    bob = await onboardInvestor(platform, 'Bob Beispiel', 'AT')
    await mintTo(alice, '600', 'tr-alice')
    await mintTo(bob, '600', 'tr-bob')
  }, 240_000)
  afterAll(async () => {
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('agrees with the chain on a paused token, then on an allowed transfer once unpaused', async () => {
    expect((await agreed(alice, bob, 10n)).code).toBe(RESTRICTIONS.TOKEN_PAUSED.code)
    const res = await platform.as['issuer-admin'].post<OperationView>(`/v1/tokens/${token.id}/unpause`)
    expect((await settleOperation(platform, custody, `/v1/tokens/${token.id}/operations/${res.body.id}`, res.body)).status).toBe('COMPLETED')
    expect(await agreed(alice, bob, 10n)).toMatchObject({ code: 0, name: 'SUCCESS' })
  })

  it('agrees with the chain on every restriction the token enforces', async () => {
    const stranger = chain.wallets[3]!.account.address
    expect((await agreed(alice, stranger, 10n)).code).toBe(RESTRICTIONS.RECEIVER_NOT_VERIFIED.code)
    expect((await agreed(alice, carol, 10n)).code).toBe(RESTRICTIONS.COUNTRY_NOT_ALLOWED.code)
    expect((await agreed(alice, bob, 500n)).code).toBe(RESTRICTIONS.MAX_BALANCE_EXCEEDED.code)
    expect((await agreed(alice, bob, 601n)).code).toBe(RESTRICTIONS.INSUFFICIENT_UNFROZEN_BALANCE.code)

    await asAgent('freezePartialTokens', [alice.walletAddress!, 550n])
    expect((await agreed(alice, bob, 100n)).code).toBe(RESTRICTIONS.INSUFFICIENT_UNFROZEN_BALANCE.code)
    expect((await agreed(alice, bob, 50n)).code).toBe(0)
    await asAgent('unfreezePartialTokens', [alice.walletAddress!, 550n])

    await asAgent('setAddressFrozen', [alice.walletAddress!, true])
    expect((await agreed(alice, bob, 10n)).code).toBe(RESTRICTIONS.SENDER_FROZEN.code)
    await asAgent('setAddressFrozen', [alice.walletAddress!, false])
    await asAgent('setAddressFrozen', [bob.walletAddress!, true])
    expect((await agreed(alice, bob, 10n)).code).toBe(RESTRICTIONS.RECEIVER_FROZEN.code)
    await asAgent('setAddressFrozen', [bob.walletAddress!, false])
    expect((await agreed(alice, bob, 10n)).code).toBe(0)
  })

  it('refuses a sender who is not an active investor', async () => {
    const res = await platform.as['issuer-admin'].post<InvestorView>('/v1/investors', { name: 'Sara Tehrani', email: 'st@example.org', country: 'IR', type: 'individual' })
    const sara = await waitForInvestor<InvestorView>(platform.as.auditor, res.body.id, (i) => i.status === 'REJECTED')
    expect((await check(sara, bob, 1n)).code).toBe(RESTRICTIONS.SENDER_NOT_VERIFIED.code)
    const both = await platform.as.auditor.get(`/v1/transfers/check?tokenId=${token.id}&fromInvestorId=${alice.id}&toInvestorId=${bob.id}&toAddress=${bob.walletAddress}&quantity=1`)
    expect(both.status).toBe(400)
  })

  it('transfers through the sender’s custody vault after the check, refuses with 422 and the code, and is idempotent', async () => {
    const body = { tokenId: token.id, fromInvestorId: alice.id, toInvestorId: bob.id, quantity: '40', idempotencyKey: 'xfer-1' }
    const res = await platform.as.operator.post<OperationView>('/v1/transfers', body)
    expect(res.status).toBe(202)
    expect(res.body).toMatchObject({ kind: 'TRANSFER', externalTxId: 'xfer:xfer-1' })
    const done = await settleOperation(platform, custody, `/v1/transfers/${res.body.id}`, res.body, false)
    expect(done.status).toBe('COMPLETED')
    expect(await balance(alice.walletAddress!)).toBe(560n)
    expect(await balance(bob.walletAddress!)).toBe(640n)

    // Custody's audit names the platform's service principal and key, and the platform user who asked.
    const timeline = await custody.as.auditor.get<{ items: { actor: string; action: string; after: Record<string, unknown> | null }[] }>(`/v1/transactions/${done.custodyTxId}/timeline`)
    const asked = (res.body as OperationView & { createdBy: string }).createdBy
    expect(asked).toMatch(/^person:[^/]+\/apikey:/)
    expect(timeline.body.items.find((e) => e.action === 'transaction.created')).toMatchObject({ actor: `service:${custody.keys.platform!.keyId}/apikey:${custody.keys.platform!.keyId}/for:platform:${asked}`, after: { onBehalfOf: `platform:${asked}` } })

    const again = await platform.as.operator.post<OperationView>('/v1/transfers', body)
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(res.body.id)
    const other = await platform.as.operator.post('/v1/transfers', { ...body, quantity: '41' })
    expect(other.status).toBe(409)
    expect(other.problem?.code).toBe('IDEMPOTENCY_KEY_REUSED')

    const refused = await platform.as.operator.post('/v1/transfers', { ...body, toInvestorId: carol.id, idempotencyKey: 'xfer-2' })
    expect(refused.status).toBe(422)
    expect(refused.problem).toMatchObject({ code: 'TRANSFER_COUNTRY_NOT_ALLOWED', restrictionCode: RESTRICTIONS.COUNTRY_NOT_ALLOWED.code })
    expect(await balance(carol.walletAddress!)).toBe(0n)
  })

  it('accepts exactly one of three concurrent transfers when the sender may spend only one, and names the rule for the others', async () => {
    // bob holds 640: with 590 frozen, 50 may move.
    await asAgent('freezePartialTokens', [bob.walletAddress!, 590n])
    const bodies = [1, 2, 3].map((i) => ({ tokenId: token.id, fromInvestorId: bob.id, toInvestorId: alice.id, quantity: '50', idempotencyKey: `race-${i}` }))
    const answers = await Promise.all(bodies.map((b) => platform.as.operator.post<OperationView>('/v1/transfers', b)))
    expect(answers.map((a) => a.status).sort()).toEqual([202, 422, 422])
    for (const a of answers.filter((x) => x.status === 422)) expect(a.problem).toMatchObject({ code: 'TRANSFER_INSUFFICIENT_UNFROZEN_BALANCE', restrictionCode: RESTRICTIONS.INSUFFICIENT_UNFROZEN_BALANCE.code })
    const accepted = answers.find((a) => a.status === 202)!
    expect((await settleOperation(platform, custody, `/v1/transfers/${accepted.body.id}`, accepted.body, false)).status).toBe('COMPLETED')
    expect(await balance(bob.walletAddress!)).toBe(590n)
    await asAgent('unfreezePartialTokens', [bob.walletAddress!, 590n])
  })

  it('names a new holder refused at the holder cap alike on the check, POST /v1/transfers and the chain, and lets an existing holder receive', async () => {
    // The cap is set as the compliance's owner would (impersonated: the platform never signs).
    const compliance = token.addresses.compliance!
    const module = chain.deployments.modules.maxHolders
    const owner = await chain.publicClient.readContract({ address: compliance, abi: modularComplianceAbi, functionName: 'owner' })
    await chain.testClient.impersonateAccount({ address: owner })
    await chain.testClient.setBalance({ address: owner, value: 10n ** 20n })
    const asOwner = createWalletClient({ account: owner, chain: chain.publicClient.chain, transport: http(chain.rpcUrl) })
    const setCap = async (cap: bigint) => {
      const data: Hex = encodeFunctionData({ abi: custosMaxHoldersModuleAbi, functionName: 'setMaxHolders', args: [cap] })
      const hash = await asOwner.writeContract({ address: compliance, abi: modularComplianceAbi, functionName: 'callModuleFunction', args: [data, module] })
      expect((await waitForReceipt(chain.publicClient, hash)).status).toBe('success')
    }
    dora = await onboardInvestor(platform, 'Dora Weber', 'DE')
    await setCap(await chain.publicClient.readContract({ address: module, abi: custosMaxHoldersModuleAbi, functionName: 'holderCount', args: [compliance] }))
    try {
      expect((await agreed(bob, dora, 10n)).code).toBe(RESTRICTIONS.MAX_HOLDERS_EXCEEDED.code)
      const refused = await platform.as.operator.post('/v1/transfers', { tokenId: token.id, fromInvestorId: bob.id, toInvestorId: dora.id, quantity: '10', idempotencyKey: 'cap-1' })
      expect(refused.status).toBe(422)
      expect(refused.problem).toMatchObject({ code: 'TRANSFER_MAX_HOLDERS_EXCEEDED', restrictionCode: RESTRICTIONS.MAX_HOLDERS_EXCEEDED.code })
      expect(await balance(dora.walletAddress!)).toBe(0n)
      expect((await agreed(bob, alice, 10n)).code).toBe(0)
    } finally {
      await setCap(0n)
    }
  })

  it('names a lock-up alike on the check, POST /v1/transfers and the chain while it runs, and lets the tokens go once chain time passes its release', async () => {
    // bob's next mint is locked for an hour (the compliance's owner, impersonated, sets it).
    const compliance = token.addresses.compliance!
    const owner = await chain.publicClient.readContract({ address: compliance, abi: modularComplianceAbi, functionName: 'owner' })
    await chain.testClient.impersonateAccount({ address: owner })
    const asOwner = createWalletClient({ account: owner, chain: chain.publicClient.chain, transport: http(chain.rpcUrl) })
    const data: Hex = encodeFunctionData({ abi: custosLockupModuleAbi, functionName: 'setNextMintLockup', args: [bob.walletAddress!, 3_600n] })
    expect((await waitForReceipt(chain.publicClient, await asOwner.writeContract({ address: compliance, abi: modularComplianceAbi, functionName: 'callModuleFunction', args: [data, chain.deployments.modules.lockup] }))).status).toBe('success')
    const free = await balance(bob.walletAddress!)
    // Minted by the agent directly, so no custody vault's nonce is taken under custody's feet twice.
    const agent = platform.roles.vaults.issuerAgent.address
    await chain.testClient.impersonateAccount({ address: agent })
    const asAgentWallet = createWalletClient({ account: agent, chain: chain.publicClient.chain, transport: http(chain.rpcUrl) })
    expect((await waitForReceipt(chain.publicClient, await asAgentWallet.writeContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'mint', args: [bob.walletAddress!, 10n] }))).status).toBe('success')
    expect((await agreed(bob, dora, free + 1n)).code).toBe(RESTRICTIONS.LOCKUP_NOT_OVER.code)
    const refused = await platform.as.operator.post('/v1/transfers', { tokenId: token.id, fromInvestorId: bob.id, toInvestorId: dora.id, quantity: String(free + 1n), idempotencyKey: 'lock-1' })
    expect(refused.status).toBe(422)
    expect(refused.problem).toMatchObject({ code: 'TRANSFER_LOCKUP_NOT_OVER', restrictionCode: RESTRICTIONS.LOCKUP_NOT_OVER.code })
    expect(await balance(dora.walletAddress!)).toBe(0n)
    expect((await agreed(bob, dora, free)).code).toBe(0)

    await chain.testClient.increaseTime({ seconds: 3_601 })
    await chain.testClient.mine({ blocks: 1 })
    expect((await agreed(bob, dora, free + 1n)).code).toBe(0)
  })

  it('says KYC expired for an expired receiver and for an expired sender, and the chain refuses both once the claim is revoked', async () => {
    platform.clock.advance(170 * DAY)
    await waitForInvestor<InvestorView>(platform.as.auditor, alice.id, (i) => i.status === 'EXPIRED')
    const registry = token.addresses.identityRegistry!
    await waitForValue(() => chain.publicClient.readContract({ address: registry, abi: identityRegistryAbi, functionName: 'isVerified', args: [alice.walletAddress!] }), false)
    expect((await agreed(bob, alice, 10n)).code).toBe(RESTRICTIONS.RECEIVER_KYC_EXPIRED.code)
    const c = await check(alice, bob, 10n)
    expect(c.code).toBe(RESTRICTIONS.SENDER_KYC_EXPIRED.code)
    // T-REX verifies receivers only; our country module refuses a sender the registry no longer verifies (decision 0097).
    expect(await chainAccepts(alice.walletAddress!, bob.walletAddress!, 10n)).toBe(false)
    // Custody holds the wallet, named as the platform names it, before the revocation was even submitted.
    const holds = await custody.as.admin.get<{ items: Array<{ rule: string; active: boolean }> }>(`/v1/holds?address=${alice.walletAddress}`)
    expect(holds.body.items).toEqual([expect.objectContaining({ rule: 'KYC_EXPIRED', active: true })])
  })
})
