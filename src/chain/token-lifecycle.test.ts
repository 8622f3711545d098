import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { BaseError, ContractFunctionRevertedError, type Address, type Hex } from 'viem'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { deployTokenSuite, type TokenSuite } from './deploy-token-suite.ts'
import { sendCall } from './deployer.ts'
import { claimIssuerAbi, identityAbi, identityRegistryAbi, tokenAbi, idFactoryAbi } from './generated/abis.ts'
import { keyHashOf } from './deploy-infrastructure.ts'
import { CLAIM_TOPICS, KEY_PURPOSE, KEY_TYPE_ECDSA } from './claim-topics.ts'
import { claimPayloadHash, identityFromLogs } from './identity.ts'
import { waitForReceipt } from './wait-for-receipt.ts'

const US = 840

describe('T-REX suite on a real anvil', () => {
  let chain: TestChain
  let suite: TokenSuite
  let revert: () => Promise<void>
  let alice: Address, bob: Address, carol: Address

  async function onboard(walletIndex: number, salt: string) {
    const { deployments: d, deployCtx: ctx } = chain
    const wallet = chain.wallets[walletIndex]!
    const receipt = await sendCall(ctx, d.idFactory, idFactoryAbi, 'createIdentity', [wallet.account.address, salt])
    const identity = identityFromLogs(receipt.logs)!
    const data: Hex = '0x4b5943' // "KYC"
    const signer = chain.wallets[3]!.account
    const signature = await signer.signMessage!({ message: { raw: claimPayloadHash(identity, CLAIM_TOPICS.KYC, data) } })
    const hash = await wallet.writeContract({ address: identity, abi: identityAbi, functionName: 'addClaim', args: [CLAIM_TOPICS.KYC, 1n, d.claimIssuer, signature, data, ''] })
    expect((await waitForReceipt(chain.publicClient, hash)).status).toBe('success')
    await sendCall(ctx, d.identityRegistry.registry, identityRegistryAbi, 'registerIdentity', [wallet.account.address, identity, US])
    return identity
  }

  beforeAll(async () => {
    chain = await startTestChain()
    const { deployments: d, deployCtx: ctx } = chain
    const agent = chain.deployer.account.address
    await sendCall(ctx, d.identityRegistry.registry, identityRegistryAbi, 'addAgent', [agent])
    await sendCall(ctx, d.claimIssuer, claimIssuerAbi, 'addKey', [keyHashOf(chain.wallets[3]!.account.address), KEY_PURPOSE.CLAIM, KEY_TYPE_ECDSA])
    suite = await deployTokenSuite(ctx, d, {
      salt: 'ACME-EQ',
      name: 'Acme Equity',
      symbol: 'ACME',
      decimals: 0,
      owner: agent,
      tokenAgents: [agent],
      irAgents: [agent],
      claimTopics: [CLAIM_TOPICS.KYC],
      compliance: { allowedCountries: [US], maxBalance: 1_000_000n },
    })
    alice = chain.wallets[0]!.account.address
    bob = chain.wallets[1]!.account.address
    carol = chain.wallets[2]!.account.address
    await onboard(0, 'alice')
    await onboard(1, 'bob')
    await sendCall(ctx, suite.token, tokenAbi, 'unpause', [])
  })
  beforeEach(async () => {
    revert = await chain.snapshot()
  })
  afterAll(async () => {
    await revert?.()
    await chain?.stop()
  })

  it('shares one identity storage across the platform registry and the token', async () => {
    expect(suite.identityRegistryStorage.toLowerCase()).toBe(chain.deployments.identityRegistry.storage.toLowerCase())
    const read = (a: Address) => chain.publicClient.readContract({ address: suite.identityRegistry, abi: identityRegistryAbi, functionName: 'isVerified', args: [a] })
    expect(await read(alice)).toBe(true)
    expect(await read(bob)).toBe(true)
    expect(await read(carol)).toBe(false)
  })

  it('mints to a verified investor and moves tokens between verified investors', async () => {
    await sendCall(chain.deployCtx, suite.token, tokenAbi, 'mint', [alice, 1000n])
    const hash = await chain.wallets[0]!.writeContract({ address: suite.token, abi: tokenAbi, functionName: 'transfer', args: [bob, 250n] })
    expect((await waitForReceipt(chain.publicClient, hash)).status).toBe('success')
    const bal = (a: Address) => chain.publicClient.readContract({ address: suite.token, abi: tokenAbi, functionName: 'balanceOf', args: [a] })
    expect(await bal(alice)).toBe(750n)
    expect(await bal(bob)).toBe(250n)
  })

  it('reverts on-chain, with the T-REX reason, a transfer to an unverified address', async () => {
    await sendCall(chain.deployCtx, suite.token, tokenAbi, 'mint', [alice, 1000n])
    const err = await chain.publicClient
      .simulateContract({ account: chain.wallets[0]!.account, address: suite.token, abi: tokenAbi, functionName: 'transfer', args: [carol, 1n] })
      .then(() => null, (e: unknown) => e)
    expect(err).toBeInstanceOf(BaseError)
    const revertErr = (err as BaseError).walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null
    expect(revertErr?.reason).toBe('Transfer not possible')
    // And sent anyway (no simulation), the chain itself refuses it.
    const hash = await chain.wallets[0]!.writeContract({ address: suite.token, abi: tokenAbi, functionName: 'transfer', args: [carol, 1n], gas: 500_000n })
    expect((await waitForReceipt(chain.publicClient, hash)).status).toBe('reverted')
    expect(await chain.publicClient.readContract({ address: suite.token, abi: tokenAbi, functionName: 'balanceOf', args: [carol] })).toBe(0n)
  })

  it('refuses a mint to an unverified address', async () => {
    const err = await chain.publicClient
      .simulateContract({ account: chain.deployer.account, address: suite.token, abi: tokenAbi, functionName: 'mint', args: [carol, 1n] })
      .then(() => null, (e: unknown) => e)
    const revertErr = (err as BaseError).walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null
    expect(revertErr?.reason).toBe('Identity is not verified.')
  })
})
