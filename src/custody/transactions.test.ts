// @postgres-pass: idempotent transaction creation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, erc20Abi, recoverMessageAddress, type Address, type Hex } from 'viem'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { startTestCustody, waitForTransaction, waitForTransactions, type TestCustody } from '../test/custody.ts'
import { sendCall } from '../chain/deployer.ts'
import { devStablecoinAbi } from '../chain/generated/abis.ts'
import { claimPayloadHash } from '../chain/identity.ts'

type Tx = { id: string; status: string; subStatus: string | null; statusReason: string | null; txHash: string | null; nonce: string | null; externalTxId: string }
type Vault = { id: string; address: Address }

describe('custody transactions through the HTTP API', () => {
  let chain: TestChain
  let custody: TestCustody
  let a: Vault, b: Vault
  const usd = (n: number) => BigInt(n) * 1_000_000n

  const transfer = (to: Address, amount: bigint) => encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] })
  const balanceOf = (who: Address) => chain.publicClient.readContract({ address: chain.deployments.stablecoin, abi: erc20Abi, functionName: 'balanceOf', args: [who] })

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    a = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'treasury', tier: 'hot' })).body
    b = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'investor-b', tier: 'hot' })).body
    await sendCall(chain.deployCtx, chain.deployments.stablecoin, devStablecoinAbi, 'mint', [a.address, usd(1000)])
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
  })

  it('moves the stablecoin between vaults and reaches COMPLETED, the gas station paying the gas', async () => {
    const res = await custody.as.platform.post<Tx>('/v1/transactions', {
      externalTxId: 'pay-1',
      sourceVaultId: a.id,
      to: chain.deployments.stablecoin,
      data: transfer(b.address, usd(100)),
      intent: { type: 'erc20.transfer', token: chain.deployments.stablecoin, to: b.address, amount: usd(100).toString() },
    })
    expect(res.status).toBe(201)
    expect(res.body.status).toBe('SUBMITTED')
    const done = await waitForTransaction<Tx>(custody.as.platform, res.body.id)
    expect(done).toMatchObject({ status: 'COMPLETED', nonce: '0' })
    expect(await balanceOf(a.address)).toBe(usd(900))
    expect(await balanceOf(b.address)).toBe(usd(100))
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: done.txHash as Hex })
    expect(receipt.from.toLowerCase()).toBe(a.address.toLowerCase())
    const topUps = await custody.as.admin.get<{ items: Tx[] }>(`/v1/transactions?kind=GAS_TOPUP`)
    expect(topUps.body.items.some((t) => t.status === 'COMPLETED')).toBe(true)
  })

  it('gives the same transaction for the same externalTxId and body, and one on-chain transaction', async () => {
    const body = { externalTxId: 'pay-2', sourceVaultId: a.id, to: chain.deployments.stablecoin, data: transfer(b.address, usd(5)) }
    const first = await custody.as.platform.post<Tx>('/v1/transactions', body)
    const second = await custody.as.platform.post<Tx>('/v1/transactions', body)
    expect(first.status).toBe(201)
    expect(second.status).toBe(200)
    expect(second.body.id).toBe(first.body.id)
    await waitForTransaction<Tx>(custody.as.platform, first.body.id)
    const third = await custody.as.platform.post<Tx>('/v1/transactions', body)
    expect(third.body.id).toBe(first.body.id)
    expect(await chain.publicClient.getTransactionCount({ address: a.address })).toBe(2)
    expect(await balanceOf(b.address)).toBe(usd(105))
    const found = await custody.as.platform.get<{ items: Tx[] }>('/v1/transactions?externalTxId=pay-2')
    expect(found.body.items.map((t) => t.id)).toEqual([first.body.id])
  })

  it('refuses a different body under a used externalTxId with 409 and changes nothing', async () => {
    const res = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'pay-2', sourceVaultId: a.id, to: chain.deployments.stablecoin, data: transfer(b.address, usd(6)) })
    expect(res.status).toBe(409)
    expect(res.problem?.code).toBe('EXTERNAL_TX_ID_REUSED')
    expect(res.headers['content-type']).toContain('application/problem+json')
  })

  it('refuses calldata that does not match the declared intent, storing nothing', async () => {
    const res = await custody.as.platform.post<Tx>('/v1/transactions', {
      externalTxId: 'sneaky',
      sourceVaultId: a.id,
      to: chain.deployments.stablecoin,
      data: transfer(custody.gasStation, usd(500)),
      intent: { type: 'erc20.transfer', token: chain.deployments.stablecoin, to: b.address, amount: usd(500).toString() },
    })
    expect(res.status).toBe(422)
    expect(res.problem?.code).toBe('INTENT_MISMATCH')
    expect((await custody.as.platform.get<{ items: Tx[] }>('/v1/transactions?externalTxId=sneaky')).body.items).toEqual([])
  })

  it('ends FAILED with the decoded revert reason, spending no gas and no nonce, when simulation reverts', async () => {
    const nonceBefore = await chain.publicClient.getTransactionCount({ address: a.address })
    const res = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'too-much', sourceVaultId: a.id, to: chain.deployments.stablecoin, data: transfer(b.address, usd(1_000_000)) })
    const done = await waitForTransaction<Tx>(custody.as.platform, res.body.id)
    expect(done.status).toBe('FAILED')
    expect(done.subStatus).toBe('SIMULATION_REVERTED')
    expect(done.statusReason).toMatch(/^ERC20InsufficientBalance\(/)
    expect(done.nonce).toBeNull()
    expect(await chain.publicClient.getTransactionCount({ address: a.address })).toBe(nonceBefore)
  })

  it('holds a warm vault transaction for authorization, and lets its client cancel it before signing', async () => {
    const warm = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'issuer-agent', tier: 'warm' })).body
    const res = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'warm-1', sourceVaultId: warm.id, to: b.address, value: '1' })
    const held = await waitForTransaction<Tx>(custody.as.platform, res.body.id, (t) => t.status === 'PENDING_AUTHORIZATION')
    expect(held.statusReason).toMatch(/approval/)
    const cancelled = await custody.as.platform.post<Tx>(`/v1/transactions/${res.body.id}/cancel`, { reason: 'changed my mind' })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', subStatus: 'CANCELLED_BY_USER' })
    const again = await custody.as.platform.post<Tx>(`/v1/transactions/${(await waitForTransaction<Tx>(custody.as.platform, (await custody.as.platform.get<{ items: Tx[] }>('/v1/transactions?externalTxId=pay-1')).body.items[0]!.id)).id}/cancel`, {})
    expect(again.status).toBe(409)
    expect(again.problem?.code).toBe('TOO_LATE_TO_CANCEL')
  })

  it('signs an ONCHAINID claim as a typed message, never an arbitrary digest', async () => {
    const issuer = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'claim-issuer', tier: 'hot', purpose: 'claim-issuer' })).body
    const identity = '0x1111111111111111111111111111111111111111'
    const res = await custody.as.platform.post<{ signature: Hex; payloadHash: Hex }>(`/v1/vaults/${issuer.id}/sign`, { type: 'onchainid.claim', identity, topic: '1', data: '0x4b5943' })
    expect(res.status).toBe(200)
    expect(res.body.payloadHash).toBe(claimPayloadHash(identity, 1n, '0x4b5943'))
    expect(await recoverMessageAddress({ message: { raw: res.body.payloadHash }, signature: res.body.signature })).toBe(issuer.address)
    const raw = await custody.as.platform.post(`/v1/vaults/${issuer.id}/sign`, { type: 'digest', digest: `0x${'00'.repeat(32)}` })
    expect(raw.status).toBe(400)
    // Message signing goes through the policy too: a warm vault's signature would need approval.
    const warm = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'warm-signer', tier: 'warm' })).body
    const held = await custody.as.platform.post(`/v1/vaults/${warm.id}/sign`, { type: 'onchainid.claim', identity, topic: '1', data: '0x' })
    expect(held.status).toBe(403)
    expect(held.problem?.code).toBe('MESSAGE_SIGNING_NEEDS_APPROVAL')
  })

  it('shows a vault with its native and token balances, and pages through vaults', async () => {
    const v = await custody.as.platform.get<{ balances: { native: string; tokens: { token: string; balance: string }[] } }>(`/v1/vaults/${a.id}`)
    expect(v.status).toBe(200)
    expect(BigInt(v.body.balances.native)).toBeGreaterThan(0n)
    expect(v.body.balances.tokens.find((t) => t.token.toLowerCase() === chain.deployments.stablecoin.toLowerCase())?.balance).toBe((await balanceOf(a.address)).toString())
    const page1 = await custody.as.platform.get<{ items: Vault[]; nextCursor: string | null }>('/v1/vaults?limit=2')
    expect(page1.body.items).toHaveLength(2)
    const page2 = await custody.as.platform.get<{ items: Vault[]; nextCursor: string | null }>(`/v1/vaults?limit=2&cursor=${page1.body.nextCursor}`)
    expect(page2.body.items.map((x) => x.id)).not.toContain(page1.body.items[0]!.id)
  })

  it('refuses a vault request from a key without the vaults scope, and unsigned requests', async () => {
    const res = await custody.as.auditor.post('/v1/vaults', { name: 'nope', tier: 'hot' })
    expect(res.status).toBe(403)
    const unsigned = await fetch(`${custody.url}/v1/vaults`)
    expect(unsigned.status).toBe(401)
    expect(unsigned.headers.get('content-type')).toContain('application/problem+json')
  })

  it('holds transactions the empty gas station cannot pay, saying so, with one alert, and resumes them when the station is funded', async () => {
    const station = custody.gasStation
    await chain.testClient.setBalance({ address: station, value: 1000n })
    const senders = await Promise.all([1, 2, 3].map(async (i) => (await custody.as.admin.post<Vault>('/v1/vaults', { name: `no-gas-${i}`, tier: 'hot' })).body))
    const ids: string[] = []
    for (const [i, v] of senders.entries()) {
      const res = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: `no-gas-${i}`, sourceVaultId: v.id, to: b.address, value: '0' })
      expect(res.status).toBe(201)
      ids.push(res.body.id)
    }
    const waiting = await waitForTransactions<Tx>(custody.as.auditor, ids, (t) => t.subStatus === 'GAS_STATION_EMPTY')
    for (const t of waiting) {
      expect(t.status).toBe('QUEUED')
      expect(t.statusReason).toContain(`gas station ${station} holds 1000 wei`)
      expect(t.statusReason).toMatch(/short \d+ wei/)
    }
    // Retries while the station stays empty raise nothing more: one alert for the episode.
    const db = custody.service.ctx.db
    const retryAt = new Date()
    await db.updateTable('transactions').set({ next_action_at: retryAt }).where('id', 'in', ids).execute()
    custody.service.ctx.wake()
    const deadline = Date.now() + 20_000
    while ((await db.selectFrom('transactions').select('next_action_at').where('id', 'in', ids).execute()).some((r) => r.next_action_at <= retryAt)) {
      if (Date.now() > deadline) throw new Error('the waiting transactions were not tried again')
      await new Promise((r) => setTimeout(r, 50))
    }
    const alerts = await db.selectFrom('webhook_events').select(['type', 'resource_id', 'data']).where('type', 'in', ['gas_station.empty', 'gas_station.funded']).execute()
    expect(alerts.map((e) => e.type)).toEqual(['gas_station.empty'])
    const stationVault = await db.selectFrom('vaults').select('id').where('purpose', '=', 'gas-station').executeTakeFirstOrThrow()
    expect(alerts[0]!.resource_id).toBe(stationVault.id)
    expect(alerts[0]!.data).toMatchObject({ address: station, balance: '1000' })
    expect(Number((alerts[0]!.data as { waitingTransactions: number }).waitingTransactions)).toBeGreaterThanOrEqual(1)
    expect((await db.selectFrom('transactions').select('id').where('kind', '=', 'GAS_TOPUP').where('parent_id', 'in', ids).execute()).length).toBe(0)

    // Funding the station is all it takes.
    await chain.testClient.setBalance({ address: station, value: 10n ** 21n })
    const done = await waitForTransactions<Tx>(custody.as.auditor, ids, (t) => t.status === 'COMPLETED' || t.status === 'FAILED', { timeoutMs: 60_000 })
    expect(done.map((t) => t.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED'])
    const after = await db.selectFrom('webhook_events').select('type').where('type', 'in', ['gas_station.empty', 'gas_station.funded']).execute()
    expect(after.map((e) => e.type).sort()).toEqual(['gas_station.empty', 'gas_station.funded'])
    const audit = await db.selectFrom('audit_entries').select('action').where('target_id', '=', stationVault.id).where('action', 'like', 'gas_station.%').execute()
    expect(audit.map((e) => e.action).sort()).toEqual(['gas_station.empty', 'gas_station.funded'])
  })
})
