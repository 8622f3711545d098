import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, erc20Abi, type Address, type Hex } from 'viem'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../test/custody.ts'
import { deployTokenSuite, type TokenSuite } from '../../chain/deploy-token-suite.ts'
import { sendCall } from '../../chain/deployer.ts'
import { keyHashOf } from '../../chain/deploy-infrastructure.ts'
import { CLAIM_TOPICS, KEY_PURPOSE, KEY_TYPE_ECDSA } from '../../chain/claim-topics.ts'
import { claimPayloadHash, identityFromLogs } from '../../chain/identity.ts'
import { claimIssuerAbi, identityAbi, identityRegistryAbi, idFactoryAbi, tokenAbi } from '../../chain/generated/abis.ts'
import { activatePolicy, extraAdmins, submitAndDecide, type Tx } from '../governance/test-kit.ts'
import { waitForReceipt } from '../../chain/wait-for-receipt.ts'

type Vault = { id: string; address: Address }
const US = 840
const FR = 250

/**
 * The compliance-aware rule condition on a real ERC-3643 (T-REX) suite: a token transfer or
 * mint whose rule demands the token's checks is simulated before signing, and BLOCKED with a
 * sub-status naming the failed check; custody then sends nothing to the chain for it.
 */
describe('token compliance checks before signing', () => {
  let chain: TestChain
  let custody: TestCustody
  let suite: TokenSuite
  let agent: Vault, holder: Vault, orphan: Vault
  let alice: Address, bob: Address, carol: Address
  let n = 0

  const mint = (to: Address, amount: bigint) => ({ externalTxId: `c-${++n}`, sourceVaultId: agent.id, to: suite.token, data: encodeFunctionData({ abi: tokenAbi, functionName: 'mint', args: [to, amount] }), intent: { type: 'token.mint', token: suite.token, to, amount: amount.toString() } })
  const transfer = (from: Vault, to: Address, amount: bigint, token: Address = suite.token) => ({ externalTxId: `c-${++n}`, sourceVaultId: from.id, to: token, data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] }) })
  const balanceOf = (who: Address) => chain.publicClient.readContract({ address: suite.token, abi: tokenAbi, functionName: 'balanceOf', args: [who] })
  const agentCall = (functionName: string, args: unknown[]) => sendCall(chain.deployCtx, suite.token, tokenAbi, functionName as never, args as never)

  /** Submits; expects BLOCKED with `subStatus`, and that nothing was signed or sent from the vault. */
  async function expectBlocked(body: { sourceVaultId: string } & Record<string, unknown>, vault: Vault, subStatus: string): Promise<Tx> {
    const sentBefore = await chain.publicClient.getTransactionCount({ address: vault.address })
    const t = await submitAndDecide(custody.as.platform, body)
    expect({ status: t.status, subStatus: t.subStatus }, String(t.statusReason)).toEqual({ status: "BLOCKED", subStatus })
    expect(t.nonce).toBeNull()
    expect(await chain.publicClient.getTransactionCount({ address: vault.address })).toBe(sentBefore)
    const broadcasts = await custody.service.ctx.db.selectFrom('tx_broadcasts').select('id').where('transaction_id', '=', t.id).execute()
    expect(broadcasts).toEqual([])
    return t
  }

  async function onboard(walletIndex: number, salt: string, country: number): Promise<Address> {
    const { deployments: d, deployCtx: ctx } = chain
    const wallet = chain.wallets[walletIndex]!
    const receipt = await sendCall(ctx, d.idFactory, idFactoryAbi, 'createIdentity', [wallet.account.address, salt])
    const identity = identityFromLogs(receipt.logs)!
    const data: Hex = '0x4b5943'
    const signature = await chain.wallets[3]!.account.signMessage!({ message: { raw: claimPayloadHash(identity, CLAIM_TOPICS.KYC, data) } })
    const hash = await wallet.writeContract({ address: identity, abi: identityAbi, functionName: 'addClaim', args: [CLAIM_TOPICS.KYC, 1n, d.claimIssuer, signature, data, ''] })
    await waitForReceipt(chain.publicClient, hash)
    await sendCall(ctx, d.identityRegistry.registry, identityRegistryAbi, 'registerIdentity', [wallet.account.address, identity, country])
    return identity
  }

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    const admins = await extraAdmins(custody)
    agent = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'issuer-agent', tier: 'hot' })).body
    holder = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'holder', tier: 'hot' })).body
    orphan = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'orphan', tier: 'hot' })).body
    for (const v of [agent, holder, orphan]) await chain.testClient.setBalance({ address: v.address, value: 10n ** 20n })

    const { deployments: d, deployCtx: ctx } = chain
    const deployer = chain.deployer.account.address
    await sendCall(ctx, d.identityRegistry.registry, identityRegistryAbi, 'addAgent', [deployer])
    await sendCall(ctx, d.claimIssuer, claimIssuerAbi, 'addKey', [keyHashOf(chain.wallets[3]!.account.address), KEY_PURPOSE.CLAIM, KEY_TYPE_ECDSA])
    suite = await deployTokenSuite(ctx, d, {
      salt: 'CUSTODY-CHECKS',
      name: 'Checked Equity',
      symbol: 'CHK',
      decimals: 0,
      owner: deployer,
      tokenAgents: [deployer, agent.address],
      irAgents: [deployer],
      claimTopics: [CLAIM_TOPICS.KYC],
      compliance: { allowedCountries: [US] },
    })
    alice = chain.wallets[0]!.account.address
    bob = chain.wallets[1]!.account.address
    carol = chain.wallets[2]!.account.address
    const aliceIdentity = await onboard(0, 'alice', US)
    await onboard(1, 'bob', FR)
    // Custody's holder vaults hold under alice's verified identity; the orphan loses it after receiving tokens.
    for (const v of [holder, orphan]) await sendCall(ctx, d.identityRegistry.registry, identityRegistryAbi, 'registerIdentity', [v.address, aliceIdentity, US])
    await agentCall('mint', [holder.address, 1000n])
    await agentCall('mint', [orphan.address, 10n])
    await sendCall(ctx, d.identityRegistry.registry, identityRegistryAbi, 'deleteIdentity', [orphan.address])

    await activatePolicy(custody, admins, {
      version: 'checked',
      rules: [
        { id: 'large-transfers', operations: ['TOKEN_TRANSFER'], amount: { min: '500' }, compliance: { requireTokenChecks: true }, action: 'REQUIRE_APPROVAL', approval: { group: 'approvers', quorum: 1 } },
        { id: 'checked-token-moves', operations: ['TOKEN_TRANSFER', 'TOKEN_MINT'], compliance: { requireTokenChecks: true }, action: 'ALLOW' },
        { id: 'anything-else', action: 'ALLOW' },
      ],
    })
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
  })

  it('blocks a mint to an investor without a valid KYC claim before signing, naming the check', async () => {
    const t = await expectBlocked(mint(carol, 10n), agent, 'COMPLIANCE_UNVERIFIED')
    expect(t.statusReason).toContain(carol)
    expect(t.policy).toMatchObject({ ruleId: 'checked-token-moves' })
    expect(await balanceOf(carol)).toBe(0n)
  })

  it('blocks a mint the country module refuses, naming the rule and the country', async () => {
    const t = await expectBlocked(mint(bob, 10n), agent, 'COMPLIANCE_COUNTRY')
    expect(t.statusReason).toContain('France (FR, 250)')
  })

  it('mints to a verified investor once the checks pass', async () => {
    const t = await submitAndDecide(custody.as.platform, mint(alice, 25n))
    expect((await waitForTransaction<Tx>(custody.as.platform, t.id)).status).toBe('COMPLETED')
    expect(await balanceOf(alice)).toBe(25n)
  })

  it('blocks a transfer of a paused token', async () => {
    expect(await chain.publicClient.readContract({ address: suite.token, abi: tokenAbi, functionName: 'paused' })).toBe(true)
    await expectBlocked(transfer(holder, alice, 1n), holder, 'COMPLIANCE_PAUSED')
    await agentCall('unpause', [])
  })

  it.each<[string, () => { body: ReturnType<typeof transfer>; vault: Vault }, string]>([
    ['to an unverified receiver', () => ({ body: transfer(holder, carol, 1n), vault: holder }), 'COMPLIANCE_UNVERIFIED'],
    ['from a sender no longer verified', () => ({ body: transfer(orphan, alice, 1n), vault: orphan }), 'COMPLIANCE_UNVERIFIED'],
    ['to a country the token does not allow', () => ({ body: transfer(holder, bob, 1n), vault: holder }), 'COMPLIANCE_COUNTRY'],
  ])('blocks a transfer %s', async (_name, make, subStatus) => {
    const { body, vault } = make()
    await expectBlocked(body, vault, subStatus)
  })

  it('blocks a transfer to a frozen wallet, and from tokens that are frozen', async () => {
    await agentCall('setAddressFrozen', [alice, true])
    await expectBlocked(transfer(holder, alice, 1n), holder, 'COMPLIANCE_FROZEN')
    await agentCall('setAddressFrozen', [alice, false])
    await agentCall('freezePartialTokens', [holder.address, 950n])
    const t = await expectBlocked(transfer(holder, alice, 100n), holder, 'COMPLIANCE_INSUFFICIENT_UNFROZEN_BALANCE')
    expect(t.statusReason).toContain('950 CHK frozen')
    await agentCall('unfreezePartialTokens', [holder.address, 950n])
  })

  it('fails closed for a token that does not answer the ERC-3643 checks', async () => {
    await expectBlocked(transfer(holder, alice, 1n, chain.deployments.stablecoin), holder, 'COMPLIANCE_CHECK_UNAVAILABLE')
  })

  it('lets a compliant transfer through to the chain', async () => {
    const t = await submitAndDecide(custody.as.platform, transfer(holder, alice, 100n))
    const done = await waitForTransaction<Tx>(custody.as.platform, t.id)
    expect(done.status, String(done.statusReason)).toBe('COMPLETED')
    expect(await balanceOf(alice)).toBe(125n)
  })

  it('checks again after approval, before any nonce, when the world changed while people decided', async () => {
    const t = await submitAndDecide(custody.as.platform, transfer(holder, alice, 500n))
    expect(t.status, String(t.statusReason)).toBe('PENDING_AUTHORIZATION')
    await agentCall('setAddressFrozen', [alice, true])
    const sentBefore = await chain.publicClient.getTransactionCount({ address: holder.address })
    expect((await custody.as['approver-1'].post(`/v1/transactions/${t.id}/approve`, {})).status).toBe(200)
    const done = await waitForTransaction<Tx>(custody.as.platform, t.id)
    expect(done).toMatchObject({ status: 'BLOCKED', subStatus: 'COMPLIANCE_FROZEN', nonce: null })
    expect(await chain.publicClient.getTransactionCount({ address: holder.address })).toBe(sentBefore)
    await agentCall('setAddressFrozen', [alice, false])
  })
})
