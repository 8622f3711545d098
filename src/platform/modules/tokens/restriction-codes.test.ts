import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { custosTransferRestrictionsAbi } from '../../../chain/generated/abis.ts'
import { RESTRICTIONS } from './restriction-codes.ts'

describe('restriction codes on-chain', () => {
  let chain: TestChain
  beforeAll(async () => {
    chain = await startTestChain()
  })
  afterAll(async () => {
    await chain?.stop()
  })

  it('the ERC-1404 view gives every code the message the platform gives it', async () => {
    for (const r of Object.values(RESTRICTIONS)) {
      const message = await chain.publicClient.readContract({ address: chain.deployments.transferRestrictions, abi: custosTransferRestrictionsAbi, functionName: 'messageForTransferRestriction', args: [r.code] })
      expect(message).toBe(r.message)
    }
  })
})
