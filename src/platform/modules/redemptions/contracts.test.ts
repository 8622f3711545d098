import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { BaseError, ContractFunctionRevertedError, encodeFunctionData, getAddress, keccak256, maxUint256, parseEventLogs, stringToHex, zeroAddress, type Address, type Hex } from 'viem'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { configureModule, onboardInvestor, prepareWorld, type OnchainInvestor } from '../../../test/onchain-investors.ts'
import { deployTokenSuite, type TokenSuite } from '../../../chain/deploy-token-suite.ts'
import { sendCall } from '../../../chain/deployer.ts'
import { custosLockupModuleAbi, devStablecoinAbi, dvpSettlementAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import { CLAIM_TOPICS } from '../../../chain/claim-topics.ts'
import { waitForReceipt } from '../../../chain/wait-for-receipt.ts'

const DE = 276
const tradeId = (s: string): Hex => keccak256(stringToHex(s))

/**
 * DvpSettlement on a real anvil with a real T-REX token bound to the Custos
 * modules: the deployer is the issuer (token owner and agent) and pays from its
 * own stablecoin; Alice is an onboarded investor; the treasury is a verified
 * identity that receives tokens bought back into treasury.
 */
describe('delivery-versus-payment settlement contract on a real anvil', () => {
  let chain: TestChain
  let suite: TokenSuite
  let dvp: Address
  let usd: Address
  let issuer: Address
  let alice: OnchainInvestor
  let treasury: OnchainInvestor
  let revert: () => Promise<void>

  const tokens = (a: Address) => chain.publicClient.readContract({ address: suite.token, abi: tokenAbi, functionName: 'balanceOf', args: [a] })
  const cash = (a: Address) => chain.publicClient.readContract({ address: usd, abi: devStablecoinAbi, functionName: 'balanceOf', args: [a] })
  const trade = (id: string, quantity: bigint, amount: bigint, tokensTo: Address = zeroAddress) => ({ tradeId: tradeId(id), token: suite.token, investor: alice.address, quantity, cash: usd, amount, tokensTo })
  type Trade = ReturnType<typeof trade>

  /** Sends settle without simulating (fixed gas), so the chain itself decides; returns the receipt. */
  async function settle(t: Trade, from = chain.deployer) {
    const hash = await from.writeContract({ address: dvp, abi: dvpSettlementAbi, functionName: 'settle', args: [t], gas: 2_000_000n })
    return waitForReceipt(chain.publicClient, hash)
  }
  async function refusal(t: Trade, from = chain.deployer) {
    try {
      await chain.publicClient.simulateContract({ address: dvp, abi: dvpSettlementAbi, functionName: 'settle', args: [t], account: from.account })
    } catch (err) {
      const reverted = (err as BaseError).walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null
      return reverted?.data?.errorName
    }
    throw new Error('settle did not revert')
  }

  beforeAll(async () => {
    chain = await startTestChain()
    const { deployments: d, deployCtx: ctx } = chain
    issuer = chain.deployer.account.address
    dvp = d.settlement!.dvp
    usd = getAddress(d.stablecoin)
    const world = await prepareWorld({ ctx, d, rpcUrl: chain.rpcUrl, testClient: chain.testClient })
    suite = await deployTokenSuite(ctx, d, { salt: 'DVP-EQ', name: 'DvP Equity', symbol: 'DVPE', decimals: 0, owner: issuer, tokenAgents: [issuer], irAgents: [issuer], claimTopics: [CLAIM_TOPICS.KYC], compliance: { allowedCountries: [DE] } })
    alice = await onboardInvestor(world, DE, 'dvp-alice')
    treasury = await onboardInvestor(world, DE, 'dvp-treasury')
    await sendCall(ctx, suite.token, tokenAbi, 'addAgent', [dvp])
    await sendCall(ctx, suite.token, tokenAbi, 'unpause', [])
    await sendCall(ctx, suite.token, tokenAbi, 'mint', [alice.address, 100n])
    await sendCall(ctx, usd, devStablecoinAbi, 'mint', [issuer, 1_000_000_000n])
    await sendCall(ctx, usd, devStablecoinAbi, 'approve', [dvp, maxUint256])
  }, 120_000)
  beforeEach(async () => {
    revert = await chain.snapshot()
  })
  afterEach(async () => {
    await revert()
  })
  afterAll(async () => {
    await chain?.stop()
  })

  it('burns the investor’s tokens and pays it in one transaction', async () => {
    const supply = await chain.publicClient.readContract({ address: suite.token, abi: tokenAbi, functionName: 'totalSupply' })
    const issuerCash = await cash(issuer)
    const receipt = await settle(trade('buyback-1/alice', 40n, 80_000_000n))
    expect(receipt.status).toBe('success')
    expect(await tokens(alice.address)).toBe(60n)
    expect(await cash(alice.address)).toBe(80_000_000n)
    expect(await cash(issuer)).toBe(issuerCash - 80_000_000n)
    expect(await chain.publicClient.readContract({ address: suite.token, abi: tokenAbi, functionName: 'totalSupply' })).toBe(supply - 40n)
    const [ev] = parseEventLogs({ abi: dvpSettlementAbi, logs: receipt.logs, eventName: 'Settled' })
    expect(ev!.args).toMatchObject({ payer: issuer, tradeId: tradeId('buyback-1/alice'), token: suite.token, investor: alice.address, quantity: 40n, cash: usd, amount: 80_000_000n, tokensTo: zeroAddress })
  })

  it('moves the tokens to the issuer’s treasury when the trade names it', async () => {
    expect((await settle(trade('buyback-2/alice', 25n, 50_000_000n, treasury.address))).status).toBe('success')
    expect(await tokens(alice.address)).toBe(75n)
    expect(await tokens(treasury.address)).toBe(25n)
    expect(await cash(alice.address)).toBe(50_000_000n)
  })

  it('moves nothing when the payment leg fails: the treasury is short of stablecoin', async () => {
    const issuerCash = await cash(issuer)
    const short = trade('buyback-3/alice', 10n, issuerCash + 1n)
    expect(await refusal(short)).toBe('PaymentFailed')
    // Sent anyway: the chain reverts the whole transaction; neither leg happened.
    const receipt = await settle(short)
    expect(receipt.status).toBe('reverted')
    expect(await tokens(alice.address)).toBe(100n)
    expect(await cash(alice.address)).toBe(0n)
    expect(await cash(issuer)).toBe(issuerCash)
    expect(await chain.publicClient.readContract({ address: dvp, abi: dvpSettlementAbi, functionName: 'settled', args: [issuer, short.tradeId] })).toBe(false)
  })

  it('moves nothing when the delivery leg fails: the treasury is not a verified identity', async () => {
    const receipt = await settle(trade('buyback-4/alice', 10n, 20_000_000n, chain.wallets[2]!.account.address))
    expect(receipt.status).toBe('reverted')
    expect(await tokens(alice.address)).toBe(100n)
    expect(await cash(alice.address)).toBe(0n)
  })

  it('settles a trade id once: a replay reverts', async () => {
    const t = trade('buyback-5/alice', 5n, 10_000_000n)
    expect((await settle(t)).status).toBe('success')
    expect(await refusal(t)).toBe('AlreadySettled')
    expect((await settle(t)).status).toBe('reverted')
    expect(await tokens(alice.address)).toBe(95n)
    expect(await cash(alice.address)).toBe(10_000_000n)
  })

  it('never takes frozen or locked tokens, nor from a frozen wallet', async () => {
    const { deployCtx: ctx, deployments: d } = chain
    await sendCall(ctx, suite.token, tokenAbi, 'freezePartialTokens', [alice.address, 30n])
    expect(await refusal(trade('r-1', 71n, 1n))).toBe('InsufficientFreeBalance')
    // The next mint to Alice is locked for a day: 70 free (unfrozen) of 150, 50 of them locked.
    await configureModule(ctx, suite.compliance, d.modules.lockup, encodeFunctionData({ abi: custosLockupModuleAbi, functionName: 'setNextMintLockup', args: [alice.address, 86_400n] }))
    await sendCall(ctx, suite.token, tokenAbi, 'mint', [alice.address, 50n])
    expect(await refusal(trade('r-2', 71n, 1n))).toBe('TokensLocked')
    expect((await settle(trade('r-3', 70n, 1n))).status).toBe('success')
    expect(await tokens(alice.address)).toBe(80n)
    await sendCall(ctx, suite.token, tokenAbi, 'setAddressFrozen', [alice.address, true])
    expect(await refusal(trade('r-4', 1n, 1n))).toBe('InvestorFrozen')
  })

  it('settles only for an agent of the token, and only while the token runs', async () => {
    const stranger = chain.wallets[2]!
    expect(await refusal(trade('s-1', 1n, 0n), stranger)).toBe('NotTokenAgent')
    expect(await refusal(trade('s-0', 0n, 0n))).toBe('ZeroQuantity')
    await sendCall(chain.deployCtx, suite.token, tokenAbi, 'pause', [])
    expect(await refusal(trade('s-2', 1n, 0n))).toBe('TokenPaused')
    await sendCall(chain.deployCtx, suite.token, tokenAbi, 'unpause', [])
    await sendCall(chain.deployCtx, suite.token, tokenAbi, 'removeAgent', [dvp])
    expect(await refusal(trade('s-3', 1n, 0n))).toBe('SettlementNotAgent')
  })
})
