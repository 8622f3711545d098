// @postgres-pass: velocity limits summed in SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Address } from 'viem'
import type { SignedFetch } from '../../shared/auth/sign-request.ts'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../test/custody.ts'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import type { CustodyDB } from '../db/schema.ts'
import { activatePolicy, extraAdmins, newClient, advanceClock, OffsetClock, submitAndDecide, type Tx } from './test-kit.ts'

type Vault = { id: string; address: Address }
const TO = '0x00000000000000000000000000000000000E0002' as Address
const HOUR = 3600_000

/**
 * Velocity limits across a moving clock, through the HTTP API: what was authorised in the
 * window counts (approved transactions once approved), the window slides, a request that
 * brings the total exactly to the limit passes, and the totals survive a restart of custody
 * (the ledger is rebuilt from the database).
 */
describe('velocity windows across a moving clock', () => {
  let chain: TestChain
  let database: TestDatabase<CustodyDB>
  let custody: TestCustody
  let admins: SignedFetch[]
  let src: Vault, a: Vault, b: Vault
  let n = 0
  const clock = new OffsetClock()
  // Kept across the restart, so the second custody has the same keystore.
  const home = mkdtempSync(join(tmpdir(), 'custos-velocity-'))
  const pay = (client: SignedFetch, vault: Vault, amount: number) => submitAndDecide(client, { externalTxId: `v-${++n}`, sourceVaultId: vault.id, to: TO, value: String(amount) })
  const settled = (id: string) => waitForTransaction<Tx>(custody.as.platform, id)

  beforeAll(async () => {
    chain = await startTestChain()
    database = await openTestDatabase<CustodyDB>('custody')
    custody = await startTestCustody(chain, { clock, database, env: { CUSTOS_HOME: home } })
    admins = await extraAdmins(custody)
    src = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'src', tier: 'hot' })).body
    a = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'a', tier: 'hot' })).body
    b = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'b', tier: 'hot' })).body
    for (const v of [src, a, b]) await chain.testClient.setBalance({ address: v.address, value: 10n ** 20n })
  })
  afterAll(async () => {
    await custody?.close()
    await database?.close()
    rmSync(home, { recursive: true, force: true })
    await chain?.stop()
  })

  it('counts a source vault’s spend over a sliding hour, approvals included once approved', async () => {
    await activatePolicy(custody, admins, {
      rules: [
        { id: 'src-hourly', sourceVaults: [src.id], velocity: { windowSeconds: 3600, max: '100', scope: 'SOURCE' }, action: 'REQUIRE_APPROVAL', approval: { group: 'approvers', quorum: 1 } },
        { id: 'allow', action: 'ALLOW' },
      ],
    })
    const decisions: string[] = []
    for (const amount of [40, 40, 20]) {
      const t = await pay(custody.as.platform, src, amount)
      decisions.push(t.policy!.ruleId!)
      await settled(t.id)
    }
    // 100 spent: exactly the limit, so the third did not trigger the rule.
    expect(decisions).toEqual(['allow', 'allow', 'allow'])

    const over = await pay(custody.as.platform, src, 1)
    expect(over.status).toBe('PENDING_AUTHORIZATION')
    expect(over.policy).toMatchObject({ ruleId: 'src-hourly', velocity: { spent: '100', max: '100', windowSeconds: 3600 } })
    // Waiting for approval, it does not count yet: a 0 still fits.
    expect((await pay(custody.as.platform, src, 0)).policy!.ruleId).toBe('allow')
    expect((await custody.as['approver-1'].post(`/v1/transactions/${over.id}/approve`, {})).status).toBe(200)
    expect((await settled(over.id)).status).toBe('COMPLETED')

    await advanceClock(custody, clock, HOUR / 2)
    const halfway = await pay(custody.as.platform, src, 1)
    expect(halfway.policy).toMatchObject({ ruleId: 'src-hourly', velocity: { spent: '101' } })
    await custody.as.platform.post(`/v1/transactions/${halfway.id}/cancel`, {})

    await advanceClock(custody, clock, HOUR / 2 + 5_000)
    const later = await pay(custody.as.platform, src, 60)
    expect(later.policy!.ruleId).toBe('allow')
    await settled(later.id)
  })

  it('counts an initiator’s spend across vaults, and BLOCKs over the limit until the window has passed', async () => {
    const k = await newClient(custody, 'desk', ['read', 'transact'], ['desk'], clock)
    await activatePolicy(custody, admins, {
      rules: [
        { id: 'desk-10min', initiators: [k.keyId], velocity: { windowSeconds: 600, max: '50', scope: 'INITIATOR' }, action: 'BLOCK' },
        { id: 'allow', action: 'ALLOW' },
      ],
    })
    const first = await pay(k.client, a, 30)
    expect(first.policy!.ruleId, JSON.stringify(first.policy)).toBe('allow')
    await waitForTransaction<Tx>(k.client, first.id)
    const second = await pay(k.client, b, 30)
    expect(second).toMatchObject({ status: 'BLOCKED', subStatus: 'BLOCKED_BY_POLICY' })
    expect(second.policy).toMatchObject({ ruleId: 'desk-10min', velocity: { scope: 'INITIATOR', spent: '30' } })
    // Another key is not affected by the desk's spend.
    expect((await pay(custody.as.platform, b, 30)).policy!.ruleId).toBe('allow')
    await advanceClock(custody, clock, 601_000)
    const third = await pay(k.client, b, 30)
    expect(third.policy!.ruleId).toBe('allow')
    await waitForTransaction<Tx>(k.client, third.id)
  })

  it('rebuilds the totals from the database when custody restarts', async () => {
    await activatePolicy(custody, admins, {
      rules: [
        { id: 'src-daily', sourceVaults: [src.id], velocity: { windowSeconds: 86_400, max: '200', scope: 'SOURCE' }, action: 'BLOCK' },
        { id: 'allow', action: 'ALLOW' },
      ],
    })
    // Within the last day src spent 40 + 40 + 20 + 1 + 0 + 60 = 161 (the cancelled one never counted).
    const fits = await pay(custody.as.platform, src, 39)
    expect(fits.policy!.ruleId).toBe('allow')
    await settled(fits.id)
    await custody.close()

    custody = await startTestCustody(chain, { clock, database, env: { CUSTOS_HOME: home } })
    const over = await pay(custody.as.platform, src, 1)
    expect(over.policy).toMatchObject({ ruleId: 'src-daily', velocity: { spent: '200' } })
    await advanceClock(custody, clock, 24 * HOUR)
    const nextDay = await pay(custody.as.platform, src, 0)
    expect(nextDay.policy!.ruleId).toBe('allow')
  })
})
