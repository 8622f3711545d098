import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, type Address, type Hex } from 'viem'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../test/custody.ts'
import { deployTokenSuite } from '../../chain/deploy-token-suite.ts'
import { complianceToken, MINT_METHODS, tokenCallData, TRANSFER_METHODS, type ComplianceToken, type TokenMethod } from '../../test/compliance-world.ts'
import { sendCall } from '../../chain/deployer.ts'
import { keyHashOf } from '../../chain/deploy-infrastructure.ts'
import { CLAIM_TOPICS, KEY_PURPOSE, KEY_TYPE_ECDSA } from '../../chain/claim-topics.ts'
import { claimPayloadHash, identityFromLogs } from '../../chain/identity.ts'
import { claimIssuerAbi, identityAbi, identityRegistryAbi, idFactoryAbi, tokenAbi } from '../../chain/generated/abis.ts'
import { submitAndDecide, type Tx } from '../governance/test-kit.ts'
import { waitForReceipt } from '../../chain/wait-for-receipt.ts'
import { RESTRICTIONS, type RestrictionName } from '../../shared/compliance/restriction-codes.ts'

type Vault = { id: string; address: Address }
const US = 840
const FR = 250
const MAX_BALANCE = 1_000_000n
const SUPPLY_LIMIT = 1_950_000n
/** The receiver's identity starts this close to the maximum balance, so one holder's balance can exceed it. */
const RECEIVER_START = 900_000n

/** How the chain itself treats a case: it refuses the rule too, or the rule is custody's own (a hold). */
type ChainRule = 'enforced' | 'custody-only'

/** One row of the matrix: a state of the world, a movement, and the rule that must decide it. */
interface Case {
  name: string
  /** transfer-like cases move from the holder; mint-like cases are sent by the agent. */
  method: TokenMethod
  expect: RestrictionName
  chain?: ChainRule
  /** The amount, given the world as it is (after arrange). */
  amount?: (w: World) => Promise<bigint>
  /** The receiver; R (a verified US investor) unless said. */
  to?: (w: World) => Address
  arrange?: (w: World, holders: Address[]) => Promise<void>
  /** Between the custody path and the chain path: put back what an allowed custody movement changed. */
  between?: (w: World) => Promise<void>
  restore?: (w: World, holders: Address[]) => Promise<void>
}

interface World {
  chain: TestChain
  custody: TestCustody
  /** The matrix token, and the shared kit that reads it and sets each case up (src/test/compliance-world.ts). */
  kit: ComplianceToken
  receiver: Vault
  bob: Address
  carol: Address
  /** A verified US wallet (of bob's identity) that holds nothing: a new holder. */
  newcomer: Address
  identities: Map<Address, Address>
}

