import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, type Account, type Address } from 'viem'
import { tokenAbi } from '../../../chain/generated/abis.ts'
import type { TokenSuite } from '../../../chain/deploy-token-suite.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { DEFAULT_CHUNK_GAS_BUDGET, MAX_CHUNK_ESTIMATE, TX_GAS_CAP, custodyGasLimit, holdersPerChunk, measureHolderGas, planChunks, type HolderGasModel } from './batch-mint-gas.ts'
import { deployAgentToken, holderAccounts, registerHolders } from '../../../test/platform/batch-mint-chain.ts'
import { waitForReceipt } from '../../../chain/wait-for-receipt.ts'

describe('chunk planning (arithmetic)', () => {
  const model: HolderGasModel = { baseGas: 200_000n, perHolderGas: 180_000n, probe: 'first-time' }

  it('derives the budget from the per-transaction cap and custody’s gas limit formula', () => {
    expect(MAX_CHUNK_ESTIMATE).toBe(13_972_680n)
    expect(custodyGasLimit(MAX_CHUNK_ESTIMATE)).toBe(TX_GAS_CAP)
    expect(custodyGasLimit(MAX_CHUNK_ESTIMATE + 1n)).toBeGreaterThan(TX_GAS_CAP)
    expect(DEFAULT_CHUNK_GAS_BUDGET).toBe(12_575_412n)
  })

  it('cuts items in order into as few balanced chunks as the budget allows', () => {
    expect(holdersPerChunk(model)).toBe(68)
    const plan = planChunks(100, model)
    expect(plan.map((c) => [c.firstItem, c.lastItem])).toEqual([
      [0, 49],
      [50, 99],
    ])
    expect(plan.every((c) => c.predictedGas <= DEFAULT_CHUNK_GAS_BUDGET)).toBe(true)
    const big = planChunks(5000, model)
    expect(big).toHaveLength(Math.ceil(5000 / 68))
    expect(big.reduce((n, c) => n + c.holders, 0)).toBe(5000)
    expect(Math.max(...big.map((c) => c.holders)) - Math.min(...big.map((c) => c.holders))).toBeLessThanOrEqual(1)
    big.forEach((c, i) => expect(c.firstItem).toBe(i === 0 ? 0 : big[i - 1]!.lastItem + 1))
    expect(planChunks(1, model)).toEqual([{ index: 0, firstItem: 0, lastItem: 0, holders: 1, predictedGas: 380_000n }])
    expect(planChunks(5, model, 600_000n).map((c) => c.holders)).toEqual([2, 2, 1])
  })

  it('refuses a budget that cannot hold one holder', () => {
    expect(() => planChunks(3, model, 300_000n)).toThrow(expect.objectContaining({ code: 'BATCH_MINT_CHUNK_GAS_TOO_SMALL', status: 422 }))
  })
})

/**
 * The model measured on a real token (KYC topic, country, max-balance and
 * supply-limit modules) from its agent's address, against anvil enforcing
 * the Osaka per-transaction cap.
 */
