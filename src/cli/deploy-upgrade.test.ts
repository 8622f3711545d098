import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getAddress } from 'viem'
import { dvpSettlementAbi } from '../chain/generated/abis.ts'
import { ANVIL_DEV_KEYS } from '../chain/dev-accounts.ts'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { ensureInfrastructure } from './deploy.ts'

describe('an installation from before the DvP settlement contract', () => {
  let chain: TestChain
  let dir: string

  beforeAll(async () => {
    chain = await startTestChain()
    dir = mkdtempSync(join(tmpdir(), 'custos-deploy-upgrade-'))
  })
  afterAll(async () => {
    await chain?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('gets the contract, bound to its lock-up module, on the next start, and only once', async () => {
    const file = join(dir, 'deployments.json')
    const { settlement: _, ...before } = chain.deployments
    writeFileSync(file, JSON.stringify(before))
    const first = await ensureInfrastructure({ rpcUrl: chain.rpcUrl, deployerKey: ANVIL_DEV_KEYS[0]!, file })
    expect(first.deployed).toBe(true)
    const dvp = first.deployments.settlement!.dvp
    expect(first.deployments.trexFactory).toBe(chain.deployments.trexFactory)
    expect(getAddress(await chain.publicClient.readContract({ address: dvp, abi: dvpSettlementAbi, functionName: 'lockupModule' }))).toBe(getAddress(chain.deployments.modules.lockup))
    const second = await ensureInfrastructure({ rpcUrl: chain.rpcUrl, deployerKey: ANVIL_DEV_KEYS[0]!, file })
    expect(second).toMatchObject({ deployed: false, deployments: { settlement: { dvp } } })
  })
})
