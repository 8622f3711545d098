// @postgres-pass: velocity limits when a transaction is cancelled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import type { SignedFetch } from '../../shared/auth/sign-request.ts'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../test/custody.ts'
import { authorizeBatch } from '../pipeline/authorize.ts'
import { activatePolicy, extraAdmins, type Tx } from './test-kit.ts'

type Vault = { id: string; address: Address }
const TO = '0x00000000000000000000000000000000000E0003' as Address

/**
 * A cancelled transaction stops counting toward velocity at once in the process that
 * cancelled it, not at the next sync of the totals. Custody runs without pipeline
 * workers here, so the test decides each transaction itself and the cancelled one is
 * still QUEUED (authorised and counted) when its client cancels it.
 */
describe('velocity after a cancellation', () => {
  let chain: TestChain
  let custody: TestCustody
  let admins: SignedFetch[]
  let vault: Vault

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { workers: 0 })
    admins = await extraAdmins(custody)
    vault = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'desk', tier: 'hot' })).body
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
  })

  async function submitAndAuthorize(externalTxId: string, value: string) {
    const res = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId, sourceVaultId: vault.id, to: TO, value })
    expect(res.status).toBe(201)
    const row = await custody.service.ctx.db.selectFrom('transactions').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow()
    const [decided] = await authorizeBatch(custody.service.ctx, [row])
    return decided!
  }

  it('takes a cancelled QUEUED transaction out of the totals before the next decision', async () => {
    await activatePolicy(custody, admins, {
      rules: [
        { id: 'desk-hourly', sourceVaults: [vault.id], velocity: { windowSeconds: 3600, max: '100', scope: 'SOURCE' }, action: 'BLOCK' },
        { id: 'allow', action: 'ALLOW' },
      ],
    })
    const first = await submitAndAuthorize('vc-1', '80')
    expect(first.status).toBe('QUEUED')
    const cancelled = await custody.as.platform.post<Tx>(`/v1/transactions/${first.id}/cancel`, {})
    expect(cancelled.body.status).toBe('CANCELLED')

    // Had the 80 still counted, 80 + 50 would be over the limit of 100 and BLOCKED.
    const second = await submitAndAuthorize('vc-2', '50')
    expect(second.status).toBe('QUEUED')
    expect(second.policy).toMatchObject({ ruleId: 'allow' })
  })
})