const one = async () => 100n
const hold = (rule: string, side: 'from' | 'to') => ({
  arrange: async (w: World, holders: Address[]) => {
    for (const a of side === 'from' ? holders : [w.receiver.address]) await w.custody.as.platform.post('/v1/holds', { address: a, rule, reason: `matrix ${rule}` })
  },
  restore: async (w: World, holders: Address[]) => {
    for (const a of side === 'from' ? holders : [w.receiver.address]) await w.custody.as.platform.post('/v1/holds/release', { address: a, reason: 'matrix done' })
  },
})
const freeze = (side: 'from' | 'to') => ({
  arrange: (w: World, holders: Address[]) => w.kit.setFrozen(side === 'from' ? holders : [w.receiver.address], true),
  restore: (w: World, holders: Address[]) => w.kit.setFrozen(side === 'from' ? holders : [w.receiver.address], false),
})
// Each holder keeps 10.00 MTX free: the rest of its balance is frozen.
const partialFreeze = {
  arrange: (w: World, holders: Address[]) => w.kit.freezeAllBut(holders, 1_000n),
  restore: (w: World, holders: Address[]) => w.kit.unfreezePartial(holders),
}
// The receiver back at its starting balance, so the chain path meets the same maximum.
const resetReceiver = (w: World) => w.kit.burnTo(w.receiver.address, RECEIVER_START)
const unverifiedSender = {
  arrange: (w: World, holders: Address[]) => w.kit.unverify(holders),
  restore: (w: World, holders: Address[]) => w.kit.reverify(holders, (a) => w.identities.get(a)!, US),
}
// The supply limit brought down to 0.50 MTX above the supply, so one mint can exceed it without exceeding a maximum balance.
const nearSupplyLimit = {
  arrange: async (w: World) => void (await w.kit.setSupplyLimit((await w.kit.totalSupply()) + 50n)),
  restore: async (w: World) => void (await w.kit.setSupplyLimit(SUPPLY_LIMIT)),
}
// Lock-up: each holder keeps 10.00 MTX free and gets a locked lot of 10.00 MTX, minted
// with a one-shot lock-up; alice's lot is released later than the custody holder's, so
// the chain path can still meet its release exactly after the custody path.
const LOCKUP_SECONDS = 3_600n
const lockupExtra = (w: World, a: Address) => (a === w.chain.wallets[0]!.account.address ? 600n : 0n)
const lockedLot = (then: 'not-over' | 'at-release' | 'over') => ({
  arrange: async (w: World, holders: Address[]) => {
    await w.kit.lockAllBut(holders, 1_000n, (a) => LOCKUP_SECONDS + lockupExtra(w, a))
    // Custody checks at the latest block: make it the custody holder's release time exactly.
    if (then === 'at-release') await w.kit.mineAt(await w.kit.lotRelease(holders[0]!))
    if (then === 'over') await w.kit.passChainTime(LOCKUP_SECONDS + 601n)
  },
  // The chain path's movement is mined at alice's release time exactly.
  between: then === 'at-release' ? async (w: World) => void (await w.chain.testClient.setNextBlockTimestamp({ timestamp: await w.kit.lotRelease(w.chain.wallets[0]!.account.address) })) : undefined,
  restore: async (w: World, holders: Address[]) => {
    await w.kit.unlockAll(holders)
    await resetReceiver(w)
  },
})
// Max holders: the cap set to the number of holders there are now.
const atHolderCap = {
  arrange: (w: World) => w.kit.capHoldersNow(),
  restore: async (w: World) => void (await w.kit.setMaxHolders(0n)),
}
const paused = { arrange: (w: World) => w.kit.pause(), restore: (w: World) => w.kit.unpause() }

/**
 * The matrix: every rule, for every method that can move tokens.
 */
