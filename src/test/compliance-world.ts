import { encodeFunctionData, type Address, type Hex, type WalletClient, type Account, type Chain, type Transport } from 'viem'
import { sendCall } from '../chain/deployer.ts'
import { custosLockupModuleAbi, custosMaxBalanceModuleAbi, custosMaxHoldersModuleAbi, custosSupplyLimitModuleAbi, identityRegistryAbi, modularComplianceAbi, tokenAbi } from '../chain/generated/abis.ts'
import { waitForReceipt } from '../chain/wait-for-receipt.ts'
import type { TestChain } from './chain.ts'

/**
 * What the two compliance matrices share (src/platform/modules/transfers/compliance-matrix.test.ts
 * and src/custody/compliance/compliance-matrix.test.ts): the token methods every case is run
 * with, their calldata, and a token whose agent role and compliance the chain's deployer holds,
 * with the reads and the world changes a case arranges and puts back (pause, freeze, partial
 * freeze, a locked lot, the holder cap, the supply limit, an unverified wallet). Each matrix
 * builds its own token and holders (through the platform, or straight on the chain) and then
 * sets each case up through this one kit, so the two cannot drift on what a case means.
 */

export type TokenMethod = 'transfer' | 'batchTransfer' | 'transferFrom' | 'mint' | 'batchMint'
export const TRANSFER_METHODS = ['transfer', 'batchTransfer', 'transferFrom'] as const
export const MINT_METHODS = ['mint', 'batchMint'] as const
export const isMintLike = (m: TokenMethod) => m === 'mint' || m === 'batchMint'

/** The calldata of `method` moving `amount` from `from` (transferFrom only) to `to`. */
export function tokenCallData(method: TokenMethod, from: Address, to: Address, amount: bigint): Hex {
  switch (method) {
    case 'transfer':
      return encodeFunctionData({ abi: tokenAbi, functionName: 'transfer', args: [to, amount] })
    case 'batchTransfer':
      return encodeFunctionData({ abi: tokenAbi, functionName: 'batchTransfer', args: [[to], [amount]] })
    case 'transferFrom':
      return encodeFunctionData({ abi: tokenAbi, functionName: 'transferFrom', args: [from, to, amount] })
    case 'mint':
      return encodeFunctionData({ abi: tokenAbi, functionName: 'mint', args: [to, amount] })
    case 'batchMint':
      return encodeFunctionData({ abi: tokenAbi, functionName: 'batchMint', args: [[to], [amount]] })
  }
}

export interface ComplianceTokenAddresses {
  token: Address
  compliance: Address
  identityRegistry: Address
}

export type ComplianceToken = ReturnType<typeof complianceToken>

/**
 * The kit over one token: `chain.deployer` must be a token agent, the compliance's owner and
 * an agent of the identity registry. Arrangements remember what they changed per wallet, so
 * their undo puts exactly that back.
 */
