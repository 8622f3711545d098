import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, type Address } from 'viem'
import { tokenAbi } from '../../../chain/generated/abis.ts'
import { createSignedFetch } from '../../../shared/auth/sign-request.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../../test/custody.ts'
import { startTestPlatform, waitForInvestor, type TestPlatform } from '../../../test/platform.ts'
import { approveCustodyTx, deployToken, onboardInvestor, pollUntil, settleOperation, type InvestorView, type OperationView, type TokenView } from '../../../test/platform/tokens.ts'

type CustodyTx = { id: string; status: string; subStatus: string | null; statusReason: string | null; txHash: string | null; nonce: number | null }

/**
 * What holds even when the platform is bypassed or an investor turns out to
 * be sanctioned: custody's compliance-aware policy refuses a token transfer
 * the token would refuse, before signing; a sanctions hit freezes the wallet
 * on every token, and clearing the investor lifts it.
 */
describe('enforcement beyond the platform check', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let token: TokenView
  let alice: InvestorView, bob: InvestorView

  const isFrozen = (a: Address) => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'isFrozen', args: [a] })
  const balance = (a: Address) => chain.publicClient.readContract({ address: token.addresses.token!, abi: tokenAbi, functionName: 'balanceOf', args: [a] })
  const operations = async (kind: string, investorId: string) =>
    (await platform.as.auditor.get<{ items: (OperationView & { investorId: string | null })[] }>(`/v1/tokens/${token.id}/operations`)).body.items.filter((o) => o.kind === kind && o.investorId === investorId)

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    platform = await startTestPlatform(chain, custody, { custodyWebhooks: true, env: { PLATFORM_KYC_AUTO_APPROVE: 'true' } })
    ;[alice, bob, token] = await Promise.all([
      onboardInvestor(platform, 'Alice Example', 'DE'),
      onboardInvestor(platform, 'Tomas Holm', 'DE'),
      deployToken(platform, custody, { name: 'Enforced Equity', symbol: 'ENFQ', decimals: 0, compliance: { allowedCountries: ['DE'] } }),
    ])
    for (const [who, key] of [[alice, 'enf-alice'], [bob, 'enf-bob']] as const) {
      const res = await platform.as['issuer-admin'].post<OperationView>('/v1/assets/mint', { tokenId: token.id, investorId: who.id, quantity: '100', agreementRef: 'sa-enf', idempotencyKey: key })
      expect((await settleOperation(platform, custody, `/v1/assets/issuances/${res.body.id}`, res.body)).status).toBe('COMPLETED')
    }
    const unpause = await platform.as['issuer-admin'].post<OperationView>(`/v1/tokens/${token.id}/unpause`, {})
    expect((await settleOperation(platform, custody, `/v1/tokens/${token.id}/operations/${unpause.body.id}`, unpause.body)).status).toBe('COMPLETED')
  }, 300_000)
  afterAll(async () => {
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('blocks at custody, before any nonce, a transfer to an unverified address that the platform would refuse', async () => {
    const outsider = '0x000000000000000000000000000000000000dEaD' as Address
    const check = await platform.as.auditor.get<{ code: number; name: string }>(`/v1/transfers/check?tokenId=${token.id}&fromInvestorId=${alice.id}&toAddress=${outsider}&quantity=10`)
    expect(check.body.name).toBe('RECEIVER_NOT_VERIFIED')

    // An operator's policy: the settlement stablecoin moves freely from hot vaults; every other token movement
    // from a hot vault must pass the token's own compliance checks first; the rest as the built-in policy.
    const admins = await Promise.all(
      [1, 2].map(async () => {
        const k = await custody.service.apiKeys.createApiKey({ role: 'admin', scopes: ['read', 'admin'], groups: ['admins'], createdBy: 'test' })
        return createSignedFetch({ baseUrl: custody.url, keyId: k.keyId, secret: k.secret, clock: custody.service.ctx.clock })
      }),
    )
    const policy = {
      version: 'token-checks',
      rules: [
        { id: 'stablecoin', sourceTiers: ['hot'], assets: [chain.deployments.stablecoin], action: 'ALLOW' },
        { id: 'hot-token-moves', sourceTiers: ['hot'], operations: ['TOKEN_TRANSFER'], compliance: { requireTokenChecks: true }, action: 'ALLOW' },
        { id: 'hot-vaults', sourceTiers: ['hot'], action: 'ALLOW' },
        { id: 'warm-vaults', sourceTiers: ['warm'], action: 'REQUIRE_APPROVAL', approval: { group: 'approvers', quorum: 1 } },
        { id: 'cold-vaults', sourceTiers: ['cold'], action: 'ALLOW' },
      ],
    }
    const draft = await custody.as.admin.post<{ changeRequest: { id: string } }>('/v1/policy/drafts', { document: policy })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    for (const a of admins) expect((await a.post(`/v1/change-requests/${draft.body.changeRequest.id}/approve`, {})).status).toBe(200)

    // Bypassing the platform: the transfer is asked of custody directly, from Alice's custodial vault.
    const nonceBefore = await chain.publicClient.getTransactionCount({ address: alice.walletAddress! })
    const res = await custody.as.platform.post<CustodyTx>('/v1/transactions', {
      externalTxId: 'direct-transfer-to-outsider',
      sourceVaultId: alice.vaultId,
      to: token.addresses.token,
      data: encodeFunctionData({ abi: tokenAbi, functionName: 'transfer', args: [outsider, 10n] }),
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const blocked = await waitForTransaction<CustodyTx>(custody.as.platform, res.body.id, (t) => !['SUBMITTED', 'PENDING_AUTHORIZATION', 'QUEUED'].includes(t.status))
    expect(blocked).toMatchObject({ status: 'BLOCKED', subStatus: 'COMPLIANCE_UNVERIFIED', txHash: null, nonce: null })
    expect(blocked.statusReason).toContain(outsider)
    expect(await chain.publicClient.getTransactionCount({ address: alice.walletAddress! })).toBe(nonceBefore)
    expect(await balance(alice.walletAddress!)).toBe(100n)

    // The same policy lets a compliant transfer through.
    const ok = await custody.as.platform.post<CustodyTx>('/v1/transactions', {
      externalTxId: 'direct-transfer-to-bob',
      sourceVaultId: alice.vaultId,
      to: token.addresses.token,
      data: encodeFunctionData({ abi: tokenAbi, functionName: 'transfer', args: [bob.walletAddress!, 10n] }),
    })
    expect((await waitForTransaction<CustodyTx>(custody.as.platform, ok.body.id, (t) => ['COMPLETED', 'FAILED', 'BLOCKED'].includes(t.status))).status).toBe('COMPLETED')
    expect(await balance(bob.walletAddress!)).toBe(110n)
  })

  it('freezes a sanctioned investor’s wallet on every token, and lifts the freeze when a compliance officer clears it', async () => {
    // A second token: the freeze covers tokens the investor does not hold too.
    const other = await deployToken(platform, custody, { name: 'Other Fund', symbol: 'OTHF', decimals: 0 })
    appendFileSync(join(platform.sanctionsDir, 'SDN.CSV'), '90277,"HOLM, Tomas","individual","SDGT","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","DOB 1975."\r\n')
    const reload = await platform.as['compliance-officer'].post<{ changed: boolean; suspended: string[] }>('/v1/kyc/sanctions-list/reload')
    expect(reload.body).toMatchObject({ changed: true, suspended: [bob.id] })

    // One FREEZE per token, sent by the warm issuer-agent vault: a custody approver signs each off.
    const freezes = await pollUntil(
      async () => {
        const all = await platform.as.auditor.get<{ items: (OperationView & { investorId: string | null; tokenId: string })[] }>(`/v1/tokens/${other.id}/operations`)
        return [...(await operations('FREEZE', bob.id)), ...all.body.items.filter((o) => o.kind === 'FREEZE' && o.investorId === bob.id)]
      },
      (ops) => ops.length === 2 && ops.every((o) => o.custodyTxId !== null),
      'freeze operations submitted',
    )
    for (const op of freezes) await approveCustodyTx(custody, op.custodyTxId!)
    await pollUntil(() => isFrozen(bob.walletAddress!), (f) => f, 'frozen on the held token')
    const otherFrozen = () => chain.publicClient.readContract({ address: other.addresses.token!, abi: tokenAbi, functionName: 'isFrozen', args: [bob.walletAddress!] })
    await pollUntil(otherFrozen, (f) => f, 'frozen on the token it does not hold')
    expect((await pollUntil(() => operations('FREEZE', bob.id), (ops) => ops.every((o) => o.status === 'COMPLETED'), 'freeze completed')).length).toBe(1)

    // The freeze and the suspension are in the audit log.
    const audit = await platform.as.auditor.get<{ items: { action: string; targetId: string; details: { investorId?: string; tokens?: string[] } }[] }>('/v1/audit/entries?action=investor.freeze_requested')
    expect(audit.body.items.filter((e) => e.details.investorId === bob.id).map((e) => [...(e.details.tokens ?? [])].sort())).toEqual([[token.id, other.id].sort()])

    // A second reload changes nothing: the freeze is not requested twice.
    await platform.as['compliance-officer'].post('/v1/kyc/sanctions-list/reload')
    expect(await operations('FREEZE', bob.id)).toHaveLength(1)

    // The officer clears the investor (a false positive): onboarding runs again and the freezes are lifted.
    const cleared = await platform.as['compliance-officer'].post<{ status: string }>(`/v1/investors/${bob.id}/kyc-decision`, { decision: 'APPROVE', reason: 'different date of birth' })
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200)
    const unfreezes = await pollUntil(() => operations('UNFREEZE', bob.id), (ops) => ops.length === 1 && ops[0]!.custodyTxId !== null, 'unfreeze submitted')
    await approveCustodyTx(custody, unfreezes[0]!.custodyTxId!)
    await pollUntil(() => isFrozen(bob.walletAddress!), (f) => !f, 'unfrozen on the held token')
    await waitForInvestor<InvestorView>(platform.as.auditor, bob.id, (i) => i.status === 'ACTIVE', 120_000)
  })
})