const CASES: Case[] = [
  ...TRANSFER_METHODS.flatMap((method): Case[] => [
    { name: `${method}: allowed`, method, expect: 'SUCCESS', amount: one },
    { name: `${method}: paused`, method, expect: 'TOKEN_PAUSED', amount: one, ...paused },
    { name: `${method}: receiver unverified`, method, expect: 'RECEIVER_NOT_VERIFIED', amount: one, to: (w) => w.carol },
    // The token verifies only the receiver; our country module refuses a sender the registry no longer verifies (decision 0097).
    { name: `${method}: sender unverified`, method, expect: 'SENDER_NOT_VERIFIED', amount: one, ...unverifiedSender },
    { name: `${method}: sender frozen`, method, expect: 'SENDER_FROZEN', amount: one, ...freeze('from') },
    { name: `${method}: receiver frozen`, method, expect: 'RECEIVER_FROZEN', amount: one, ...freeze('to') },
    { name: `${method}: partially frozen, one unit over the free balance`, method, expect: 'INSUFFICIENT_UNFROZEN_BALANCE', amount: async () => 1_001n, ...partialFreeze },
    { name: `${method}: partially frozen, exactly the free balance`, method, expect: 'SUCCESS', amount: async () => 1_000n, ...partialFreeze },
    { name: `${method}: more than the balance`, method, expect: 'INSUFFICIENT_UNFROZEN_BALANCE', amount: async () => 10_000_000n },
    { name: `${method}: country not allowed`, method, expect: 'COUNTRY_NOT_ALLOWED', amount: one, to: (w) => w.bob },
    { name: `${method}: max balance exceeded by one unit`, method, expect: 'MAX_BALANCE_EXCEEDED', amount: async (w) => MAX_BALANCE - (await w.kit.identityBalance(w.receiver.address)) + 1n },
    { name: `${method}: max balance reached exactly`, method, expect: 'SUCCESS', amount: async (w) => MAX_BALANCE - (await w.kit.identityBalance(w.receiver.address)), between: resetReceiver, restore: resetReceiver },
    { name: `${method}: sender suspended (hold)`, method, expect: 'SENDER_ON_HOLD', chain: 'custody-only', amount: one, ...hold('ON_HOLD', 'from') },
    { name: `${method}: receiver sanctioned (hold)`, method, expect: 'RECEIVER_ON_HOLD', chain: 'custody-only', amount: one, ...hold('ON_HOLD', 'to') },
    { name: `${method}: sender KYC expired (hold before revocation)`, method, expect: 'SENDER_KYC_EXPIRED', chain: 'custody-only', amount: one, ...hold('KYC_EXPIRED', 'from') },
    { name: `${method}: receiver accreditation expired (hold)`, method, expect: 'RECEIVER_ACCREDITATION_EXPIRED', chain: 'custody-only', amount: one, ...hold('ACCREDITATION_EXPIRED', 'to') },
    { name: `${method}: lock-up not over, one unit over the free balance`, method, expect: 'LOCKUP_NOT_OVER', amount: async () => 1_001n, ...lockedLot('not-over') },
    { name: `${method}: lock-up released exactly now`, method, expect: 'SUCCESS', amount: async () => 1_001n, ...lockedLot('at-release') },
    { name: `${method}: lock-up over (chain time moved)`, method, expect: 'SUCCESS', amount: async () => 1_001n, ...lockedLot('over') },
    { name: `${method}: max holders reached, a new holder refused`, method, expect: 'MAX_HOLDERS_EXCEEDED', amount: one, to: (w) => w.newcomer, ...atHolderCap },
    { name: `${method}: max holders reached, an existing holder still receives`, method, expect: 'SUCCESS', amount: one, ...atHolderCap },
  ]),
  ...MINT_METHODS.flatMap((method): Case[] => [
    { name: `${method}: allowed`, method, expect: 'SUCCESS', amount: one },
    { name: `${method}: receiver unverified`, method, expect: 'RECEIVER_NOT_VERIFIED', amount: one, to: (w) => w.carol },
    { name: `${method}: country not allowed`, method, expect: 'COUNTRY_NOT_ALLOWED', amount: one, to: (w) => w.bob },
    { name: `${method}: max balance exceeded by one unit`, method, expect: 'MAX_BALANCE_EXCEEDED', amount: async (w) => MAX_BALANCE - (await w.kit.identityBalance(w.receiver.address)) + 1n },
    { name: `${method}: supply limit exceeded by one unit`, method, expect: 'SUPPLY_LIMIT_EXCEEDED', amount: async () => 51n, ...nearSupplyLimit },
    { name: `${method}: supply limit reached exactly`, method, expect: 'SUCCESS', amount: async () => 50n, ...nearSupplyLimit, between: async (w) => void (await w.kit.setSupplyLimit((await w.kit.totalSupply()) + 50n)) },
    { name: `${method}: receiver held`, method, expect: 'RECEIVER_ON_HOLD', chain: 'custody-only', amount: one, ...hold('ON_HOLD', 'to') },
    { name: `${method}: max holders reached, a new holder refused`, method, expect: 'MAX_HOLDERS_EXCEEDED', amount: one, to: (w) => w.newcomer, ...atHolderCap },
  ]),
]

