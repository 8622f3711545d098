import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BaseError, ContractFunctionRevertedError, decodeEventLog, keccak256, stringToHex, type Account, type Address, type Chain, type Hex, type Transport, type WalletClient } from 'viem'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { deployContract } from './deployer.ts'
import { auditAnchorAbi } from './generated/abis.ts'
import { waitForReceipt } from './wait-for-receipt.ts'

const logA = keccak256(stringToHex('custos.dev/custody/anchor-test'))
const logB = keccak256(stringToHex('custos.dev/platform/anchor-test'))
const root = (n: number): Hex => keccak256(stringToHex(`root-${n}`))

describe('AuditAnchor on a real anvil', () => {
  let chain: TestChain
  let anchorAddress: Address
  let admin: WalletClient<Transport, Chain, Account>
  let custody: WalletClient<Transport, Chain, Account>
  let platform: WalletClient<Transport, Chain, Account>
  let stranger: WalletClient<Transport, Chain, Account>

  beforeAll(async () => {
    chain = await startTestChain()
    anchorAddress = chain.deployments.auditAnchor!
    admin = chain.deployer
    ;[custody, platform, stranger] = chain.wallets as [typeof admin, typeof admin, typeof admin]
  })
  afterAll(() => chain?.stop())

  async function send(wallet: WalletClient<Transport, Chain, Account>, functionName: 'anchor' | 'setAnchorer' | 'changeAdmin', args: readonly unknown[]) {
    const hash = await wallet.writeContract({ address: anchorAddress, abi: auditAnchorAbi, functionName, args } as never)
    const receipt = await waitForReceipt(chain.publicClient, hash)
    expect(receipt.status).toBe('success')
    return receipt.logs.filter((l) => l.address.toLowerCase() === anchorAddress.toLowerCase()).map((l) => decodeEventLog({ abi: auditAnchorAbi, data: l.data, topics: l.topics }))
  }

  /** The custom error a call reverts with, by simulation (no gas spent). */
  async function revertOf(wallet: WalletClient<Transport, Chain, Account>, functionName: 'anchor' | 'setAnchorer' | 'changeAdmin', args: readonly unknown[]) {
    try {
      await chain.publicClient.simulateContract({ address: anchorAddress, abi: auditAnchorAbi, functionName, args, account: wallet.account } as never)
    } catch (err) {
      const reverted = (err as BaseError).walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null
      return { name: reverted?.data?.errorName, args: reverted?.data?.args }
    }
    throw new Error(`${functionName} did not revert`)
  }

  const read = <T>(functionName: 'rootAt' | 'latestTreeSize' | 'logOwner' | 'isAnchorer' | 'admin', args: readonly unknown[] = []) =>
    chain.publicClient.readContract({ address: anchorAddress, abi: auditAnchorAbi, functionName, args } as never) as Promise<T>

  it('is administered by the deployer, who alone allows anchorers (with an event)', async () => {
    expect(await read<Address>('admin')).toBe(admin.account.address)
    expect(await revertOf(stranger, 'setAnchorer', [stranger.account.address, true])).toEqual({ name: 'NotAdmin', args: [stranger.account.address] })
    const events = await send(admin, 'setAnchorer', [custody.account.address, true])
    expect(events).toEqual([{ eventName: 'AnchorerSet', args: { account: custody.account.address, allowed: true } }])
    await send(admin, 'setAnchorer', [platform.account.address, true])
    expect(await read<boolean>('isAnchorer', [custody.account.address])).toBe(true)
    expect(await revertOf(admin, 'setAnchorer', ['0x0000000000000000000000000000000000000000', true])).toMatchObject({ name: 'ZeroAddress' })
  })

  it('refuses an anchor from an account the admin has not allowed', async () => {
    expect(await revertOf(stranger, 'anchor', [logA, 10n, root(10)])).toEqual({ name: 'NotAnchorer', args: [stranger.account.address] })
  })

  it('binds a log to its first anchorer, emits one event per anchor and serves the root by tree size', async () => {
    expect(await read<bigint>('latestTreeSize', [logA])).toBe(0n)
    const events = await send(custody, 'anchor', [logA, 10n, root(10)])
    expect(events).toEqual([
      { eventName: 'LogClaimed', args: { logId: logA, anchorer: custody.account.address } },
      { eventName: 'Anchored', args: { logId: logA, treeSize: 10n, root: root(10), anchorer: custody.account.address } },
    ])
    expect(await send(custody, 'anchor', [logA, 25n, root(25)])).toEqual([{ eventName: 'Anchored', args: { logId: logA, treeSize: 25n, root: root(25), anchorer: custody.account.address } }])
    expect(await read<Address>('logOwner', [logA])).toBe(custody.account.address)
    expect(await read<bigint>('latestTreeSize', [logA])).toBe(25n)
    const [r10, at10] = await read<[Hex, bigint]>('rootAt', [logA, 10n])
    expect(r10).toBe(root(10))
    expect(at10).toBeGreaterThan(0n)
    expect(await read<[Hex, bigint]>('rootAt', [logA, 11n])).toEqual([`0x${'0'.repeat(64)}`, 0n])
  })

  it("refuses another anchorer's roots for a log it does not own, but lets it own a log of its own", async () => {
    expect(await revertOf(platform, 'anchor', [logA, 100n, root(100)])).toEqual({ name: 'NotLogOwner', args: [logA, custody.account.address, platform.account.address] })
    await send(platform, 'anchor', [logB, 3n, root(3)])
    expect(await read<Address>('logOwner', [logB])).toBe(platform.account.address)
    expect(await revertOf(custody, 'anchor', [logB, 4n, root(4)])).toMatchObject({ name: 'NotLogOwner' })
  })

  it('only lets a log grow: a size not above the latest is refused, and anchored roots never change', async () => {
    expect(await revertOf(custody, 'anchor', [logA, 25n, root(99)])).toEqual({ name: 'TreeDidNotGrow', args: [logA, 25n, 25n] })
    expect(await revertOf(custody, 'anchor', [logA, 10n, root(99)])).toEqual({ name: 'TreeDidNotGrow', args: [logA, 25n, 10n] })
    expect(await revertOf(custody, 'anchor', [logA, 30n, `0x${'0'.repeat(64)}`])).toMatchObject({ name: 'EmptyRoot' })
    expect((await read<[Hex, bigint]>('rootAt', [logA, 25n]))[0]).toBe(root(25))
  })

  it('stops a revoked anchorer, even on its own log, and hands the admin role on', async () => {
    await send(admin, 'setAnchorer', [custody.account.address, false])
    expect(await revertOf(custody, 'anchor', [logA, 40n, root(40)])).toMatchObject({ name: 'NotAnchorer' })
    expect(await send(admin, 'changeAdmin', [stranger.account.address])).toEqual([{ eventName: 'AdminChanged', args: { previousAdmin: admin.account.address, newAdmin: stranger.account.address } }])
    expect(await revertOf(admin, 'setAnchorer', [custody.account.address, true])).toMatchObject({ name: 'NotAdmin' })
    await send(stranger, 'setAnchorer', [custody.account.address, true])
    await send(custody, 'anchor', [logA, 40n, root(40)])
    expect(await read<bigint>('latestTreeSize', [logA])).toBe(40n)
  })

  it('cannot be deployed without an admin', async () => {
    await expect(deployContract(chain.deployCtx, 'AuditAnchor', ['0x0000000000000000000000000000000000000000'])).rejects.toThrow()
  })
})
