import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, erc20Abi, type Address, type Hex } from 'viem'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../test/custody.ts'
import { deployTokenSuite, type TokenSuite } from '../../chain/deploy-token-suite.ts'
import { sendCall } from '../../chain/deployer.ts'
import { keyHashOf } from '../../chain/deploy-infrastructure.ts'
import { CLAIM_TOPICS, KEY_PURPOSE, KEY_TYPE_ECDSA } from '../../chain/claim-topics.ts'
import { claimPayloadHash, identityFromLogs } from '../../chain/identity.ts'
import { claimIssuerAbi, devStablecoinAbi, identityAbi, identityRegistryAbi, idFactoryAbi, tokenAbi } from '../../chain/generated/abis.ts'
import { submitAndDecide, type Tx } from '../governance/test-kit.ts'
import { waitForReceipt } from '../../chain/wait-for-receipt.ts'

type Vault = { id: string; address: Address }
type Hold = { id: string; active: boolean; rule: string }
const US = 840
const FR = 250

/**
 * Under the built-in default policy (hot vaults sign what they are asked), custody still
 * decodes and checks every state-changing method of an ERC-3643 token — batch, forced,
 * mint, burn, recovery — names the rule that refuses, never lets one holder's concurrent
 * requests spend more than it may, and refuses anything from or to a held address at once.
 * A plain ERC-20 (the stablecoin) moves as before.
 */
