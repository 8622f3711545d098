import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { erc20Abi, parseAbi, parseEther, type Address, type Hex } from 'viem'
import { systemClock } from '../../shared/clock.ts'
import { startTestReceiver, type TestReceiver } from '../../shared/webhooks/test-receiver.ts'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../test/custody.ts'

type Vault = { id: string; address: Address }
type Deposit = { id: string; vaultId: string; assetId: string; amount: string; status: string; txHash: string; logIndex: number; from: string; internal: boolean; sourceVaultId: string | null; blockNumber: string }
type Page<T> = { items: T[]; nextCursor: string | null }
type Balances = { balances: { native: string; tokens: { token: string; balance: string }[]; assets: { assetId: string; kind: string; balance: string; decimals: number }[] } }

const mintAbi = parseAbi(['function mint(address to, uint256 amount)'])

describe('deposits: incoming transfers to vaults', () => {
  let chain: TestChain
  let custody: TestCustody
  let receiver: TestReceiver

  beforeAll(async () => {
    chain = await startTestChain()
    // Final 3 blocks deep; the watch reads new blocks every 100 ms; CUSD comes from the deployments file.
    custody = await startTestCustody(chain, {
      pipeline: { confirmations: 3 },
      env: { CUSTODY_DEPOSIT_WATCH: 'on', CUSTODY_DEPOSIT_WATCH_MS: '100', CUSTODY_DEPLOYMENTS_FILE: process.env.CUSTOS_TEST_DEPLOYMENTS! },
    })
    receiver = await startTestReceiver(systemClock)
    const sub = await custody.as.platform.post<{ id: string; secret: string }>('/v1/webhooks', { url: receiver.url, events: ['deposit.*'] })
    receiver.secrets.push(sub.body.secret)
  })
  afterAll(async () => {
    await receiver?.close()
    await custody?.close()
    await chain?.stop()
  })

  async function poll<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const v = await read()
      if (done(v)) return v
      if (Date.now() > deadline) throw new Error(`${what}: not reached after ${timeoutMs} ms (last: ${JSON.stringify(v)})`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  const depositsOf = async (vaultId: string) => (await custody.as.platform.get<Page<Deposit>>(`/v1/vaults/${vaultId}/deposits`)).body.items
  /** Distinct events (by event id) of `type` about `depositId`: redeliveries count once. */
  const eventsAbout = (depositId: string, type: string) => new Set(receiver.received.filter((r) => r.body.resourceId === depositId && r.body.type === type).map((r) => r.eventId)).size
  const waitForEvent = (depositId: string, type: string) => poll(`${type} for ${depositId}`, async () => eventsAbout(depositId, type), (n) => n >= 1)

  it('detects ether and stablecoin sent from outside, confirms them once final, reports each once, and shows the balances', async () => {
    const vault = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'investor-deposits', tier: 'hot' })).body
    const [outsider] = chain.wallets
    const cusd = chain.deployments.stablecoin
    const amount = 5_000_000_000n // 5,000 cUSD (6 decimals)

    await chain.publicClient.waitForTransactionReceipt({ hash: await chain.deployer.writeContract({ address: cusd, abi: mintAbi, functionName: 'mint', args: [outsider!.account.address, amount] }) })
    const ethHash = await outsider!.sendTransaction({ to: vault.address, value: parseEther('1.5') })
    const cusdHash = await outsider!.writeContract({ address: cusd, abi: erc20Abi, functionName: 'transfer', args: [vault.address, amount] })
    await chain.publicClient.waitForTransactionReceipt({ hash: cusdHash })

    const detected = await poll('both deposits detected', () => depositsOf(vault.id), (d) => d.length === 2)
    const eth = detected.find((d) => d.assetId === 'ETH')!
    const usd = detected.find((d) => d.assetId === 'CUSD')!
    expect(eth).toMatchObject({ status: 'DETECTED', amount: parseEther('1.5').toString(), txHash: ethHash, logIndex: -1, from: outsider!.account.address, internal: false, sourceVaultId: null })
    expect(usd).toMatchObject({ status: 'DETECTED', amount: amount.toString(), txHash: cusdHash, from: outsider!.account.address, internal: false })
    expect(usd.logIndex).toBeGreaterThanOrEqual(0)
    for (const d of [eth, usd]) await waitForEvent(d.id, 'deposit.detected')

    // Three blocks deep is final.
    await chain.testClient.mine({ blocks: 3 })
    const confirmed = await poll('both deposits confirmed', () => depositsOf(vault.id), (d) => d.every((x) => x.status === 'CONFIRMED'))
    expect(confirmed).toHaveLength(2)
    for (const d of [eth, usd]) await waitForEvent(d.id, 'deposit.confirmed')

    // More passes and blocks change nothing: each deposit was reported once per status.
    await chain.testClient.mine({ blocks: 2 })
    await custody.service.depositWatch!.runOnce()
    await custody.service.depositWatch!.runOnce()
    expect(await depositsOf(vault.id)).toHaveLength(2)
    for (const d of [eth, usd]) {
      expect(eventsAbout(d.id, 'deposit.detected')).toBe(1)
      expect(eventsAbout(d.id, 'deposit.confirmed')).toBe(1)
      expect(eventsAbout(d.id, 'deposit.retracted')).toBe(0)
    }
    const payload = receiver.received.find((r) => r.body.resourceId === usd.id && r.body.type === 'deposit.confirmed')!.body
    expect(payload).toMatchObject({ resourceType: 'deposit', data: { id: usd.id, vaultId: vault.id, assetId: 'CUSD', amount: amount.toString(), status: 'CONFIRMED', previousStatus: 'DETECTED' } })

    // Every state change is in the audit log.
    const audit = await custody.service.ctx.db.selectFrom('audit_entries').select(['action', 'target_id']).where('target_id', 'in', [eth.id, usd.id]).execute()
    expect(audit.map((a) => a.action).sort()).toEqual(['deposit.confirmed', 'deposit.confirmed', 'deposit.detected', 'deposit.detected'])

    // The vault's balances list every registered asset, read from the chain, though it never sent any.
    const view = (await custody.as.platform.get<Balances>(`/v1/vaults/${vault.id}`)).body
    expect(view.balances.assets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ assetId: 'ETH', kind: 'NATIVE', balance: parseEther('1.5').toString() }),
        expect.objectContaining({ assetId: 'CUSD', kind: 'ERC20', balance: amount.toString(), decimals: 6 }),
      ]),
    )
    expect(view.balances.tokens).toEqual([expect.objectContaining({ token: cusd.toLowerCase(), balance: amount.toString() })])

    // Lists filter and page.
    const onlyUsd = await custody.as.platform.get<Page<Deposit>>(`/v1/deposits?vaultId=${vault.id}&assetId=CUSD&status=CONFIRMED`)
    expect(onlyUsd.body.items.map((d) => d.id)).toEqual([usd.id])
    const first = await custody.as.platform.get<Page<Deposit>>(`/v1/deposits?vaultId=${vault.id}&limit=1`)
    expect(first.body.items).toHaveLength(1)
    const second = await custody.as.platform.get<Page<Deposit>>(`/v1/deposits?vaultId=${vault.id}&limit=1&cursor=${first.body.nextCursor}`)
    expect(new Set([...first.body.items, ...second.body.items].map((d) => d.id))).toEqual(new Set([eth.id, usd.id]))
    expect((await custody.as.platform.get<Deposit>(`/v1/deposits/${eth.id}`)).body).toMatchObject({ id: eth.id, status: 'CONFIRMED' })
    expect((await custody.as.platform.get(`/v1/deposits/dep_nope`)).status).toBe(404)
    expect((await custody.as.platform.get(`/v1/deposits?status=LOST`)).status).toBe(400)
    expect((await custody.as.platform.get(`/v1/deposits?cursor=not-ours`)).status).toBe(400)
  })

  it('marks a transfer between two custody vaults as internal, a deposit of the receiving vault', async () => {
    const from = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'treasury-hot', tier: 'hot' })).body
    const to = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'investor-internal', tier: 'hot' })).body
    await chain.testClient.setBalance({ address: from.address, value: parseEther('10') })
    const tx = await custody.as.platform.post<{ id: string }>('/v1/transactions', { externalTxId: 'internal-deposit-1', sourceVaultId: from.id, to: to.address, value: '777' })
    expect(tx.status).toBe(201)
    const [d] = await poll('internal deposit detected', () => depositsOf(to.id), (ds) => ds.length === 1)
    expect(d).toMatchObject({ assetId: 'ETH', amount: '777', internal: true, sourceVaultId: from.id })
  })

  it('retracts a deposit a reorg removes (one deposit.retracted), and takes the same transfer mined again as a new deposit', async () => {
    const vault = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'reorg-deposits', tier: 'hot' })).body
    const outsider = chain.wallets[1]!
    const request = await outsider.prepareTransactionRequest({ to: vault.address, value: 4242n })
    const raw = await outsider.signTransaction(request as never)
    const revert = await chain.snapshot()
    const hash = await chain.publicClient.sendRawTransaction({ serializedTransaction: raw as Hex })
    await chain.publicClient.waitForTransactionReceipt({ hash })
    const [gone] = await poll('deposit detected', () => depositsOf(vault.id), (d) => d.length === 1)
    expect(gone).toMatchObject({ status: 'DETECTED', txHash: hash })
    await waitForEvent(gone!.id, 'deposit.detected')

    // The chain forgets the block that held it.
    await revert()
    const [retracted] = await poll('deposit retracted', () => depositsOf(vault.id), (d) => d[0]?.status === 'RETRACTED')
    expect(retracted!.id).toBe(gone!.id)
    await waitForEvent(gone!.id, 'deposit.retracted')
    expect(await chain.publicClient.getBalance({ address: vault.address })).toBe(0n)

    // The same signed transfer mined again is a new deposit; the retracted one stays retracted.
    await chain.publicClient.waitForTransactionReceipt({ hash: await chain.publicClient.sendRawTransaction({ serializedTransaction: raw as Hex }) })
    await chain.testClient.mine({ blocks: 3 })
    const settled = await poll('new deposit confirmed', () => depositsOf(vault.id), (d) => d.length === 2 && d.some((x) => x.status === 'CONFIRMED'))
    const again = settled.find((d) => d.id !== gone!.id)!
    expect(again).toMatchObject({ status: 'CONFIRMED', txHash: hash, amount: '4242' })
    expect(settled.find((d) => d.id === gone!.id)!.status).toBe('RETRACTED')
    await waitForEvent(again.id, 'deposit.confirmed')
    await custody.service.depositWatch!.runOnce()
    expect(eventsAbout(gone!.id, 'deposit.retracted')).toBe(1)
    expect(eventsAbout(gone!.id, 'deposit.confirmed')).toBe(0)
    expect(eventsAbout(again.id, 'deposit.detected')).toBe(1)
    expect(eventsAbout(again.id, 'deposit.confirmed')).toBe(1)
  })

  it('counts deposits by status in the service metrics', async () => {
    const res = await fetch(`${custody.url}/metrics`)
    const text = await res.text()
    expect(text).toMatch(/custos_custody_deposits\{status="CONFIRMED"[^}]*\} 4/)
    expect(text).toMatch(/custos_custody_deposits\{status="RETRACTED"[^}]*\} 1/)
  })
})
