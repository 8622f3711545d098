import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BaseError, ContractFunctionRevertedError, getAddress, keccak256, maxUint256, parseEventLogs, stringToHex, zeroAddress, type Abi, type Account, type Address, type Chain, type Transport, type WalletClient } from 'viem'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { devStablecoinAbi, merkleDistributorAbi, payoutBatchAbi } from '../../../chain/generated/abis.ts'
import { waitForReceipt } from '../../../chain/wait-for-receipt.ts'
import { buildClaimTree } from './merkle-tree.ts'

type Wallet = WalletClient<Transport, Chain, Account>
const holder = (i: number): Address => `0x${keccak256(stringToHex(`holder-${i}`)).slice(26)}` as Address

describe('distribution contracts on a real anvil', () => {
  let chain: TestChain
  let usd: Address
  let payout: Address
  let distributor: Address
  let treasury: Wallet
  let stranger: Wallet

  beforeAll(async () => {
    chain = await startTestChain()
    usd = getAddress(chain.deployments.stablecoin)
    payout = chain.deployments.distributions!.payoutBatch
    distributor = chain.deployments.distributions!.merkleDistributor
    treasury = chain.deployer
    stranger = chain.wallets[0]!
    await send(treasury, usd, devStablecoinAbi, 'mint', [treasury.account.address, 1_000_000_000n])
    await send(treasury, usd, devStablecoinAbi, 'approve', [payout, maxUint256])
  })
  afterAll(() => chain?.stop())

  async function send(wallet: Wallet, address: Address, abi: Abi, functionName: string, args: readonly unknown[]) {
    const receipt = await waitForReceipt(chain.publicClient, await wallet.writeContract({ address, abi, functionName, args } as never))
    expect(receipt.status).toBe('success')
    return receipt
  }
  async function revertOf(wallet: Wallet, address: Address, abi: Abi, functionName: string, args: readonly unknown[]) {
    try {
      await chain.publicClient.simulateContract({ address, abi, functionName, args, account: wallet.account } as never)
    } catch (err) {
      const reverted = (err as BaseError).walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null
      return reverted?.data?.errorName
    }
    throw new Error(`${functionName} did not revert`)
  }
  const balance = (a: Address) => chain.publicClient.readContract({ address: usd, abi: devStablecoinAbi, functionName: 'balanceOf', args: [a] })

  it('pays a chunk in one transaction; a failing recipient is reported and the others are paid', async () => {
    const before = await balance(treasury.account.address)
    const chunkId = keccak256(stringToHex('dist-1/chunk-0'))
    // The zero address cannot receive an OpenZeppelin ERC-20: that transfer fails on its own.
    const receipt = await send(treasury, payout, payoutBatchAbi, 'pay', [usd, chunkId, [holder(1), zeroAddress, holder(2)], [100n, 50n, 250n]])
    expect(await balance(holder(1))).toBe(100n)
    expect(await balance(holder(2))).toBe(250n)
    expect(await balance(treasury.account.address)).toBe(before - 350n)
    const failed = parseEventLogs({ abi: payoutBatchAbi, logs: receipt.logs, eventName: 'PaymentFailed' })
    expect(failed.map((l) => l.args)).toEqual([{ chunkId, recipient: zeroAddress, amount: 50n }])
    const [paid] = parseEventLogs({ abi: payoutBatchAbi, logs: receipt.logs, eventName: 'ChunkPaid' })
    expect(paid!.args).toMatchObject({ payer: treasury.account.address, chunkId, token: usd, paidCount: 2n, paidTotal: 350n, failedCount: 1n })
  })

  it('never pays a chunk twice, and spends only the caller’s own allowance', async () => {
    const chunkId = keccak256(stringToHex('dist-1/chunk-0'))
    expect(await revertOf(treasury, payout, payoutBatchAbi, 'pay', [usd, chunkId, [holder(1)], [100n]])).toBe('ChunkAlreadyPaid')
    expect(await revertOf(treasury, payout, payoutBatchAbi, 'pay', [usd, keccak256(stringToHex('x')), [holder(1)], [1n, 2n]])).toBe('LengthMismatch')
    // A stranger has no allowance of its own: its chunk pays nobody, the treasury keeps its money.
    const before = await balance(treasury.account.address)
    const receipt = await send(stranger, payout, payoutBatchAbi, 'pay', [usd, keccak256(stringToHex('steal')), [stranger.account.address], [1_000n]])
    expect(parseEventLogs({ abi: payoutBatchAbi, logs: receipt.logs, eventName: 'PaymentFailed' })).toHaveLength(1)
    expect(await balance(treasury.account.address)).toBe(before)
  })

  it('lets holders claim against a Merkle root until the deadline, then the issuer reclaims the rest', async () => {
    const leaves = [0, 1, 2, 3, 4].map((i) => ({ index: i, account: holder(10 + i), amount: BigInt(1000 + i) }))
    const tree = buildClaimTree(leaves)
    const total = leaves.reduce((s, l) => s + l.amount, 0n)
    const id = keccak256(stringToHex('dist-2'))
    const now = (await chain.publicClient.getBlock()).timestamp
    await send(treasury, usd, devStablecoinAbi, 'approve', [distributor, total])
    await send(treasury, distributor, merkleDistributorAbi, 'create', [id, usd, tree.root, total, now + 3600n])
    // Anyone may submit a claim (a custodian for its holders); the money goes to the leaf's account.
    await send(stranger, distributor, merkleDistributorAbi, 'claim', [id, 3n, leaves[3]!.account, leaves[3]!.amount, tree.proofs[3]!])
    expect(await balance(leaves[3]!.account)).toBe(1003n)
    expect(await revertOf(stranger, distributor, merkleDistributorAbi, 'claim', [id, 3n, leaves[3]!.account, leaves[3]!.amount, tree.proofs[3]!])).toBe('AlreadyClaimed')
    expect(await revertOf(stranger, distributor, merkleDistributorAbi, 'claim', [id, 0n, leaves[0]!.account, 5000n, tree.proofs[0]!])).toBe('InvalidProof')
    expect(await revertOf(treasury, distributor, merkleDistributorAbi, 'reclaim', [id, treasury.account.address])).toBe('ClaimWindowOpen')

    await chain.testClient.increaseTime({ seconds: 7200 })
    await chain.testClient.mine({ blocks: 1 })
    expect(await revertOf(stranger, distributor, merkleDistributorAbi, 'claim', [id, 0n, leaves[0]!.account, leaves[0]!.amount, tree.proofs[0]!])).toBe('ClaimWindowClosed')
    expect(await revertOf(stranger, distributor, merkleDistributorAbi, 'reclaim', [id, stranger.account.address])).toBe('NotIssuer')
    const before = await balance(treasury.account.address)
    await send(treasury, distributor, merkleDistributorAbi, 'reclaim', [id, treasury.account.address])
    expect(await balance(treasury.account.address)).toBe(before + total - 1003n)
  })
})
