import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import type { KeyBackend } from '../keys/signer.ts'
import { createTestSoftHsmToken, findSoftHsmLibrary, type TestSoftHsmToken } from '../keys/test-softhsm.ts'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../test/custody.ts'

type Tx = { id: string; status: string; subStatus: string | null; maxFeePerGas: string | null; nonce: string | null }
type Vault = { id: string; address: Address }

/** The backend as custody uses it, counting every digest it signs. */
function counting(keys: KeyBackend, count: { n: number }): KeyBackend {
  return {
    kind: keys.kind,
    createKey: (id) => keys.createKey(id),
    close: () => keys.close(),
    async signer(ref) {
      const s = await keys.signer(ref)
      return {
        backend: s.backend,
        address: s.address,
        signDigest: async (d) => {
          count.n += 1
          return s.signDigest(d)
        },
      }
    },
  }
}

const hsm = !!findSoftHsmLibrary()

describe.each([
  { backend: 'keystore' as const, run: true },
  { backend: 'pkcs11' as const, run: hsm },
])('every signature custody makes is audited ($backend)', ({ backend, run }) => {
  let chain: TestChain
  let custody: TestCustody
  let token: TestSoftHsmToken | undefined
  const signatures = { n: 0 }

  beforeAll(async () => {
    if (!run) return
    chain = await startTestChain()
    token = backend === 'pkcs11' ? await createTestSoftHsmToken() : undefined
    const env: Record<string, string> = token ? { CUSTODY_KEY_BACKEND: 'pkcs11', CUSTODY_PKCS11_LIBRARY: token.libraryPath, CUSTODY_PKCS11_TOKEN_LABEL: token.tokenLabel, CUSTODY_PKCS11_PIN: token.pin } : {}
    // Replaced after 300 ms, fees capped at a ceiling: several replacements, then the ceiling's policy.
    // Only the confirm stage's replacements are counted here; the chain watch leaving
    // under-priced transactions alone is shown by stuck-alert.test.ts.
    custody = await startTestCustody(chain, { env, pipeline: { stuckAfterMs: 300, replacementBumpPercent: 20, chainWatchMs: 600_000 } })
    custody.service.ctx.keys = counting(custody.service.ctx.keys, signatures)
  })
  afterAll(async () => {
    await custody?.close()
    await token?.dispose()
    await chain?.stop()
  })

  it.skipIf(!run)('counts as many transaction.signed audit entries as signatures, through fee replacements up to the ceiling', async () => {
    const vault = (await custody.as.admin.post<Vault>('/v1/vaults', { name: `audited-${backend}`, tier: 'hot' })).body
    await chain.testClient.setBalance({ address: vault.address, value: 10n ** 20n })
    await chain.testClient.setAutomine(false)
    try {
      const ids: string[] = []
      for (let i = 0; i < 3; i++) ids.push((await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: `audited-${backend}-${i}`, sourceVaultId: vault.id, to: vault.address, value: '1' })).body.id)
      const sent = await Promise.all(ids.map((id) => waitForTransaction<Tx>(custody.as.platform, id, (t) => t.status === 'CONFIRMING')))
      const first = BigInt(sent[0]!.maxFeePerGas!)
      custody.service.ctx.pipeline.maxFeePerGasCeiling = first * 2n
      // Each is replaced once at the bumped fee (nothing mines while automine is off) ...
      await Promise.all(sent.map((s) => waitForTransaction<Tx>(custody.as.platform, s.id, (t) => BigInt(t.maxFeePerGas!) > BigInt(s.maxFeePerGas!), 20_000)))
      // ... and again when nothing is mined under the next base fee, up to the ceiling.
      await chain.testClient.request({ method: 'anvil_setNextBlockBaseFeePerGas' as never, params: [`0x${(first * 10n).toString(16)}`] as never })
      await chain.testClient.mine({ blocks: 1 })
      await Promise.all(ids.map((id) => waitForTransaction<Tx>(custody.as.platform, id, (t) => BigInt(t.maxFeePerGas!) === first * 2n, 20_000)))
      const signed = await custody.service.ctx.db.selectFrom('audit_entries').select('after').where('action', '=', 'transaction.signed').execute()
      const replaced = signed.filter((s) => (s.after as { why: string }).why !== 'first')
      expect(replaced.length).toBeGreaterThanOrEqual(ids.length * 2)
      expect(signatures.n).toBe(signed.length)
      // The ceiling holds: no offer above it.
      const history = await custody.service.ctx.db.selectFrom('tx_broadcasts').select('max_fee_per_gas').where('transaction_id', 'in', ids).execute()
      expect(history.every((h) => BigInt(h.max_fee_per_gas) <= first * 2n)).toBe(true)
      expect(history.length).toBe(signed.length)
    } finally {
      await chain.testClient.setAutomine(true)
    }
  })
})
