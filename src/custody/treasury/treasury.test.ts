import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { erc20Abi, parseAbi, parseEther, type Address } from 'viem'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../test/custody.ts'
import { activatePolicy, extraAdmins, type Tx } from '../governance/test-kit.ts'
import { createTransaction } from '../transactions/create-transaction.ts'
import { TREASURY_INITIATOR } from './check-treasury.ts'

type Vault = { id: string; address: Address; tier: string }
type Status = { rule: { id: string; episode: number; hotVaultId: string; assetId: string }; balance: string; state: string; openProposal: { transactionId: string; direction: string; status: string } | null; proposed?: { transactionId: string; direction: string; amount: string } }
const ETH = 'ETH'
const mintAbi = parseAbi(['function mint(address to, uint256 amount)'])

/**
 * Treasury tiers through the HTTP API: a hot vault's ether rule, checked on demand. Below
 * the floor custody proposes one top-up from the warm vault (approved by an approver, it
 * brings the vault back to target on-chain); above the ceiling one sweep; a proposal that is
 * rejected or blocked ends without effect and the next check proposes again.
 */
describe('treasury tiers', () => {
  let chain: TestChain
  let custody: TestCustody
  let hot: Vault
  let warm: Vault
  let cold: Vault
  const rule = () => ({ floor: parseEther('1').toString(), target: parseEther('5').toString(), ceiling: parseEther('10').toString(), sourceVaultId: warm.id, sweepVaultId: cold.id })
  const check = async (assetId = ETH) => {
    const res = await custody.as.admin.post<{ items: Status[] }>('/v1/treasury/check', {})
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return res.body.items.find((s) => s.rule.hotVaultId === hot.id && s.rule.assetId === assetId)!
  }
  const balance = (v: Vault) => chain.publicClient.getBalance({ address: v.address })
  const events = async (type: string) => (await custody.service.ctx.db.selectFrom('webhook_events').select(['data']).where('type', '=', type).execute()).map((e) => e.data as { transactionId: string; amount: string })

  beforeAll(async () => {
    chain = await startTestChain()
    // CUSD comes from the deployments file; the loop is off: the test checks when it wants.
    custody = await startTestCustody(chain, { env: { CUSTODY_TREASURY_CHECK_MS: '0', CUSTODY_DEPLOYMENTS_FILE: process.env.CUSTOS_TEST_DEPLOYMENTS! } })
    const create = async (name: string, tier: string) => (await custody.as.admin.post<Vault>('/v1/vaults', { name, tier })).body
    hot = await create('payouts', 'hot')
    warm = await create('reserve', 'warm')
    cold = await create('vault-store', 'cold')
    await chain.testClient.setBalance({ address: warm.address, value: parseEther('100') })
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
  })

  it('refuses bad rules with a reason and changes nothing', async () => {
    const put = (vaultId: string, body: Record<string, unknown>) => custody.as.admin.put(`/v1/treasury/rules/${vaultId}/${ETH}`, body)
    const cases: [string, Record<string, unknown>, string][] = [
      [hot.id, { ...rule(), floor: parseEther('5').toString() }, 'TREASURY_BOUNDS_INVALID'],
      [hot.id, { ...rule(), ceiling: parseEther('5').toString() }, 'TREASURY_BOUNDS_INVALID'],
      [hot.id, { ...rule(), sourceVaultId: hot.id }, 'TREASURY_VAULT_TIER'],
      [hot.id, { ...rule(), sweepVaultId: 'no-such-vault' }, 'TREASURY_VAULT_UNKNOWN'],
      [warm.id, rule(), 'TREASURY_NOT_HOT_VAULT'],
    ]
    for (const [vaultId, body, code] of cases) {
      const res = await put(vaultId, body)
      expect(res.status, JSON.stringify(res.body)).toBe(422)
      expect(res.problem?.code).toBe(code)
    }
    expect((await put(hot.id, { ...rule(), floor: '-1' })).status).toBe(400)
    expect((await custody.as.admin.put(`/v1/treasury/rules/${hot.id}/NOPE`, rule())).status).toBe(404)
    expect((await custody.as.platform.put(`/v1/treasury/rules/${hot.id}/${ETH}`, rule())).status).toBe(403)
    expect((await custody.as.admin.get<{ items: unknown[] }>('/v1/treasury/rules')).body.items).toEqual([])
    const audited = await custody.service.ctx.db.selectFrom('audit_entries').select('action').where('action', 'like', 'treasury.%').execute()
    expect(audited).toEqual([])
  })

  it('tops a drained hot vault up from the warm vault once, after an approver approves', async () => {
    const set = await custody.as.admin.put<{ id: string; floor: string }>(`/v1/treasury/rules/${hot.id}/${ETH}`, rule())
    expect(set.status, JSON.stringify(set.body)).toBe(201)
    await chain.testClient.setBalance({ address: hot.address, value: parseEther('0.5') })

    const first = await check()
    expect(first).toMatchObject({ state: 'BELOW_FLOOR', balance: parseEther('0.5').toString(), proposed: { direction: 'TOPUP', amount: parseEther('4.5').toString() } })
    const id = first.proposed!.transactionId
    const again = await check()
    expect(again.proposed).toBeUndefined()
    expect(again.openProposal?.transactionId).toBe(id)
    expect(await events('treasury.topup_proposed')).toHaveLength(1)

    const pending = await waitForTransaction<Tx>(custody.as.admin, id, (t) => t.status !== 'SUBMITTED')
    expect(pending.status).toBe('PENDING_AUTHORIZATION')
    expect((await custody.as['approver-1'].post(`/v1/transactions/${id}/approve`, {})).status).toBe(200)
    expect((await waitForTransaction<Tx>(custody.as.admin, id)).status).toBe('COMPLETED')
    expect(await balance(hot)).toBe(parseEther('5'))

    const after = await check()
    expect(after).toMatchObject({ state: 'OK', openProposal: null, rule: { episode: 1 } })
    expect(after.proposed).toBeUndefined()
    const status = (await custody.as.platform.get<{ items: Status[] }>('/v1/treasury/status')).body.items[0]!
    expect(status).toMatchObject({ state: 'OK', balance: parseEther('5').toString(), openProposal: null })
  })

  it('ends a rejected top-up without effect, and the next check proposes again', async () => {
    await chain.testClient.setBalance({ address: hot.address, value: parseEther('0.2') })
    const first = (await check()).proposed!
    await waitForTransaction<Tx>(custody.as.admin, first.transactionId, (t) => t.status !== 'SUBMITTED')
    expect((await custody.as['approver-1'].post(`/v1/transactions/${first.transactionId}/reject`, { comment: 'not now' })).status).toBe(200)
    expect((await waitForTransaction<Tx>(custody.as.admin, first.transactionId)).status).toBe('REJECTED')
    expect(await balance(hot)).toBe(parseEther('0.2'))

    const next = await check()
    expect(next.proposed).toMatchObject({ direction: 'TOPUP', amount: parseEther('4.8').toString() })
    expect(next.proposed!.transactionId).not.toBe(first.transactionId)
    await waitForTransaction<Tx>(custody.as.admin, next.proposed!.transactionId, (t) => t.status !== 'SUBMITTED')
    await custody.as['approver-2'].post(`/v1/transactions/${next.proposed!.transactionId}/approve`, {})
    expect((await waitForTransaction<Tx>(custody.as.admin, next.proposed!.transactionId)).status).toBe('COMPLETED')
    expect(await balance(hot)).toBe(parseEther('5'))
  })

  it('sweeps a hot vault above its ceiling to the cold vault, once', async () => {
    await chain.testClient.setBalance({ address: hot.address, value: parseEther('20') })
    const coldBefore = await balance(cold)
    const first = await check()
    expect(first).toMatchObject({ state: 'ABOVE_CEILING', proposed: { direction: 'SWEEP', amount: parseEther('15').toString() } })
    const id = first.proposed!.transactionId
    expect((await check()).openProposal?.transactionId).toBe(id)
    // The hot vault signs online under the default policy: no human needed.
    expect((await waitForTransaction<Tx>(custody.as.admin, id)).status).toBe('COMPLETED')
    expect((await balance(cold)) - coldBefore).toBe(parseEther('15'))
    expect(await events('treasury.sweep_proposed')).toHaveLength(1)
    expect((await check())).toMatchObject({ state: 'OK', openProposal: null })
  })

  it('tops up a registered ERC-20 from the cold vault, which waits for offline signing', async () => {
    const cusd = chain.deployments.stablecoin
    await chain.publicClient.waitForTransactionReceipt({ hash: await chain.deployer.writeContract({ address: cusd, abi: mintAbi, functionName: 'mint', args: [cold.address, 10_000_000_000n] }) })
    const set = await custody.as.admin.put(`/v1/treasury/rules/${hot.id}/CUSD`, { floor: '100000000', target: '1000000000', ceiling: '5000000000', sourceVaultId: cold.id, sweepVaultId: warm.id })
    expect(set.status, JSON.stringify(set.body)).toBe(201)
    const first = await check('CUSD')
    expect(first).toMatchObject({ state: 'BELOW_FLOOR', balance: '0', proposed: { direction: 'TOPUP', amount: '1000000000' } })
    const waiting = await waitForTransaction<Tx>(custody.as.admin, first.proposed!.transactionId, (t) => t.subStatus === 'AWAITING_OFFLINE_SIGNATURE')
    expect(waiting.policy?.offlineSigning).toBe(true)
    expect((await check('CUSD')).proposed).toBeUndefined()
    expect(await chain.publicClient.readContract({ address: cusd, abi: erc20Abi, functionName: 'balanceOf', args: [hot.address] })).toBe(0n)
    const status = (await custody.as.platform.get<{ items: Status[] }>('/v1/treasury/status')).body.items.find((x) => x.rule.assetId === 'CUSD')!
    expect(status).toMatchObject({ state: 'BELOW_FLOOR', openProposal: { transactionId: first.proposed!.transactionId, direction: 'TOPUP' } })
  })

  it('ends a top-up the policy blocks without effect', async () => {
    const admins = await extraAdmins(custody)
    await activatePolicy(custody, admins, { rules: [{ id: 'hot-only', sourceTiers: ['hot'], action: 'ALLOW' }] })
    await chain.testClient.setBalance({ address: hot.address, value: parseEther('0.1') })
    const first = (await check()).proposed!
    expect((await waitForTransaction<Tx>(custody.as.admin, first.transactionId)).status).toBe('BLOCKED')
    expect(await balance(hot)).toBe(parseEther('0.1'))
    const next = await check()
    expect(next.proposed?.transactionId).toBeDefined()
    expect(next.proposed!.transactionId).not.toBe(first.transactionId)

    const audited = await custody.service.ctx.db.selectFrom('audit_entries').select('action').where('action', 'like', 'treasury.%').execute()
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['treasury.rule.created', 'treasury.topup_proposed', 'treasury.sweep_proposed', 'treasury.proposal_closed']))
  })

  it('takes over a proposal an interrupted check created instead of proposing twice', async () => {
    const blocked = (await check()).openProposal!
    expect((await waitForTransaction<Tx>(custody.as.admin, blocked.transactionId)).status).toBe('BLOCKED')
    await chain.testClient.setBalance({ address: hot.address, value: parseEther('30') })
    const r = (await custody.as.admin.get<{ items: { id: string; episode: number; assetId: string }[] }>('/v1/treasury/rules')).body.items.find((x) => x.assetId === ETH)!
    // A check that created this episode's sweep and stopped before recording it (the blocked proposal's episode ends first).
    const { transaction } = await createTransaction(custody.service.ctx, {
      initiator: TREASURY_INITIATOR,
      input: { externalTxId: `treasury:${r.id}:${r.episode + 1}`, sourceVaultId: hot.id, to: cold.address, value: parseEther('25').toString(), data: '0x' },
    })
    const sweepsBefore = (await events('treasury.sweep_proposed')).length
    const resumed = await check()
    expect(resumed.proposed).toMatchObject({ transactionId: transaction.id, direction: 'SWEEP' })
    expect((await check()).openProposal?.transactionId).toBe(transaction.id)
    expect(await events('treasury.sweep_proposed')).toHaveLength(sweepsBefore + 1)
    const ours = await custody.service.ctx.db.selectFrom('transactions').select('id').where('client_id', '=', TREASURY_INITIATOR.clientId).where('external_tx_id', 'like', `treasury:${r.id}:%`).execute()
    expect(new Set(ours.map((t) => t.id)).size).toBe(ours.length)
    expect((await waitForTransaction<Tx>(custody.as.admin, transaction.id)).status).toBe('COMPLETED')
  })
})