describe('custody checks every method of a security token', () => {
  let chain: TestChain
  let custody: TestCustody
  let suite: TokenSuite
  let agent: Vault, holder: Vault, expired: Vault, spender: Vault
  let alice: Address, bob: Address, carol: Address
  let n = 0

  const call = (vault: Vault, functionName: string, args: unknown[], to: Address = suite.token) => ({
    externalTxId: `m-${++n}`,
    sourceVaultId: vault.id,
    to,
    data: encodeFunctionData({ abi: tokenAbi, functionName: functionName as never, args: args as never }),
  })
  const balanceOf = (who: Address) => chain.publicClient.readContract({ address: suite.token, abi: tokenAbi, functionName: 'balanceOf', args: [who] })
  const agentCall = (functionName: string, args: unknown[]) => sendCall(chain.deployCtx, suite.token, tokenAbi, functionName as never, args as never)

  async function expectBlocked(body: { sourceVaultId: string } & Record<string, unknown>, vault: Vault, subStatus: string): Promise<Tx> {
    const sentBefore = await chain.publicClient.getTransactionCount({ address: vault.address })
    const t = await submitAndDecide(custody.as.platform, body)
    expect({ status: t.status, subStatus: t.subStatus }, String(t.statusReason)).toEqual({ status: 'BLOCKED', subStatus })
    expect(t.nonce).toBeNull()
    expect(await chain.publicClient.getTransactionCount({ address: vault.address })).toBe(sentBefore)
    return t
  }
  async function expectCompleted(body: Record<string, unknown>): Promise<Tx> {
    const t = await submitAndDecide(custody.as.platform, body)
    const done = await waitForTransaction<Tx>(custody.as.platform, t.id)
    expect(done.status, `${done.subStatus}: ${done.statusReason}`).toBe('COMPLETED')
    return done
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
    const vault = async (name: string) => (await custody.as.admin.post<Vault>('/v1/vaults', { name, tier: 'hot' })).body
    agent = await vault('issuer-agent')
    holder = await vault('holder')
    expired = await vault('expired')
    spender = await vault('spender')
    for (const v of [agent, holder, expired, spender]) await chain.testClient.setBalance({ address: v.address, value: 10n ** 20n })

    const { deployments: d, deployCtx: ctx } = chain
    const deployer = chain.deployer.account.address
    await sendCall(ctx, d.identityRegistry.registry, identityRegistryAbi, 'addAgent', [deployer])
    await sendCall(ctx, d.claimIssuer, claimIssuerAbi, 'addKey', [keyHashOf(chain.wallets[3]!.account.address), KEY_PURPOSE.CLAIM, KEY_TYPE_ECDSA])
    suite = await deployTokenSuite(ctx, d, {
      salt: 'CUSTODY-EVERY-METHOD',
      name: 'Every Method Fund',
      symbol: 'EMF',
      decimals: 2,
      owner: deployer,
      tokenAgents: [deployer, agent.address],
      irAgents: [deployer],
      claimTopics: [CLAIM_TOPICS.KYC],
      compliance: { allowedCountries: [US], maxBalance: 121_000n },
    })
    alice = chain.wallets[0]!.account.address
    bob = chain.wallets[1]!.account.address
    carol = chain.wallets[2]!.account.address
    const aliceIdentity = await onboard(0, 'alice', US)
    await onboard(1, 'bob', FR)
    // Custody's vaults hold under alice's identity (one investor, several wallets): max balance counts them together.
    for (const v of [holder, expired, spender]) await sendCall(ctx, d.identityRegistry.registry, identityRegistryAbi, 'registerIdentity', [v.address, aliceIdentity, US])
    await agentCall('mint', [holder.address, 20_000n])
    await agentCall('mint', [expired.address, 1_000n])
    await agentCall('mint', [spender.address, 15_000n])
    await agentCall('unpause', [])
    // The expired holder's identity leaves the registry, as KYC expiry does: T-REX itself would still let it send.
    await sendCall(ctx, d.identityRegistry.registry, identityRegistryAbi, 'deleteIdentity', [expired.address])
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
  })

  it('refuses a batchTransfer from a holder no longer verified, naming the rule before the chain would revert', async () => {
    const t = await expectBlocked(call(expired, 'batchTransfer', [[alice, alice], [100n, 100n]]), expired, 'COMPLIANCE_UNVERIFIED')
    expect(t).toMatchObject({ operation: 'TOKEN_TRANSFER', amount: '200' })
  })

  it('lets exactly one of three concurrent transfers through when the holder may spend only one', async () => {
    // spender holds 150.00 EMF, 100.00 of them frozen: 50.00 may move.
    await agentCall('freezePartialTokens', [spender.address, 10_000n])
    const bodies = [1, 2, 3].map(() => call(spender, 'transfer', [alice, 5_000n]))
    const created = await Promise.all(bodies.map((b) => custody.as.platform.post<Tx>('/v1/transactions', b)))
    const ends = await Promise.all(created.map((c) => waitForTransaction<Tx>(custody.as.platform, c.body.id)))
    expect(ends.map((t) => t.status).sort()).toEqual(['BLOCKED', 'BLOCKED', 'COMPLETED'])
    for (const t of ends.filter((e) => e.status === 'BLOCKED')) expect(t.subStatus).toBe('COMPLIANCE_INSUFFICIENT_UNFROZEN_BALANCE')
    expect(await balanceOf(spender.address)).toBe(10_000n)
    await agentCall('unfreezePartialTokens', [spender.address, 10_000n])
  })

  it('names the rule of a batchTransfer the country module refuses, with the country by name', async () => {
    const t = await expectBlocked(call(holder, 'batchTransfer', [[alice, bob], [100n, 100n]]), holder, 'COMPLIANCE_COUNTRY')
    expect(t.statusReason).toContain('France (FR, 250)')
  })

  it('names max balance on a batchMint that exceeds it by one unit, and mints one exactly at the maximum', async () => {
    // alice's identity holds its vaults' 360.00 EMF: 850.00 more puts it exactly at the maximum of 1,210.00.
    const over = await expectBlocked(call(agent, 'batchMint', [[alice, alice], [50_000n, 35_001n]]), agent, 'COMPLIANCE_MAX_BALANCE')
    expect(over.statusReason).toContain('360.00 EMF + 850.01 EMF')
    await expectCompleted(call(agent, 'batchMint', [[alice, alice], [50_000n, 35_000n]]))
    expect(await balanceOf(alice)).toBe(90_000n) // with the 50.00 EMF of the concurrent transfers
  })

  it('refuses a forcedTransfer to an unverified wallet and a call that is no method of the token', async () => {
    await expectBlocked(call(agent, 'forcedTransfer', [holder.address, carol, 10n]), agent, 'COMPLIANCE_UNVERIFIED')
    await expectBlocked({ externalTxId: `m-${++n}`, sourceVaultId: agent.id, to: suite.token, data: '0xdeadbeef00' }, agent, 'COMPLIANCE_UNKNOWN_METHOD')
  })

  it('burns and freezes through custody: agent methods are decoded and pass their checks', async () => {
    await expectCompleted(call(agent, 'burn', [holder.address, 1_000n]))
    await expectBlocked(call(agent, 'batchBurn', [[holder.address], [19_001n]]), agent, 'COMPLIANCE_INSUFFICIENT_UNFROZEN_BALANCE')
    await expectCompleted(call(agent, 'setAddressFrozen', [carol, true]))
    await expectCompleted(call(agent, 'setAddressFrozen', [carol, false]))
    expect(await balanceOf(holder.address)).toBe(19_000n)
  })

  it('refuses everything from or to a held address from the moment of the hold, and signs again once it is released', async () => {
    const placed = await custody.as.platform.post<Hold>('/v1/holds', { address: alice, reason: 'investor suspended', reference: 'inv_alice' })
    expect(placed.status).toBe(201)
    expect((await custody.as.platform.post<Hold>('/v1/holds', { address: alice, reason: 'again' })).status).toBe(200)
    await expectBlocked(call(holder, 'transfer', [alice, 1n]), holder, 'COMPLIANCE_HELD')
    await expectBlocked(call(agent, 'mint', [alice, 1n]), agent, 'COMPLIANCE_HELD')
    const expiry = await custody.as.platform.post<Hold>('/v1/holds', { address: holder.address, token: suite.token, rule: 'KYC_EXPIRED', reason: 'KYC expired' })
    await expectBlocked(call(holder, 'batchTransfer', [[alice], [1n]]), holder, 'COMPLIANCE_KYC_EXPIRED')
    const released = await custody.as.platform.post<{ items: Hold[] }>('/v1/holds/release', { address: alice, reason: 'investor reactivated' })
    expect(released.body.items).toEqual([expect.objectContaining({ id: placed.body.id, active: false })])
    await custody.as.platform.post('/v1/holds/release', { id: expiry.body.id, reason: 'KYC renewed' })
    await expectCompleted(call(holder, 'transfer', [alice, 1n]))
    const audit = await custody.service.ctx.db.selectFrom('audit_entries').select('action').where('action', 'in', ['hold.placed', 'hold.released']).execute()
    expect(audit.map((a) => a.action).sort()).toEqual(['hold.placed', 'hold.placed', 'hold.released', 'hold.released'])
  })

  it('moves a plain ERC-20 (the stablecoin) under the same default policy', async () => {
    const d = chain.deployments
    await sendCall(chain.deployCtx, d.stablecoin, devStablecoinAbi, 'mint', [holder.address, 5_000_000n])
    await expectCompleted({ externalTxId: `m-${++n}`, sourceVaultId: holder.id, to: d.stablecoin, data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [alice, 1_000_000n] }) })
  })
})
