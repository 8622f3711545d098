import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, type Address, type Hex } from 'viem'
import { identityRegistryAbi, modularComplianceAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import { sendCall } from '../../../chain/deployer.ts'
import { waitForReceipt } from '../../../chain/wait-for-receipt.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { complianceToken, MINT_METHODS, tokenCallData as callData, TRANSFER_METHODS, type ComplianceToken, type TokenMethod } from '../../../test/compliance-world.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../../test/custody.ts'
import { startTestPlatform, waitForInvestor, waitForValue, type TestPlatform } from '../../../test/platform.ts'
import { deployToken, onboardInvestor, settleOperation, type InvestorView, type OperationView, type TokenView } from '../../../test/platform/tokens.ts'
import { RESTRICTIONS, type RestrictionName } from '../tokens/public.ts'

type Tx = { id: string; status: string; subStatus: string | null; statusReason: string | null }
const DE = 276
const MAX_BALANCE = 1_000_000n
const SUPPLY_LIMIT = 2_000_000n
/** The receiver starts this close to the maximum balance, so one movement can exceed it. */
const RECEIVER_START = 990_000n
const LOCKUP_SECONDS = 3_600n

/** The four ways a movement can be asked; the platform path is the check endpoint and then POST (a transfer or a mint). */
type Path = 'platform' | 'custody' | 'chain'
type Method = TokenMethod

interface Target {
  investor?: InvestorView
  address: Address
}

interface World {
  chain: TestChain
  custody: TestCustody
  platform: TestPlatform
  token: TokenView
  /** The token's reads and case set-ups, shared with custody's matrix (src/test/compliance-world.ts). */
  kit: ComplianceToken
  alice: InvestorView
  bob: InvestorView
  carol: InvestorView
  dora: InvestorView
  frank: InvestorView
  /** A second wallet of alice's identity, sending from its own key: the chain path's holder. */
  twin: Address
  /** alice's ONCHAINID identity. */
  aliceIdentity: Address
  stranger: Address
  agent: (fn: string, args: unknown[]) => Promise<unknown>
  module: (module: Address, data: Hex) => Promise<unknown>
}

interface Case {
  name: string
  method: Method
  expect: RestrictionName
  amount?: (w: World) => Promise<bigint>
  to?: (w: World) => Target
  /** Sets the world up for one path; `wallet` is the holder that path sends from. */
  arrange?: (w: World, wallet: Address, path: Path) => Promise<void>
  restore?: (w: World, wallet: Address, path: Path) => Promise<void>
}

const one = async () => 100n
const balanceOf = (w: World, who: Address) => w.kit.balanceOf(who)
const heldBy = (w: World, who: Address) => w.kit.identityBalance(who)
const burnTo = (w: World, who: Address, target: bigint) => w.kit.burnTo(who, target)

const paused = { arrange: (w: World) => w.kit.pause(), restore: (w: World) => w.kit.unpause() }
const freeze = (side: 'from' | 'to') => ({
  arrange: (w: World, wallet: Address) => w.kit.setFrozen([side === 'from' ? wallet : w.bob.walletAddress!], true),
  restore: (w: World, wallet: Address) => w.kit.setFrozen([side === 'from' ? wallet : w.bob.walletAddress!], false),
})
// The holder keeps 1,000 free: the rest of its balance is frozen.
const partialFreeze = {
  arrange: (w: World, wallet: Address) => w.kit.freezeAllBut([wallet], 1_000n),
  restore: (w: World, wallet: Address) => w.kit.unfreezePartial([wallet]),
}
const atHolderCap = {
  arrange: (w: World) => w.kit.capHoldersNow(),
  restore: async (w: World) => {
    await w.kit.setMaxHolders(0n)
    await burnTo(w, w.dora.walletAddress!, 0n)
  },
}
// The supply brought to 50 below the limit by what frank (a DE investor) holds.
const nearSupplyLimit = {
  arrange: async (w: World) => void (await w.agent('mint', [w.frank.walletAddress!, SUPPLY_LIMIT - 50n - (await w.kit.totalSupply())])),
  restore: async (w: World) => {
    await burnTo(w, w.frank.walletAddress!, 0n)
    await burnTo(w, w.dora.walletAddress!, 0n)
  },
}
// Lock-up: the holder keeps 1,000 free and gets a locked lot of 1,000 minted with a one-shot lock-up.
/**
 * When the lot's release is looked at: not yet, exactly at it, past it by chain time, past
 * it by the platform's business clock only, or by both. The chain's time is the rule (the
 * lock-up module enforces it): the business clock moved alone frees nothing on any path.
 */
type LockupMoment = 'not-over' | 'at-release' | 'over' | 'business-clock-over' | 'both-over'
const lockedLot = (then: LockupMoment) => ({
  arrange: async (w: World, wallet: Address, path: Path) => {
    await w.kit.lockAllBut([wallet], 1_000n, () => LOCKUP_SECONDS)
    const release = await w.kit.lotRelease(wallet)
    if (then === 'at-release') {
      // The platform and custody check at the latest block: make it the release time exactly.
      // The chain path's own transaction is mined at the release time exactly.
      await w.chain.testClient.setNextBlockTimestamp({ timestamp: release })
      if (path !== 'chain') await w.chain.testClient.mine({ blocks: 1 })
    }
    if (then === 'business-clock-over' || then === 'both-over') w.platform.clock.advance((Number(LOCKUP_SECONDS) + 1) * 1000)
    if (then === 'over' || then === 'both-over') await w.kit.passChainTime(LOCKUP_SECONDS + 1n)
  },
  restore: (w: World, wallet: Address) => w.kit.unlockAll([wallet]),
})
// The token verifies only the receiver; our country module refuses an unverified sender (decision 0097).
const unverifiedSender = {
  arrange: (w: World, wallet: Address) => w.kit.unverify([wallet]),
  restore: (w: World, wallet: Address) => w.kit.reverify([wallet], () => w.aliceIdentity, DE),
}

const bob = (w: World): Target => ({ investor: w.bob, address: w.bob.walletAddress! })

const CASES: Case[] = [
  ...TRANSFER_METHODS.flatMap((method): Case[] => [
    { name: `${method}: allowed`, method, expect: 'SUCCESS' },
    { name: `${method}: paused`, method, expect: 'TOKEN_PAUSED', ...paused },
    { name: `${method}: receiver unverified`, method, expect: 'RECEIVER_NOT_VERIFIED', to: (w) => ({ address: w.stranger }) },
    { name: `${method}: sender unverified on-chain`, method, expect: 'SENDER_NOT_VERIFIED', ...unverifiedSender },
    { name: `${method}: sender frozen`, method, expect: 'SENDER_FROZEN', ...freeze('from') },
    { name: `${method}: receiver frozen`, method, expect: 'RECEIVER_FROZEN', ...freeze('to') },
    { name: `${method}: partially frozen, one unit over the free balance`, method, expect: 'INSUFFICIENT_UNFROZEN_BALANCE', amount: async () => 1_001n, ...partialFreeze },
    { name: `${method}: partially frozen, exactly the free balance`, method, expect: 'SUCCESS', amount: async () => 1_000n, ...partialFreeze },
    { name: `${method}: more than the balance`, method, expect: 'INSUFFICIENT_UNFROZEN_BALANCE', amount: async () => 10_000_000n },
    { name: `${method}: country not allowed`, method, expect: 'COUNTRY_NOT_ALLOWED', to: (w) => ({ investor: w.carol, address: w.carol.walletAddress! }) },
    { name: `${method}: max balance exceeded by one unit`, method, expect: 'MAX_BALANCE_EXCEEDED', amount: async (w) => MAX_BALANCE - (await heldBy(w, w.bob.walletAddress!)) + 1n },
    { name: `${method}: max balance reached exactly`, method, expect: 'SUCCESS', amount: async (w) => MAX_BALANCE - (await heldBy(w, w.bob.walletAddress!)) },
    { name: `${method}: lock-up not over, one unit over the free balance`, method, expect: 'LOCKUP_NOT_OVER', amount: async () => 1_001n, ...lockedLot('not-over') },
    { name: `${method}: lock-up not over, exactly the free balance`, method, expect: 'SUCCESS', amount: async () => 1_000n, ...lockedLot('not-over') },
    { name: `${method}: lock-up released exactly now`, method, expect: 'SUCCESS', amount: async () => 1_001n, ...lockedLot('at-release') },
    { name: `${method}: lock-up over (chain time moved)`, method, expect: 'SUCCESS', amount: async () => 1_001n, ...lockedLot('over') },
    { name: `${method}: lock-up not over by chain time, business clock moved past its release`, method, expect: 'LOCKUP_NOT_OVER', amount: async () => 1_001n, ...lockedLot('business-clock-over') },
    { name: `${method}: lock-up over by chain time and business clock`, method, expect: 'SUCCESS', amount: async () => 1_001n, ...lockedLot('both-over') },
    { name: `${method}: max holders reached, a new holder refused`, method, expect: 'MAX_HOLDERS_EXCEEDED', to: (w) => ({ investor: w.dora, address: w.dora.walletAddress! }), ...atHolderCap },
    { name: `${method}: max holders reached, an existing holder still receives`, method, expect: 'SUCCESS', ...atHolderCap },
  ]),
  ...MINT_METHODS.flatMap((method): Case[] => [
    { name: `${method}: allowed`, method, expect: 'SUCCESS' },
    { name: `${method}: country not allowed`, method, expect: 'COUNTRY_NOT_ALLOWED', to: (w) => ({ investor: w.carol, address: w.carol.walletAddress! }) },
    { name: `${method}: max balance exceeded by one unit`, method, expect: 'MAX_BALANCE_EXCEEDED', amount: async (w) => MAX_BALANCE - (await heldBy(w, w.bob.walletAddress!)) + 1n },
    { name: `${method}: max balance reached exactly`, method, expect: 'SUCCESS', amount: async (w) => MAX_BALANCE - (await heldBy(w, w.bob.walletAddress!)) },
    { name: `${method}: supply limit exceeded by one unit`, method, expect: 'SUPPLY_LIMIT_EXCEEDED', amount: async () => 51n, to: (w) => ({ investor: w.dora, address: w.dora.walletAddress! }), ...nearSupplyLimit },
    { name: `${method}: supply limit reached exactly`, method, expect: 'SUCCESS', amount: async () => 50n, to: (w) => ({ investor: w.dora, address: w.dora.walletAddress! }), ...nearSupplyLimit },
    { name: `${method}: max holders reached, a new holder refused`, method, expect: 'MAX_HOLDERS_EXCEEDED', to: (w) => ({ investor: w.dora, address: w.dora.walletAddress! }), ...atHolderCap },
  ]),
]

/**
 * The compliance matrix through all four paths, on a token the platform deployed and
 * investors it onboarded: the platform's check (`GET /v1/transfers/check`), the platform's
 * own request (`POST /v1/transfers`, or `POST /v1/assets/mint` for a mint), custody asked
 * directly from the holder's vault (or the issuer-agent vault) with the case's token method,
 * and the chain itself (the method sent and mined from a wallet of the holder's identity, or
 * from a token agent for a mint). No forbidden movement settles on any path, every allowed
 * one settles, and the platform's code, its problem's restrictionCode and custody's
 * sub-status all name the same rule. Mints have no check endpoint: the mint request is their
 * platform path.
 */
describe('compliance matrix through the platform, custody and the chain', () => {
  let w: World
  let n = 0

  /** A custody transaction from a vault, approved when the policy asks for it, to its end. */
  const throughCustody = async (vaultId: string, to: Address, data: Hex): Promise<Tx> => {
    const res = await w.custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: `cmx-${++n}`, sourceVaultId: vaultId, to, data })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const t = await waitForTransaction<Tx>(w.custody.as.platform, res.body.id, (x) => x.status !== 'SUBMITTED')
    if (t.status === 'PENDING_AUTHORIZATION') expect((await w.custody.as['approver-1'].post(`/v1/transactions/${t.id}/approve`, { comment: 'matrix' })).status).toBe(200)
    return waitForTransaction<Tx>(w.custody.as.platform, t.id)
  }

  beforeAll(async () => {
    const chain = await startTestChain()
    const custody = await startTestCustody(chain, { platformActsOnBehalf: true })
    const platform = await startTestPlatform(chain, custody, { custodyWebhooks: true, env: { PLATFORM_KYC_AUTO_APPROVE: 'true', CUSTODY_ACT_ON_BEHALF: 'true' } })
    const [alice, bobI, carol, dora, frank, token] = await Promise.all([
      onboardInvestor(platform, 'Alice Example', 'DE'),
      onboardInvestor(platform, 'Bob Beispiel', 'AT'),
      onboardInvestor(platform, 'Carole Martin', 'FR'),
      onboardInvestor(platform, 'Dora Weber', 'DE'),
      onboardInvestor(platform, 'Frank Huber', 'DE'),
      deployToken(platform, custody, { name: 'Matrix Equity', symbol: 'MTXP', decimals: 0, compliance: { allowedCountries: ['DE', 'AT'], maxBalance: String(MAX_BALANCE), supplyLimit: String(SUPPLY_LIMIT) } }),
    ])
    const { deployments: d, deployCtx: ctx } = chain
    const deployer = chain.deployer.account.address
    const issuerVault = platform.roles.vaults.issuerAgent
    // Set-ups write through the shared registry the operator is made an agent of below (the token's registry shares its storage).
    const kit = complianceToken(chain, { token: token.addresses.token!, compliance: token.addresses.compliance!, identityRegistry: d.identityRegistry.registry })
    w = {
      chain,
      custody,
      platform,
      token,
      kit,
      alice,
      bob: bobI,
      carol,
      dora,
      frank,
      twin: chain.wallets[0]!.account.address,
      aliceIdentity: await chain.publicClient.readContract({ address: token.addresses.identityRegistry!, abi: identityRegistryAbi, functionName: 'identity', args: [alice.walletAddress!] }),
      stranger: chain.wallets[2]!.account.address,
      agent: kit.agent,
      module: kit.module,
    }
    // The token's owner (the issuer-agent vault) makes the test's operator an agent and hands
    // it the compliance, through custody, so each case can set the world up directly.
    expect((await throughCustody(issuerVault.id, token.addresses.token!, encodeFunctionData({ abi: tokenAbi, functionName: 'addAgent', args: [deployer] }))).status).toBe('COMPLETED')
    expect((await throughCustody(issuerVault.id, token.addresses.compliance!, encodeFunctionData({ abi: modularComplianceAbi, functionName: 'transferOwnership', args: [deployer] }))).status).toBe('COMPLETED')
    // alice's second wallet: registered to her identity in the shared registry storage.
    await sendCall(ctx, d.identityRegistry.registry, identityRegistryAbi, 'addAgent', [deployer])
    await sendCall(ctx, d.identityRegistry.registry, identityRegistryAbi, 'registerIdentity', [w.twin, w.aliceIdentity, DE])
    // Max balance counts per identity: alice’s two wallets hold 500,000 together, bob 990,000.
    await w.agent('mint', [alice.walletAddress!, 400_000n])
    await w.agent('mint', [w.twin, 100_000n])
    await w.agent('mint', [bobI.walletAddress!, RECEIVER_START])
    await w.agent('unpause', [])
    // transferFrom: each holder lets itself spend (T-REX checks the caller's allowance).
    await kit.approveSelf(chain.wallets[0]!)
    expect((await throughCustody(alice.vaultId!, token.addresses.token!, encodeFunctionData({ abi: tokenAbi, functionName: 'approve', args: [alice.walletAddress!, 10n ** 30n] }))).status).toBe('COMPLETED')
  }, 600_000)
  afterAll(async () => {
    await w?.platform.close()
    await w?.custody.close()
    await w?.chain.stop()
  })

  it('has at least 60 cases, each through four paths', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60)
  })

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const mintLike = c.method === 'mint' || c.method === 'batchMint'
    const allowed = c.expect === 'SUCCESS'
    const r = RESTRICTIONS[c.expect]
    const target = (c.to ?? bob)(w)
    const holder = w.alice.walletAddress!

    const run = async (path: Path, wallet: Address, body: (amount: bigint) => Promise<void>) => {
      await c.arrange?.(w, wallet, path)
      try {
        await body(await (c.amount ?? one)(w))
      } finally {
        await c.restore?.(w, wallet, path)
        await burnTo(w, w.bob.walletAddress!, RECEIVER_START)
      }
    }

    // Paths 1 and 2: the platform's check, then its own request.
    await run('platform', holder, async (amount) => {
      const before = await balanceOf(w, target.address)
      if (!mintLike) {
        const to = target.investor ? `toInvestorId=${target.investor.id}` : `toAddress=${target.address}`
        const check = await w.platform.as.auditor.get<{ code: number; name: string }>(`/v1/transfers/check?tokenId=${w.token.id}&fromInvestorId=${w.alice.id}&${to}&quantity=${amount}`)
        expect(check.body).toMatchObject({ code: r.code, name: c.expect })
      }
      const key = `cmx-p-${++n}`
      const res = mintLike
        ? await w.platform.as['issuer-admin'].post<OperationView>('/v1/assets/mint', { tokenId: w.token.id, investorId: target.investor!.id, quantity: String(amount), agreementRef: 'matrix', idempotencyKey: key })
        : await w.platform.as.operator.post<OperationView>('/v1/transfers', { tokenId: w.token.id, fromInvestorId: w.alice.id, ...(target.investor ? { toInvestorId: target.investor.id } : { toAddress: target.address }), quantity: String(amount), idempotencyKey: key })
      if (allowed) {
        expect(res.status, JSON.stringify(res.body)).toBe(202)
        const path = mintLike ? `/v1/assets/issuances/${res.body.id}` : `/v1/transfers/${res.body.id}`
        expect((await settleOperation(w.platform, w.custody, path, res.body, mintLike)).status).toBe('COMPLETED')
        expect(await balanceOf(w, target.address)).toBe(before + amount)
      } else {
        expect(res.status, JSON.stringify(res.body)).toBe(422)
        expect(res.problem).toMatchObject({ code: `${mintLike ? 'MINT' : 'TRANSFER'}_${c.expect}`, restrictionCode: r.code })
        expect(await balanceOf(w, target.address)).toBe(before)
      }
    })

    // Path 3: custody asked directly, with the case's method, from the holder's vault (the issuer-agent vault for a mint).
    await run('custody', holder, async (amount) => {
      const before = await balanceOf(w, target.address)
      const vaultId = mintLike ? w.platform.roles.vaults.issuerAgent.id : w.alice.vaultId!
      const end = await throughCustody(vaultId, w.token.addresses.token!, callData(c.method, holder, target.address, amount))
      if (allowed) {
        expect(end.status, `${end.subStatus}: ${end.statusReason}`).toBe('COMPLETED')
        expect(await balanceOf(w, target.address)).toBe(before + amount)
      } else {
        expect({ status: end.status, subStatus: end.subStatus }, String(end.statusReason)).toEqual({ status: 'BLOCKED', subStatus: r.subStatus })
        expect(await balanceOf(w, target.address)).toBe(before)
      }
    })

    // Path 4: the chain itself, sent and mined from the holder identity's own wallet (a token agent for a mint).
    await run('chain', w.twin, async (amount) => {
      const before = await balanceOf(w, target.address)
      const sender = mintLike ? w.chain.deployer : w.chain.wallets[0]!
      const hash = await sender.sendTransaction({ to: w.token.addresses.token!, data: callData(c.method, w.twin, target.address, amount), gas: 3_000_000n })
      const receipt = await waitForReceipt(w.chain.publicClient, hash)
      expect(receipt.status).toBe(allowed ? 'success' : 'reverted')
      expect(await balanceOf(w, target.address)).toBe(allowed ? before + amount : before)
    })
  })

  it('refuses on every path a transfer asked right after the receiver is suspended, before the revocation is mined', async () => {
    const erik = await onboardInvestor(w.platform, 'Erik Sandberg', 'DE')
    await w.agent('mint', [erik.walletAddress!, 100n])
    appendFileSync(join(w.platform.sanctionsDir, 'SDN.CSV'), '90299,"SANDBERG, Erik","individual","SDGT","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","DOB 1980."\r\n')
    const reload = await w.platform.as['compliance-officer'].post<{ suspended: string[] }>('/v1/kyc/sanctions-list/reload')
    expect(reload.body.suspended).toEqual([erik.id])
    const before = await balanceOf(w, erik.walletAddress!)
    // Asked at once: the platform's record and custody's hold answer, whatever the chain says yet.
    const check = await w.platform.as.auditor.get<{ code: number }>(`/v1/transfers/check?tokenId=${w.token.id}&fromInvestorId=${w.alice.id}&toInvestorId=${erik.id}&quantity=10`)
    expect(check.body.code).toBe(RESTRICTIONS.RECEIVER_ON_HOLD.code)
    const res = await w.platform.as.operator.post('/v1/transfers', { tokenId: w.token.id, fromInvestorId: w.alice.id, toInvestorId: erik.id, quantity: '10', idempotencyKey: 'cmx-suspended' })
    expect(res.problem).toMatchObject({ code: 'TRANSFER_RECEIVER_ON_HOLD', restrictionCode: RESTRICTIONS.RECEIVER_ON_HOLD.code })
    for (const method of TRANSFER_METHODS) {
      const end = await throughCustody(w.alice.vaultId!, w.token.addresses.token!, callData(method, w.alice.walletAddress!, erik.walletAddress!, 10n))
      expect({ status: end.status, subStatus: end.subStatus }).toEqual({ status: 'BLOCKED', subStatus: RESTRICTIONS.RECEIVER_ON_HOLD.subStatus })
    }
    // Once the revocation is mined the chain refuses it too, from any sender.
    await waitForValue(() => w.chain.publicClient.readContract({ address: w.token.addresses.identityRegistry!, abi: identityRegistryAbi, functionName: 'isVerified', args: [erik.walletAddress!] }), false)
    for (const method of TRANSFER_METHODS) {
      const hash = await w.chain.wallets[0]!.sendTransaction({ to: w.token.addresses.token!, data: callData(method, w.twin, erik.walletAddress!, 10n), gas: 3_000_000n })
      expect((await waitForReceipt(w.chain.publicClient, hash)).status).toBe('reverted')
    }
    expect(await balanceOf(w, erik.walletAddress!)).toBe(before)
    const after = await waitForInvestor<InvestorView>(w.platform.as.auditor, erik.id, (i) => i.status === 'SUSPENDED')
    expect(after.status).toBe('SUSPENDED')
  })

  it('refuses on every path a transfer asked right after the sender is suspended, and the chain refuses its own key once the claim is revoked', async () => {
    appendFileSync(join(w.platform.sanctionsDir, 'SDN.CSV'), '90300,"EXAMPLE, Alice","individual","SDGT","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","DOB 1980."\r\n')
    const reload = await w.platform.as['compliance-officer'].post<{ suspended: string[] }>('/v1/kyc/sanctions-list/reload')
    expect(reload.body.suspended).toEqual([w.alice.id])
    const before = await balanceOf(w, w.bob.walletAddress!)
    const check = await w.platform.as.auditor.get<{ code: number }>(`/v1/transfers/check?tokenId=${w.token.id}&fromInvestorId=${w.alice.id}&toInvestorId=${w.bob.id}&quantity=10`)
    expect(check.body.code).toBe(RESTRICTIONS.SENDER_ON_HOLD.code)
    const res = await w.platform.as.operator.post('/v1/transfers', { tokenId: w.token.id, fromInvestorId: w.alice.id, toInvestorId: w.bob.id, quantity: '10', idempotencyKey: 'cmx-sender-suspended' })
    expect(res.problem).toMatchObject({ code: 'TRANSFER_SENDER_ON_HOLD', restrictionCode: RESTRICTIONS.SENDER_ON_HOLD.code })
    for (const method of TRANSFER_METHODS) {
      const end = await throughCustody(w.alice.vaultId!, w.token.addresses.token!, callData(method, w.alice.walletAddress!, w.bob.walletAddress!, 10n))
      expect({ status: end.status, subStatus: end.subStatus }).toEqual({ status: 'BLOCKED', subStatus: RESTRICTIONS.SENDER_ON_HOLD.subStatus })
    }
    // The identity's claim revoked, its other wallet no longer sends either (decision 0097).
    await waitForValue(() => w.chain.publicClient.readContract({ address: w.token.addresses.identityRegistry!, abi: identityRegistryAbi, functionName: 'isVerified', args: [w.twin] }), false)
    for (const method of TRANSFER_METHODS) {
      const hash = await w.chain.wallets[0]!.sendTransaction({ to: w.token.addresses.token!, data: callData(method, w.twin, w.bob.walletAddress!, 10n), gas: 3_000_000n })
      expect((await waitForReceipt(w.chain.publicClient, hash)).status).toBe('reverted')
    }
    expect(await balanceOf(w, w.bob.walletAddress!)).toBe(before)
  })
})
