import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getAddress } from 'viem'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../test/custody.ts'

type Asset = { id: string; kind: string; contractAddress: string | null; symbol: string; decimals: number; chainId: number }

describe('asset registry', () => {
  let chain: TestChain
  let custody: TestCustody

  beforeAll(async () => {
    chain = await startTestChain()
    // Custody reads the deployments file at boot and registers the development stablecoin from it.
    custody = await startTestCustody(chain, { env: { CUSTODY_DEPLOYMENTS_FILE: process.env.CUSTOS_TEST_DEPLOYMENTS! } })
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
  })

  it('holds the native coin and the development stablecoin from boot', async () => {
    const res = await custody.as.platform.get<{ items: Asset[] }>('/v1/assets')
    expect(res.status).toBe(200)
    expect(res.body.items).toEqual([
      expect.objectContaining({ id: 'ETH', kind: 'NATIVE', contractAddress: null, decimals: 18, chainId: chain.chainId }),
      expect.objectContaining({ id: 'CUSD', kind: 'ERC20', contractAddress: getAddress(chain.deployments.stablecoin), symbol: 'cUSD', decimals: 6 }),
    ])
    expect((await custody.as.platform.get<Asset>('/v1/assets/CUSD')).body.symbol).toBe('cUSD')
  })

  it('registers a token once: the same asset again is 200, another under a taken id or contract is 409, and a non-admin is refused', async () => {
    const token = { id: 'AUDIT', kind: 'ERC20', contractAddress: chain.deployments.auditAnchor ?? chain.deployments.claimIssuer, symbol: 'AUD', name: 'Audit token', decimals: 0 }
    expect((await custody.as.admin.post<Asset>('/v1/assets', token)).status).toBe(201)
    expect((await custody.as.admin.post<Asset>('/v1/assets', token)).status).toBe(200)
    const otherUnderId = await custody.as.admin.post('/v1/assets', { ...token, decimals: 2 })
    expect([otherUnderId.status, otherUnderId.problem?.code]).toEqual([409, 'ASSET_ID_TAKEN'])
    const sameContract = await custody.as.admin.post('/v1/assets', { ...token, id: 'AUDIT2' })
    expect([sameContract.status, sameContract.problem?.code]).toEqual([409, 'ASSET_ALREADY_REGISTERED'])
    const asPlatform = await custody.as.platform.post('/v1/assets', { ...token, id: 'AUDIT3' })
    expect(asPlatform.status).toBe(403)
    const bad = await custody.as.admin.post('/v1/assets', { ...token, id: 'lower' })
    expect([bad.status, bad.problem?.code]).toEqual([400, 'VALIDATION_FAILED'])
    const ids = (await custody.as.platform.get<{ items: Asset[] }>('/v1/assets')).body.items.map((a) => a.id)
    expect(ids).toEqual(['ETH', 'AUDIT', 'CUSD'])
  })
})