export function complianceToken(chain: TestChain, a: ComplianceTokenAddresses) {
  const ctx = chain.deployCtx
  const modules = chain.deployments.modules
  const read = chain.publicClient
  const frozenFor = new Map<Address, bigint>()
  const balanceBefore = new Map<Address, bigint>()
  const agent = (fn: string, args: unknown[]) => sendCall(ctx, a.token, tokenAbi, fn as never, args as never)
  const module = (m: Address, data: Hex) => sendCall(ctx, a.compliance, modularComplianceAbi, 'callModuleFunction', [data, m])
  const registry = (fn: string, args: unknown[]) => sendCall(ctx, a.identityRegistry, identityRegistryAbi, fn as never, args as never)
  const balanceOf = (who: Address) => read.readContract({ address: a.token, abi: tokenAbi, functionName: 'balanceOf', args: [who] })
  const identityOf = (who: Address) => read.readContract({ address: a.identityRegistry, abi: identityRegistryAbi, functionName: 'identity', args: [who] })
  const k = {
    ...a,
    agent,
    module,
    registry,
    balanceOf,
    identityOf,
    totalSupply: () => read.readContract({ address: a.token, abi: tokenAbi, functionName: 'totalSupply' }),
    /** What the max-balance module counts for `who`'s identity (all its wallets together). */
    identityBalance: async (who: Address) => read.readContract({ address: modules.maxBalance, abi: custosMaxBalanceModuleAbi, functionName: 'identityBalance', args: [a.compliance, await identityOf(who)] }),
    holderCount: () => read.readContract({ address: modules.maxHolders, abi: custosMaxHoldersModuleAbi, functionName: 'holderCount', args: [a.compliance] }),
    setMaxHolders: (cap: bigint) => module(modules.maxHolders, encodeFunctionData({ abi: custosMaxHoldersModuleAbi, functionName: 'setMaxHolders', args: [cap] })),
    setSupplyLimit: (limit: bigint) => module(modules.supplyLimit, encodeFunctionData({ abi: custosSupplyLimitModuleAbi, functionName: 'setSupplyLimit', args: [limit] })),
    /** The latest release time of `who`'s lots (0 when it has none). */
    lotRelease: async (who: Address) => {
      const lots = await read.readContract({ address: modules.lockup, abi: custosLockupModuleAbi, functionName: 'lotsOf', args: [a.compliance, who] })
      return lots.reduce((max, lot) => (lot.releaseTime > max ? lot.releaseTime : max), 0n)
    },
    /** Burns `who` down to `target` (nothing when it holds no more). */
    burnTo: async (who: Address, target: bigint) => {
      const balance = await balanceOf(who)
      if (balance > target) await agent('burn', [who, balance - target])
    },
    /** A second wallet of `identity`, registered in the token's registry. */
    registerWallet: (wallet: Address, identity: Address, country: number) => registry('registerIdentity', [wallet, identity, country]),
    /** A wallet that sends from its own key lets itself spend (T-REX checks the caller's allowance in transferFrom). */
    approveSelf: async (wallet: WalletClient<Transport, Chain, Account>) => {
      await waitForReceipt(read, await wallet.writeContract({ address: a.token, abi: tokenAbi, functionName: 'approve', args: [wallet.account.address, 10n ** 30n] }))
    },
    pause: async () => void (await agent('pause', [])),
    unpause: async () => void (await agent('unpause', [])),
    setFrozen: async (wallets: readonly Address[], frozen: boolean) => {
      for (const w of wallets) await agent('setAddressFrozen', [w, frozen])
    },
    /** Each wallet keeps `free` unfrozen: the rest of its balance is frozen. */
    freezeAllBut: async (wallets: readonly Address[], free: bigint) => {
      for (const w of wallets) {
        const frozen = (await balanceOf(w)) - free
        frozenFor.set(w, frozen)
        await agent('freezePartialTokens', [w, frozen])
      }
    },
    unfreezePartial: async (wallets: readonly Address[]) => {
      for (const w of wallets) await agent('unfreezePartialTokens', [w, frozenFor.get(w)!])
    },
    /**
     * Each wallet keeps `free` unlocked and gets a lot of `free` more minted under a one-shot
     * lock-up of `seconds(wallet)`; `unlockAll` puts the balance it had back, with no lot.
     */
    lockAllBut: async (wallets: readonly Address[], free: bigint, seconds: (wallet: Address) => bigint) => {
      for (const w of wallets) {
        const balance = await balanceOf(w)
        balanceBefore.set(w, balance)
        await agent('burn', [w, balance - free])
        await module(modules.lockup, encodeFunctionData({ abi: custosLockupModuleAbi, functionName: 'setNextMintLockup', args: [w, seconds(w)] }))
        await agent('mint', [w, free])
      }
    },
    unlockAll: async (wallets: readonly Address[]) => {
      for (const w of wallets) {
        await agent('burn', [w, await balanceOf(w)])
        await agent('mint', [w, balanceBefore.get(w)!])
      }
    },
    /** The holder cap set to the number of holders there are now: a new holder is one too many. */
    capHoldersNow: async () => void (await k.setMaxHolders(await k.holderCount())),
    /** Wallets no longer verified by the registry (their identity unlinked); `reverify` links them again. */
    unverify: async (wallets: readonly Address[]) => {
      for (const w of wallets) await registry('deleteIdentity', [w])
    },
    reverify: async (wallets: readonly Address[], identity: (wallet: Address) => Address, country: number) => {
      for (const w of wallets) await registry('registerIdentity', [w, identity(w), country])
    },
    /** Mines one block at exactly `timestamp`. */
    mineAt: async (timestamp: bigint) => {
      await chain.testClient.setNextBlockTimestamp({ timestamp })
      await chain.testClient.mine({ blocks: 1 })
    },
    /** Moves chain time by `seconds` and mines a block there. */
    passChainTime: async (seconds: bigint) => {
      await chain.testClient.increaseTime({ seconds: Number(seconds) })
      await chain.testClient.mine({ blocks: 1 })
    },
  }
  return k
}