/**
 * The compliance matrix, through two paths for every case: custody asked directly (from a
 * custody vault, with the case's method) and the chain itself (the same method sent from an
 * investor's own address on anvil, mined, not only simulated). No forbidden movement settles
 * on either path; every allowed one settles; custody names the rule with the code table's
 * sub-status. src/platform/modules/transfers/compliance-matrix.test.ts runs the same rules
 * through the platform's paths too (check endpoint, POST /v1/transfers, the mint request).
 */
describe('compliance matrix: custody and chain agree, rule by rule', () => {
  let w: World
  let agent: Vault, holder: Vault
  let alice: Address
  let n = 0

  const balanceOf = (who: Address) => w.kit.balanceOf(who)

  beforeAll(async () => {
    const chain = await startTestChain()
    const custody = await startTestCustody(chain)
    const vault = async (name: string) => (await custody.as.admin.post<Vault>('/v1/vaults', { name, tier: 'hot' })).body
    agent = await vault('agent')
    holder = await vault('holder')
    const receiver = await vault('receiver')
    for (const v of [agent, holder, receiver]) await chain.testClient.setBalance({ address: v.address, value: 10n ** 20n })
    const { deployments: d, deployCtx: ctx } = chain
    const deployer = chain.deployer.account.address
    await sendCall(ctx, d.identityRegistry.registry, identityRegistryAbi, 'addAgent', [deployer])
    await sendCall(ctx, d.claimIssuer, claimIssuerAbi, 'addKey', [keyHashOf(chain.wallets[3]!.account.address), KEY_PURPOSE.CLAIM, KEY_TYPE_ECDSA])
    const suite = await deployTokenSuite(ctx, d, {
      salt: 'COMPLIANCE-MATRIX',
      name: 'Matrix Fund',
      symbol: 'MTX',
      decimals: 2,
      owner: deployer,
      tokenAgents: [deployer, agent.address],
      irAgents: [deployer],
      claimTopics: [CLAIM_TOPICS.KYC],
      compliance: { allowedCountries: [US], maxBalance: MAX_BALANCE, supplyLimit: SUPPLY_LIMIT },
    })
    const onboard = async (walletIndex: number, salt: string, country: number) => {
      const wallet = chain.wallets[walletIndex]!
      const receipt = await sendCall(ctx, d.idFactory, idFactoryAbi, 'createIdentity', [wallet.account.address, salt])
      const identity = identityFromLogs(receipt.logs)!
      const claim: Hex = '0x4b5943'
      const signature = await chain.wallets[3]!.account.signMessage!({ message: { raw: claimPayloadHash(identity, CLAIM_TOPICS.KYC, claim) } })
      await waitForReceipt(chain.publicClient, await wallet.writeContract({ address: identity, abi: identityAbi, functionName: 'addClaim', args: [CLAIM_TOPICS.KYC, 1n, d.claimIssuer, signature, claim, ''] }))
      await sendCall(ctx, d.identityRegistry.registry, identityRegistryAbi, 'registerIdentity', [wallet.account.address, identity, country])
      return identity
    }
    alice = chain.wallets[0]!.account.address
    const aliceId = await onboard(0, 'alice', US)
    const bobId = await onboard(1, 'bob', FR)
    // The custody holder is a second wallet of alice's identity; the receiver a US wallet of bob's.
    await sendCall(ctx, d.identityRegistry.registry, identityRegistryAbi, 'registerIdentity', [holder.address, aliceId, US])
    await sendCall(ctx, d.identityRegistry.registry, identityRegistryAbi, 'registerIdentity', [receiver.address, bobId, US])
    const newcomer: Address = '0x0000000000000000000000000000000000c0ffee'
    await sendCall(ctx, d.identityRegistry.registry, identityRegistryAbi, 'registerIdentity', [newcomer, bobId, US])
    w = {
      chain,
      custody,
      kit: complianceToken(chain, { token: suite.token, compliance: suite.compliance, identityRegistry: d.identityRegistry.registry }),
      receiver,
      bob: chain.wallets[1]!.account.address,
      carol: chain.wallets[2]!.account.address,
      newcomer,
      identities: new Map([
        [alice, aliceId],
        [holder.address, aliceId],
      ]),
    }
    // Max balance counts per identity: alice's two wallets hold 10,000.00 MTX together (its maximum); bob's US wallet 9,000.00.
    await w.kit.agent('mint', [holder.address, 500_000n])
    await w.kit.agent('mint', [alice, 500_000n])
    await w.kit.agent('mint', [receiver.address, RECEIVER_START])
    await w.kit.unpause()
    // transferFrom: each holder lets itself spend (T-REX checks the allowance of the caller).
    await w.kit.approveSelf(chain.wallets[0]!)
    const approve = await submitAndDecide(custody.as.platform, { externalTxId: 'approve-self', sourceVaultId: holder.id, to: suite.token, data: encodeFunctionData({ abi: tokenAbi, functionName: 'approve', args: [holder.address, 10n ** 30n] }) })
    expect((await waitForTransaction<Tx>(custody.as.platform, approve.id)).status).toBe('COMPLETED')
  }, 180_000)
  afterAll(async () => {
    await w?.custody.close()
    await w?.chain.stop()
  })

  it('has at least 60 case-path pairs', () => {
    expect(CASES.length * 2).toBeGreaterThanOrEqual(60)
  })

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const mintLike = c.method === 'mint' || c.method === 'batchMint'
    await c.arrange?.(w, [holder.address, alice])
    try {
      const allowed = c.expect === 'SUCCESS'
      const to = c.to?.(w) ?? w.receiver.address

      // Path 1: custody asked directly, from its vault.
      const custodyAmount = await (c.amount ?? one)(w)
      const source = mintLike ? agent : holder
      const sentBefore = await w.chain.publicClient.getTransactionCount({ address: source.address })
      const toBefore = await balanceOf(to)
      const t = await submitAndDecide(w.custody.as.platform, { externalTxId: `mx-${++n}`, sourceVaultId: source.id, to: w.kit.token, data: tokenCallData(c.method, holder.address, to, custodyAmount) })
      const end = await waitForTransaction<Tx>(w.custody.as.platform, t.id)
      if (allowed) {
        expect(end.status, `${end.subStatus}: ${end.statusReason}`).toBe('COMPLETED')
        expect(await balanceOf(to)).toBe(toBefore + custodyAmount)
      } else {
        expect({ status: end.status, subStatus: end.subStatus }, String(end.statusReason)).toEqual({ status: 'BLOCKED', subStatus: RESTRICTIONS[c.expect].subStatus })
        expect(await w.chain.publicClient.getTransactionCount({ address: source.address })).toBe(sentBefore)
        expect(await balanceOf(to)).toBe(toBefore)
      }

      await c.between?.(w)
      // Path 2: the chain itself, sent (and mined) from the investor's own address, or the agent's for a mint.
      const chainAmount = await (c.amount ?? one)(w)
      const before = await balanceOf(to)
      const sender = mintLike ? w.chain.deployer : w.chain.wallets[0]!
      const hash = await sender.sendTransaction({ to: w.kit.token, data: tokenCallData(c.method, alice, to, chainAmount), gas: 3_000_000n })
      const receipt = await waitForReceipt(w.chain.publicClient, hash)
      // A hold is custody's own: the chain lets it settle (the platform revokes the claim, and then the chain refuses too).
      const settles = allowed || c.chain === 'custody-only'
      expect(receipt.status).toBe(settles ? 'success' : 'reverted')
      expect(await balanceOf(to)).toBe(settles ? before + chainAmount : before)
    } finally {
      await c.restore?.(w, [holder.address, alice])
    }
  })
})
