import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { encodeAbiParameters, encodeFunctionData, keccak256, type Address } from 'viem'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { agentCall, configureModule, onboardInvestor, prepareWorld, sendFrom, transferFrom, type OnchainInvestor, type OnchainWorld } from '../test/onchain-investors.ts'
import { deployTokenSuite, type TokenSuite } from './deploy-token-suite.ts'
import { sendCall } from './deployer.ts'
import {
  custosCountryModuleAbi,
  custosLockupModuleAbi,
  custosMaxBalanceModuleAbi,
  custosMaxHoldersModuleAbi,
  custosTransferRestrictionsAbi,
  claimIssuerAbi,
  identityAbi,
  identityRegistryAbi,
  tokenAbi,
} from './generated/abis.ts'
import { CLAIM_TOPICS, KEY_PURPOSE } from './claim-topics.ts'
import { keyHashOf } from './deploy-infrastructure.ts'

const US = 840
const DE = 276
const FR = 250
const CU = 192
const DAY = 86_400n

describe('Custos compliance modules on a real anvil', () => {
  let chain: TestChain
  let world: OnchainWorld
  let suite: TokenSuite
  let revert: () => Promise<void>
  let alice: OnchainInvestor, bob: OnchainInvestor, carol: OnchainInvestor, dave: OnchainInvestor, erin: OnchainInvestor, cuba: OnchainInvestor

  const token = () => suite.token
  const mint = (to: Address, amount: bigint) => agentCall(chain.deployCtx, token(), encodeFunctionData({ abi: tokenAbi, functionName: 'mint', args: [to, amount] }))
  const balance = (a: Address) => chain.publicClient.readContract({ address: token(), abi: tokenAbi, functionName: 'balanceOf', args: [a] })
  const locked = (a: Address) => chain.publicClient.readContract({ address: chain.deployments.modules.lockup, abi: custosLockupModuleAbi, functionName: 'lockedBalanceOf', args: [suite.compliance, a] })
  const lots = (a: Address) => chain.publicClient.readContract({ address: chain.deployments.modules.lockup, abi: custosLockupModuleAbi, functionName: 'lotsOf', args: [suite.compliance, a] })
  const detect = (from: Address, to: Address, amount: bigint) =>
    chain.publicClient.readContract({ address: chain.deployments.transferRestrictions, abi: custosTransferRestrictionsAbi, functionName: 'detectTransferRestriction', args: [token(), from, to, amount] })
  const lockNextMint = (wallet: Address, seconds: bigint) =>
    configureModule(chain.deployCtx, suite.compliance, chain.deployments.modules.lockup, encodeFunctionData({ abi: custosLockupModuleAbi, functionName: 'setNextMintLockup', args: [wallet, seconds] }))
  const now = async () => (await chain.publicClient.getBlock()).timestamp

  beforeAll(async () => {
    chain = await startTestChain()
    world = await prepareWorld({ ctx: chain.deployCtx, d: chain.deployments, rpcUrl: chain.rpcUrl, testClient: chain.testClient })
    const agent = chain.deployer.account.address
    suite = await deployTokenSuite(chain.deployCtx, chain.deployments, {
      salt: 'CUSTOS-MODULES',
      name: 'Modules Equity',
      symbol: 'MODS',
      decimals: 0,
      owner: agent,
      tokenAgents: [agent],
      irAgents: [agent],
      claimTopics: [CLAIM_TOPICS.KYC],
      compliance: { allowedCountries: [US, DE, CU], deniedCountries: [CU], maxBalance: 1_000n, supplyLimit: 3_000n, maxHolders: 4n, countryMaxHolders: [{ country: DE, maxHolders: 1n }] },
    })
    alice = await onboardInvestor(world, US, 'mods-alice')
    bob = await onboardInvestor(world, US, 'mods-bob')
    carol = await onboardInvestor(world, DE, 'mods-carol')
    dave = await onboardInvestor(world, DE, 'mods-dave')
    erin = await onboardInvestor(world, FR, 'mods-erin')
    cuba = await onboardInvestor(world, CU, 'mods-cuba')
    await sendCall(chain.deployCtx, token(), tokenAbi, 'unpause', [])
  }, 180_000)
  beforeEach(async () => {
    revert = await chain.snapshot()
  })
  afterEach(async () => {
    await revert()
  })
  afterAll(async () => {
    await chain?.stop()
  })

  it('binds the five Custos modules to a new token', async () => {
    const d = chain.deployments.modules
    expect(suite.modules).toEqual([d.country, d.maxBalance, d.supplyLimit, d.lockup, d.maxHolders])
  })

  it('country: a holder cannot send to a country off the allow-list or on the deny-list, nor can an agent mint there', async () => {
    expect(await mint(alice.address, 100n)).toBe(true)
    expect(await mint(erin.address, 1n)).toBe(false)
    expect(await transferFrom(chain.publicClient, alice, token(), erin.address, 10n)).toBe(false)
    expect(await transferFrom(chain.publicClient, alice, token(), cuba.address, 10n)).toBe(false)
    expect(await detect(alice.address, erin.address, 10n)).toBe(9)
    expect(await detect(alice.address, cuba.address, 10n)).toBe(9)
    expect(await balance(erin.address)).toBe(0n)
    // Denying the holder's own peers' country stops a transfer that went before.
    expect(await transferFrom(chain.publicClient, alice, token(), bob.address, 10n)).toBe(true)
    await configureModule(chain.deployCtx, suite.compliance, chain.deployments.modules.country, encodeFunctionData({ abi: custosCountryModuleAbi, functionName: 'denyCountries', args: [[US]] }))
    expect(await transferFrom(chain.publicClient, alice, token(), bob.address, 10n)).toBe(false)
    expect(await balance(bob.address)).toBe(10n)
  })

  it('country: a sender the token’s registry no longer verifies cannot send, its claim revoked or its signer’s key removed', async () => {
    const verified = (a: Address) => chain.publicClient.readContract({ address: suite.identityRegistry, abi: identityRegistryAbi, functionName: 'isVerified', args: [a] })
    // Frank's claim is signed by a second key of the same issuer, so he stays verified when the first key goes.
    const frank = await onboardInvestor(await prepareWorld({ ctx: chain.deployCtx, d: chain.deployments, rpcUrl: chain.rpcUrl, testClient: chain.testClient }), US, 'mods-frank')
    expect(await mint(alice.address, 100n)).toBe(true)
    expect(await mint(bob.address, 100n)).toBe(true)
    // The issuer revokes Alice's KYC claim: she stays registered, but may no longer send.
    const claimId = keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [chain.deployments.claimIssuer, CLAIM_TOPICS.KYC]))
    const [, , , signature] = await chain.publicClient.readContract({ address: alice.identity, abi: identityAbi, functionName: 'getClaim', args: [claimId] })
    await sendCall(chain.deployCtx, chain.deployments.claimIssuer, claimIssuerAbi, 'revokeClaimBySignature', [signature])
    expect(await verified(alice.address)).toBe(false)
    expect(await transferFrom(chain.publicClient, alice, token(), frank.address, 10n)).toBe(false)
    expect(await detect(alice.address, frank.address, 10n)).toBe(2)
    expect(await transferFrom(chain.publicClient, bob, token(), frank.address, 10n)).toBe(true)
    // The issuer removes the key that signed Bob's claim: the claim is not revoked, but no longer valid.
    await sendCall(chain.deployCtx, chain.deployments.claimIssuer, claimIssuerAbi, 'removeKey', [keyHashOf(world.claimSigner.address), KEY_PURPOSE.CLAIM])
    expect(await verified(bob.address)).toBe(false)
    expect(await verified(frank.address)).toBe(true)
    expect(await transferFrom(chain.publicClient, bob, token(), frank.address, 10n)).toBe(false)
    expect(await balance(frank.address)).toBe(10n)
    expect(await balance(alice.address)).toBe(100n)
  })

  it('max balance: counted per identity, refused one unit over, allowed exactly at the maximum', async () => {
    expect(await mint(alice.address, 1_000n)).toBe(true)
    expect(await mint(bob.address, 1n)).toBe(true)
    expect(await mint(alice.address, 1n)).toBe(false)
    expect(await transferFrom(chain.publicClient, bob, token(), alice.address, 1n)).toBe(false)
    expect(await detect(bob.address, alice.address, 1n)).toBe(10)
    expect(await transferFrom(chain.publicClient, alice, token(), bob.address, 999n)).toBe(true)
    expect(await balance(bob.address)).toBe(1_000n)
    expect(await chain.publicClient.readContract({ address: chain.deployments.modules.maxBalance, abi: custosMaxBalanceModuleAbi, functionName: 'identityBalance', args: [suite.compliance, bob.identity] })).toBe(1_000n)
    // A forced transfer cannot go around it either.
    expect(await agentCall(chain.deployCtx, token(), encodeFunctionData({ abi: tokenAbi, functionName: 'forcedTransfer', args: [alice.address, bob.address, 1n] }))).toBe(false)
  })

  it('supply limit: a mint over the limit is refused, one exactly at it goes', async () => {
    await configureModule(chain.deployCtx, suite.compliance, chain.deployments.modules.maxBalance, encodeFunctionData({ abi: custosMaxBalanceModuleAbi, functionName: 'setMaxBalance', args: [0n] }))
    expect(await mint(alice.address, 1_000n)).toBe(true)
    expect(await mint(bob.address, 1_000n)).toBe(true)
    expect(await mint(carol.address, 1_001n)).toBe(false)
    expect(await detect('0x0000000000000000000000000000000000000000', carol.address, 1_001n)).toBe(11)
    expect(await mint(carol.address, 1_000n)).toBe(true)
    expect(await chain.publicClient.readContract({ address: token(), abi: tokenAbi, functionName: 'totalSupply' })).toBe(3_000n)
  })

  it('max holders: per token and per country, and a holder leaving frees its place', async () => {
    const holders = () => chain.publicClient.readContract({ address: chain.deployments.modules.maxHolders, abi: custosMaxHoldersModuleAbi, functionName: 'holderCount', args: [suite.compliance] })
    expect(await mint(carol.address, 10n)).toBe(true)
    // Germany is capped at one holder.
    expect(await mint(dave.address, 10n)).toBe(false)
    expect(await transferFrom(chain.publicClient, carol, token(), dave.address, 5n)).toBe(false)
    expect(await detect(carol.address, dave.address, 5n)).toBe(14)
    // Carol sending all she holds leaves the German place to Dave.
    expect(await transferFrom(chain.publicClient, carol, token(), dave.address, 10n)).toBe(true)
    expect(await holders()).toBe(1n)
    // The token is capped at four holders.
    await configureModule(chain.deployCtx, suite.compliance, chain.deployments.modules.maxHolders, encodeFunctionData({ abi: custosMaxHoldersModuleAbi, functionName: 'setMaxHolders', args: [2n] }))
    expect(await mint(alice.address, 10n)).toBe(true)
    expect(await holders()).toBe(2n)
    expect(await mint(bob.address, 10n)).toBe(false)
    expect(await transferFrom(chain.publicClient, alice, token(), bob.address, 1n)).toBe(false)
    expect(await transferFrom(chain.publicClient, alice, token(), bob.address, 10n)).toBe(true)
    expect(await holders()).toBe(2n)
  })

  describe('lock-up per lot', () => {
    let release: bigint
    beforeEach(async () => {
      // 150 locked for 40 days (an offering's term), then 50 free (the token's default: none).
      await lockNextMint(alice.address, 40n * DAY)
      expect(await mint(alice.address, 150n)).toBe(true)
      release = (await now()) + 40n * DAY
      expect(await mint(alice.address, 50n)).toBe(true)
    })

    it('records the lot and refuses, from the holder itself, more than the unlocked balance by any method', async () => {
      expect(await lots(alice.address)).toEqual([{ amount: 150n, releaseTime: release }])
      expect(await locked(alice.address)).toBe(150n)
      expect(await transferFrom(chain.publicClient, alice, token(), bob.address, 51n)).toBe(false)
      expect(await transferFrom(chain.publicClient, alice, token(), bob.address, 200n)).toBe(false)
      expect(await detect(alice.address, bob.address, 51n)).toBe(12)
      // transferFrom by a spender the holder approved: the same rule.
      expect(await sendFrom(chain.publicClient, alice.wallet, token(), encodeFunctionData({ abi: tokenAbi, functionName: 'approve', args: [bob.address, 200n] }))).toBe(true)
      expect(await sendFrom(chain.publicClient, bob.wallet, token(), encodeFunctionData({ abi: tokenAbi, functionName: 'transferFrom', args: [alice.address, bob.address, 60n] }))).toBe(false)
      expect(await transferFrom(chain.publicClient, alice, token(), bob.address, 50n)).toBe(true)
      expect(await balance(alice.address)).toBe(150n)
      expect(await locked(alice.address)).toBe(150n)
    })

    it('keeps partially frozen tokens out of what a holder may send', async () => {
      await sendCall(chain.deployCtx, token(), tokenAbi, 'freezePartialTokens', [alice.address, 30n])
      expect(await transferFrom(chain.publicClient, alice, token(), bob.address, 21n)).toBe(false)
      expect(await transferFrom(chain.publicClient, alice, token(), bob.address, 20n)).toBe(true)
    })

    it('releases on chain time: not a second before the release time, exactly at it, and after', async () => {
      await chain.testClient.setNextBlockTimestamp({ timestamp: release - 1n })
      expect(await transferFrom(chain.publicClient, alice, token(), bob.address, 51n)).toBe(false)
      await chain.testClient.setNextBlockTimestamp({ timestamp: release })
      expect(await transferFrom(chain.publicClient, alice, token(), bob.address, 51n)).toBe(true)
      expect(await locked(alice.address)).toBe(0n)
      await chain.testClient.increaseTime({ seconds: 3600 })
      expect(await transferFrom(chain.publicClient, alice, token(), bob.address, 149n)).toBe(true)
      expect(await balance(alice.address)).toBe(0n)
      expect(await lots(alice.address)).toEqual([])
    })

    it('a forced transfer takes the free tokens first, then moves locked lots with their release time', async () => {
      const forced = encodeFunctionData({ abi: tokenAbi, functionName: 'forcedTransfer', args: [alice.address, bob.address, 100n] })
      expect(await agentCall(chain.deployCtx, token(), forced)).toBe(true)
      expect(await balance(alice.address)).toBe(100n)
      expect(await lots(alice.address)).toEqual([{ amount: 100n, releaseTime: release }])
      expect(await lots(bob.address)).toEqual([{ amount: 50n, releaseTime: release }])
      // Bob received 50 free and 50 still locked.
      expect(await transferFrom(chain.publicClient, bob, token(), alice.address, 51n)).toBe(false)
      expect(await transferFrom(chain.publicClient, bob, token(), alice.address, 50n)).toBe(true)
    })

    it('a burn consumes free tokens first, then locked lots oldest first, so locked never exceeds the balance', async () => {
      await lockNextMint(alice.address, 400n * DAY)
      expect(await mint(alice.address, 20n)).toBe(true)
      const later = (await now()) + 400n * DAY
      expect(await agentCall(chain.deployCtx, token(), encodeFunctionData({ abi: tokenAbi, functionName: 'burn', args: [alice.address, 120n] }))).toBe(true)
      expect(await balance(alice.address)).toBe(100n)
      expect(await lots(alice.address)).toEqual([
        { amount: 80n, releaseTime: release },
        { amount: 20n, releaseTime: later },
      ])
      expect(await locked(alice.address)).toBe(100n)
    })
  })

  it('the ERC-1404 view answers the platform codes', async () => {
    expect(await mint(alice.address, 100n)).toBe(true)
    expect(await detect(alice.address, bob.address, 10n)).toBe(0)
    expect(await detect(alice.address, bob.address, 101n)).toBe(8)
    expect(await detect(alice.address, '0x000000000000000000000000000000000000dEaD', 1n)).toBe(3)
    expect(await detect(bob.address, alice.address, 0n)).toBe(0)
    await sendCall(chain.deployCtx, chain.deployments.identityRegistry.registry, identityRegistryAbi, 'deleteIdentity', [erin.address])
    expect(await detect(erin.address, alice.address, 0n)).toBe(2)
    await sendCall(chain.deployCtx, token(), tokenAbi, 'setAddressFrozen', [bob.address, true])
    expect(await detect(alice.address, bob.address, 1n)).toBe(7)
    expect(await detect(bob.address, alice.address, 0n)).toBe(6)
    await sendCall(chain.deployCtx, token(), tokenAbi, 'pause', [])
    expect(await detect(alice.address, carol.address, 1n)).toBe(1)
  })
})
