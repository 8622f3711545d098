import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { custosCountryModuleAbi, custosLockupModuleAbi, custosMaxBalanceModuleAbi, custosMaxHoldersModuleAbi, tokenAbi, trexFactoryAbi } from '../../../chain/generated/abis.ts'
import { ANVIL_DEV_KEYS } from '../../../chain/dev-accounts.ts'
import { bootstrapCustodyRoles } from '../../../cli/bootstrap.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { startTestPlatform, type TestPlatform } from '../../../test/platform.ts'
import { deployToken, getToken, pollUntil, settleOperation, type OperationView, type TokenView } from '../../../test/platform/tokens.ts'

describe('tokens through the platform API', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let token: TokenView

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    platform = await startTestPlatform(chain, custody, { custodyWebhooks: true })
  })
  afterAll(async () => {
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('hands the TREXFactory to the issuer-agent vault, and a second bootstrap changes nothing', async () => {
    const owner = await chain.publicClient.readContract({ address: chain.deployments.trexFactory, abi: trexFactoryAbi, functionName: 'owner' })
    expect(owner).toBe(platform.roles.vaults.issuerAgent.address)
    const again = await bootstrapCustodyRoles({ rpcUrl: chain.rpcUrl, deployerKey: ANVIL_DEV_KEYS[0]!, deployments: chain.deployments, custody: custody.as.admin })
    expect(again.changes).toEqual([])
  })

  it('deploys a T-REX suite through custody once an approver approves, on the shared identity storage, paused', async () => {
    token = await deployToken(platform, custody, { name: 'Acme Equity', symbol: 'acme', decimals: 0, compliance: { allowedCountries: ['DE', 'AT'], deniedCountries: ['RU'], maxBalance: '1000', maxHolders: '2000', lockupDays: 40 } })
    expect(token).toMatchObject({ status: 'ACTIVE', symbol: 'ACME', paused: true, totalSupply: '0' })
    expect(token.addresses.identityRegistryStorage?.toLowerCase()).toBe(chain.deployments.identityRegistry.storage.toLowerCase())
    expect(token.modules.map((m) => m.toLowerCase()).sort()).toEqual(Object.values(chain.deployments.modules).map((m) => m.toLowerCase()).sort())
    expect(token.addresses.transferRestrictions).toBe(chain.deployments.transferRestrictions)
    // The rules are configured on-chain, in the Custos modules.
    const m = chain.deployments.modules
    const compliance = token.addresses.compliance!
    expect(await chain.publicClient.readContract({ address: m.country, abi: custosCountryModuleAbi, functionName: 'isCountryDenied', args: [compliance, 643] })).toBe(true)
    expect(await chain.publicClient.readContract({ address: m.country, abi: custosCountryModuleAbi, functionName: 'isCountryAllowed', args: [compliance, 276] })).toBe(true)
    expect(await chain.publicClient.readContract({ address: m.maxBalance, abi: custosMaxBalanceModuleAbi, functionName: 'maxBalanceOf', args: [compliance] })).toBe(1000n)
    expect(await chain.publicClient.readContract({ address: m.maxHolders, abi: custosMaxHoldersModuleAbi, functionName: 'maxHoldersOf', args: [compliance] })).toBe(2000n)
    expect(await chain.publicClient.readContract({ address: m.lockup, abi: custosLockupModuleAbi, functionName: 'lockupDurationOf', args: [compliance] })).toBe(40n * 86_400n)
    const address = token.addresses.token!
    const read = <F extends 'owner' | 'paused'>(functionName: F) => chain.publicClient.readContract({ address, abi: tokenAbi, functionName })
    expect(await read('owner')).toBe(platform.roles.vaults.issuerAgent.address)
    expect(await chain.publicClient.readContract({ address, abi: tokenAbi, functionName: 'isAgent', args: [platform.roles.vaults.issuerAgent.address] })).toBe(true)
    expect(await chain.publicClient.readContract({ address: chain.deployments.trexFactory, abi: trexFactoryAbi, functionName: 'getToken', args: [`custos:${token.id}`] })).toBe(address)

    const list = await platform.as.auditor.get<{ items: TokenView[] }>('/v1/tokens')
    expect(list.body.items.map((t) => t.id)).toEqual([token.id])
  })

  it('refuses a second token with the same symbol, a bad country, and a caller without the issuer scope', async () => {
    const dup = await platform.as['issuer-admin'].post('/v1/tokens', { name: 'Other', symbol: 'ACME', decimals: 0 })
    expect(dup.status).toBe(409)
    expect(dup.problem?.code).toBe('TOKEN_SYMBOL_TAKEN')
    const bad = await platform.as['issuer-admin'].post('/v1/tokens', { name: 'Other', symbol: 'OTH', decimals: 0, compliance: { allowedCountries: ['XX'] } })
    expect(bad.status).toBe(400)
    const byOperator = await platform.as.operator.post('/v1/tokens', { name: 'Other', symbol: 'OTH', decimals: 0 })
    expect(byOperator.status).toBe(403)
  })

  it('unpauses and pauses through custody: pending authorization with the custody id, then the outcome', async () => {
    const res = await platform.as['issuer-admin'].post<OperationView>(`/v1/tokens/${token.id}/unpause`)
    expect(res.status).toBe(202)
    // Custody accepted it (its id is in the answer); its policy then holds it for an approver.
    expect(res.body.kind).toBe('UNPAUSE')
    expect(['SUBMITTED', 'PENDING_AUTHORIZATION']).toContain(res.body.status)
    expect(res.body.custodyTxId).toBeTruthy()
    const waiting = await pollUntil(async () => (await platform.as.auditor.get<OperationView>(`/v1/tokens/${token.id}/operations/${res.body.id}`)).body, (o) => o.status !== 'SUBMITTED', 'unpause held')
    expect(waiting).toMatchObject({ status: 'PENDING_AUTHORIZATION', custodyStatus: 'PENDING_AUTHORIZATION', custodyTxId: res.body.custodyTxId })
    expect((await getToken(platform.as.auditor, token.id)).paused).toBe(true)
    const done = await settleOperation(platform, custody, `/v1/tokens/${token.id}/operations/${res.body.id}`, res.body)
    expect(done.status).toBe('COMPLETED')
    expect((await getToken(platform.as.auditor, token.id)).paused).toBe(false)

    const pause = await platform.as['issuer-admin'].post<OperationView>(`/v1/tokens/${token.id}/pause`)
    const paused = await settleOperation(platform, custody, `/v1/tokens/${token.id}/operations/${pause.body.id}`, pause.body)
    expect(paused.status).toBe('COMPLETED')
    expect((await getToken(platform.as.auditor, token.id)).paused).toBe(true)
  })

  it('records a rejected pause as FAILED with the custody status', async () => {
    const res = await platform.as['issuer-admin'].post<OperationView>(`/v1/tokens/${token.id}/unpause`)
    await pollUntil(async () => (await platform.as.auditor.get<OperationView>(`/v1/tokens/${token.id}/operations/${res.body.id}`)).body, (o) => o.status === 'PENDING_AUTHORIZATION', 'unpause held')
    const rej = await custody.as['approver-1'].post(`/v1/transactions/${res.body.custodyTxId}/reject`, { comment: 'not now' })
    expect(rej.status).toBe(200)
    const done = await settleOperation(platform, custody, `/v1/tokens/${token.id}/operations/${res.body.id}`, res.body, false)
    expect(done).toMatchObject({ status: 'FAILED', statusCode: 'CUSTODY_TX_REJECTED' })
    expect((await getToken(platform.as.auditor, token.id)).paused).toBe(true)
  })
})