describe('chunk planning against the real gas cap', () => {
  let chain: TestChain
  let suite: TokenSuite
  let holders: Account[]
  let agent: Address
  const HOLDERS = 80

  const estimate = (hs: readonly Account[], quantity = 10n) =>
    chain.publicClient.estimateGas({ account: agent, to: suite.token, data: encodeFunctionData({ abi: tokenAbi, functionName: 'batchMint', args: [hs.map((h) => h.address), hs.map(() => quantity)] }) })
  const probeOf = (hs: readonly Account[]) => hs.slice(0, 6).map((h) => ({ wallet: h.address, quantity: 10n }))

  beforeAll(async () => {
    chain = await startTestChain()
    agent = chain.deployer.account.address
    const setup = { publicClient: chain.publicClient, testClient: chain.testClient, deployer: chain.deployer, deployments: chain.deployments }
    suite = await deployAgentToken(setup, 'GASX')
    holders = holderAccounts('gas-test', HOLDERS)
    await registerHolders(setup, suite.identityRegistry, holders)
  }, 180_000)
  afterAll(async () => {
    await chain?.stop()
  })

  it('fills a chunk of first-time holders close to, and never over, the cap; one more chunk’s worth of holders would not fit', async () => {
    const model = await measureHolderGas(chain.publicClient, { token: suite.token, from: agent, probe: probeOf(holders), firstTime: true })
    expect(model.probe).toBe('first-time')
    // A first-time holder of this token costs some 150–250 k gas inside a batchMint.
    expect(model.perHolderGas).toBeGreaterThan(150_000n)
    expect(model.perHolderGas).toBeLessThan(250_000n)
    const k = holdersPerChunk(model)
    expect(k).toBeLessThan(HOLDERS)

    const full = holders.slice(0, k)
    const est = await estimate(full)
    // The linear model is within 1 % of the estimate (the budget's 10 % margin covers it).
    const predicted = model.baseGas + BigInt(k) * model.perHolderGas
    expect(est * 100n).toBeLessThanOrEqual(predicted * 101n)
    expect(est * 100n).toBeGreaterThanOrEqual(predicted * 99n)
    expect(custodyGasLimit(est)).toBeLessThanOrEqual(TX_GAS_CAP)
    // The margin is a margin, not waste: the chunk uses most of what the cap allows.
    expect(est * 100n).toBeGreaterThan(MAX_CHUNK_ESTIMATE * 85n)

    // All HOLDERS in one transaction: custody's gas limit for it would pass the cap, and the chain refuses it.
    const tooMany = await estimate(holders)
    expect(custodyGasLimit(tooMany)).toBeGreaterThan(TX_GAS_CAP)
    const refused = await chain.deployer
      .writeContract({ address: suite.token, abi: tokenAbi, functionName: 'batchMint', args: [holders.map((h) => h.address), holders.map(() => 10n)], gas: custodyGasLimit(tooMany) })
      .then(() => null, (e: Error) => e)
    expect(refused?.message).toMatch(/gas/i)

    // The planned chunk, sent with custody's gas limit, mines on the capped chain.
    const hash = await chain.deployer.writeContract({ address: suite.token, abi: tokenAbi, functionName: 'batchMint', args: [full.map((h) => h.address), full.map(() => 10n)], gas: custodyGasLimit(est) })
    const receipt = await waitForReceipt(chain.publicClient, hash)
    expect(receipt.status).toBe('success')
    expect(receipt.gasUsed).toBeLessThanOrEqual(est)
    for (const h of [full[0]!, full[k - 1]!]) {
      expect(await chain.publicClient.readContract({ address: suite.token, abi: tokenAbi, functionName: 'balanceOf', args: [h.address] })).toBe(10n)
    }
  }, 120_000)

  it('bounds a first-time holder when the probe can only measure existing holders', async () => {
    const fresh = holders.slice(-8)
    const firstTime = await measureHolderGas(chain.publicClient, { token: suite.token, from: agent, probe: probeOf(fresh), firstTime: true })
    // The first holders were minted to above: they hold the token now.
    const existing = await measureHolderGas(chain.publicClient, { token: suite.token, from: agent, probe: probeOf(holders), firstTime: false })
    expect(existing.probe).toBe('existing')
    expect(existing.perHolderGas).toBeGreaterThanOrEqual(firstTime.perHolderGas)
    const k = holdersPerChunk(existing)
    expect(k).toBeLessThanOrEqual(holdersPerChunk(firstTime))
    // A chunk of that size, some of its holders new to the token, fits too (all of them new would: see above, k ≤ the first-time k).
    expect(custodyGasLimit(await estimate(holders.slice(HOLDERS - k)))).toBeLessThanOrEqual(TX_GAS_CAP)
  }, 120_000)
})
