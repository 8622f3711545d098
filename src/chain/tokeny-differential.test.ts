import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, type Address } from 'viem'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { agentCall, onboardInvestor, prepareWorld, transferFrom, type OnchainInvestor } from '../test/onchain-investors.ts'
import { deployTokenSuite, type ComplianceSettings, type TokenSuite } from './deploy-token-suite.ts'
import { deployTokenyModules, tokenyComplianceConfig } from '../test/tokeny-modules.ts'
import { sendCall } from './deployer.ts'
import { tokenAbi } from './generated/abis.ts'
import { CLAIM_TOPICS } from './claim-topics.ts'

const US = 840
const DE = 276
const FR = 250

type Who = 'alice' | 'bob' | 'carol' | 'erin'
type Step =
  | { mint: Who; amount: bigint }
  | { transfer: [Who, Who]; amount: bigint }
  | { forced: [Who, Who]; amount: bigint }
  | { burn: Who; amount: bigint }

/** The rules both module sets have, configured alike. */
const RULES: ComplianceSettings = { allowedCountries: [US, DE], maxBalance: 1_000n, supplyLimit: 2_500n }

/** Each case starts from an empty token; every step's outcome and the end balances must agree. */
const CASES: [string, Step[]][] = [
  ['mint to an allowed country', [{ mint: 'alice', amount: 500n }]],
  ['mint to a country not allowed', [{ mint: 'erin', amount: 1n }]],
  ['mint one unit over the max balance', [{ mint: 'alice', amount: 1_001n }]],
  ['mint exactly the max balance', [{ mint: 'alice', amount: 1_000n }]],
  ['mints reaching the max balance, then one unit more', [{ mint: 'alice', amount: 600n }, { mint: 'alice', amount: 400n }, { mint: 'alice', amount: 1n }]],
  ['mint one unit over the supply limit', [{ mint: 'alice', amount: 1_000n }, { mint: 'bob', amount: 1_000n }, { mint: 'carol', amount: 501n }]],
  ['mint exactly the supply limit', [{ mint: 'alice', amount: 1_000n }, { mint: 'bob', amount: 1_000n }, { mint: 'carol', amount: 500n }]],
  ['burn frees supply for a new mint', [{ mint: 'alice', amount: 1_000n }, { mint: 'bob', amount: 1_000n }, { mint: 'carol', amount: 500n }, { burn: 'bob', amount: 100n }, { mint: 'carol', amount: 100n }, { mint: 'carol', amount: 1n }]],
  ['transfer to a country not allowed', [{ mint: 'alice', amount: 100n }, { transfer: ['alice', 'erin'], amount: 10n }]],
  ['transfer between allowed countries', [{ mint: 'carol', amount: 300n }, { transfer: ['carol', 'alice'], amount: 300n }, { transfer: ['alice', 'bob'], amount: 1n }]],
  ['transfer one unit over the receiver’s max balance', [{ mint: 'alice', amount: 500n }, { mint: 'bob', amount: 1_000n }, { transfer: ['alice', 'bob'], amount: 1n }]],
  ['transfer up to exactly the receiver’s max balance', [{ mint: 'alice', amount: 500n }, { mint: 'bob', amount: 500n }, { transfer: ['alice', 'bob'], amount: 500n }, { transfer: ['bob', 'alice'], amount: 1_000n }]],
  ['forced transfer over the receiver’s max balance', [{ mint: 'alice', amount: 500n }, { mint: 'bob', amount: 1_000n }, { forced: ['alice', 'bob'], amount: 1n }]],
  ['forced transfer within the max balance', [{ mint: 'alice', amount: 500n }, { forced: ['alice', 'bob'], amount: 500n }, { mint: 'bob', amount: 501n }]],
  ['burn lowers the identity balance', [{ mint: 'alice', amount: 1_000n }, { burn: 'alice', amount: 300n }, { mint: 'alice', amount: 300n }, { mint: 'alice', amount: 1n }]],
]

describe('Custos modules behave like Tokeny’s for the rules both have', () => {
  let chain: TestChain
  let tokeny: TokenSuite
  let custos: TokenSuite
  const people = {} as Record<Who, OnchainInvestor>
  const seen: boolean[] = []

  beforeAll(async () => {
    chain = await startTestChain()
    const world = await prepareWorld({ ctx: chain.deployCtx, d: chain.deployments, rpcUrl: chain.rpcUrl, testClient: chain.testClient })
    const agent = chain.deployer.account.address
    const spec = { name: 'Diff', decimals: 0, owner: agent, tokenAgents: [agent], irAgents: [agent], claimTopics: [CLAIM_TOPICS.KYC] }
    const theirs = await deployTokenyModules(chain.deployCtx)
    tokeny = await deployTokenSuite(chain.deployCtx, chain.deployments, { ...spec, salt: 'DIFF-TOKENY', symbol: 'DIFT', moduleConfig: tokenyComplianceConfig(theirs, RULES) })
    custos = await deployTokenSuite(chain.deployCtx, chain.deployments, { ...spec, salt: 'DIFF-CUSTOS', symbol: 'DIFC', compliance: RULES })
    people.alice = await onboardInvestor(world, US, 'diff-alice')
    people.bob = await onboardInvestor(world, US, 'diff-bob')
    people.carol = await onboardInvestor(world, DE, 'diff-carol')
    people.erin = await onboardInvestor(world, FR, 'diff-erin')
    for (const s of [tokeny, custos]) await sendCall(chain.deployCtx, s.token, tokenAbi, 'unpause', [])
  }, 180_000)
  afterAll(async () => {
    await chain?.stop()
  })

  async function run(token: Address, steps: Step[]) {
    const ok: boolean[] = []
    for (const s of steps) {
      const agent = (functionName: 'mint' | 'burn', who: Who) =>
        agentCall(chain.deployCtx, token, encodeFunctionData({ abi: tokenAbi, functionName, args: [people[who].address, s.amount] }))
      if ('mint' in s) ok.push(await agent('mint', s.mint))
      else if ('burn' in s) ok.push(await agent('burn', s.burn))
      else if ('transfer' in s) ok.push(await transferFrom(chain.publicClient, people[s.transfer[0]], token, people[s.transfer[1]].address, s.amount))
      else ok.push(await agentCall(chain.deployCtx, token, encodeFunctionData({ abi: tokenAbi, functionName: 'forcedTransfer', args: [people[s.forced[0]].address, people[s.forced[1]].address, s.amount] })))
    }
    const balances = await Promise.all((Object.keys(people) as Who[]).map((w) => chain.publicClient.readContract({ address: token, abi: tokenAbi, functionName: 'balanceOf', args: [people[w].address] })))
    return { ok, balances }
  }

  it.each(CASES)('%s', async (_name, steps) => {
    const revert = await chain.snapshot()
    try {
      const theirs = await run(tokeny.token, steps)
      const ours = await run(custos.token, steps)
      expect(ours).toEqual(theirs)
      seen.push(...ours.ok)
    } finally {
      await revert()
    }
  })

  it('compared refusals as well as successes', () => {
    expect(seen.filter((ok) => ok).length).toBeGreaterThan(10)
    expect(seen.filter((ok) => !ok).length).toBeGreaterThanOrEqual(10)
  })
})
