import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { getAddress, keccak256, type Address, type Hex } from 'viem'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../../test/custody.ts'
import { coldSignCommand } from '../../cli/cold-sign.ts'
import { openKeystoreBackend } from '../keys/keystore-backend.ts'
import { signTransaction } from '../keys/sign-transaction.ts'
import { unsignedOf, type ColdPayload } from './cold-payload.ts'
import type { Tx } from '../governance/test-kit.ts'

type Vault = { id: string; address: Address }
const CLI = fileURLToPath(new URL('../../../bin/custos.mjs', import.meta.url))
const MASTER_KEY = 'ab'.repeat(32) // the test harness's master key
const TO = getAddress('0x00000000000000000000000000000000000c01d0')

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()))
    child.on('exit', (code) => resolve({ code, stderr }))
  })
}

/**
 * Cold vaults are never signed online: custody reserves the nonce and fees, exports the
 * unsigned payload, `custos custody cold-sign` signs it on another machine from an offline
 * keystore, and the import is checked to be exactly that transaction from the vault before
 * it goes on to broadcast and confirmation.
 */
describe('cold vault: export, offline signature, import', () => {
  let chain: TestChain
  let custody: TestCustody
  let cold: Vault
  let offline: string
  let tx: Tx

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    cold = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'cold-reserve', tier: 'cold' })).body
    await chain.testClient.setBalance({ address: cold.address, value: 10n ** 19n })
    // The "other machine": a folder holding a copy of the keystore, never seen by custody again.
    offline = mkdtempSync(join(tmpdir(), 'custos-offline-'))
    copyFileSync(join(custody.service.ctx.config.CUSTOS_HOME, 'custody', 'keystore.json'), join(offline, 'keystore.json'))
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
    if (offline) rmSync(offline, { recursive: true, force: true })
  })

  it('reserves nonce and fees, then waits for the offline signature without signing anything', async () => {
    const res = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'cold-1', sourceVaultId: cold.id, to: TO, value: '1234' })
    tx = await waitForTransaction<Tx>(custody.as.platform, res.body.id, (t) => t.subStatus === 'AWAITING_OFFLINE_SIGNATURE')
    expect(tx).toMatchObject({ status: 'PENDING_SIGNATURE', nonce: '0', txHash: null })
    expect(tx.policy).toMatchObject({ action: 'ALLOW', ruleId: 'cold-vaults', offlineSigning: true })
    expect(await chain.publicClient.getTransactionCount({ address: cold.address })).toBe(0)
    expect(await custody.service.ctx.db.selectFrom('tx_broadcasts').select('id').where('transaction_id', '=', tx.id).execute()).toEqual([])
  })

  it('refuses to export a transaction that is not waiting for an offline signature', async () => {
    const hot = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'hot', tier: 'hot' })).body
    const res = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'hot-1', sourceVaultId: hot.id, to: chain.wallets[1]!.account.address, value: '1' })
    const r = await custody.as.platform.get(`/v1/transactions/${res.body.id}/cold-payload`)
    expect(r.status).toBe(409)
    expect(r.problem?.code).toBe('NOT_AWAITING_OFFLINE_SIGNATURE')
  })

  it('round-trips export → custos custody cold-sign → import → COMPLETED, refusing anything but the exported transaction', async () => {
    const exported = await custody.as.platform.get<ColdPayload>(`/v1/transactions/${tx.id}/cold-payload`)
    expect(exported.status).toBe(200)
    const payload = exported.body
    expect(payload).toMatchObject({ format: 'custos-cold-payload', transactionId: tx.id, from: cold.address, transaction: { nonce: '0', to: TO, value: '1234', chainId: chain.chainId } })
    writeFileSync(join(offline, 'payload.json'), JSON.stringify(payload))

    const cli = await runCli(['custody', 'cold-sign', '--payload', join(offline, 'payload.json'), '--keystore', join(offline, 'keystore.json'), '--out', join(offline, 'signed.json')], { CUSTODY_MASTER_KEY: MASTER_KEY })
    expect(cli.code, cli.stderr).toBe(0)
    expect(cli.stderr).toContain(`NATIVE_TRANSFER of 1234 wei to ${TO}`)
    const signed = JSON.parse(readFileSync(join(offline, 'signed.json'), 'utf8')) as { raw: Hex; hash: Hex }

    // Another key signing the same transaction, and the vault's key signing another fee, are refused.
    const stranger = await chain.wallets[0]!.account.signTransaction!(unsignedOf(payload.transaction))
    const wrongSigner = await custody.as.platform.post(`/v1/transactions/${tx.id}/cold-signature`, { raw: stranger })
    expect(wrongSigner.status).toBe(422)
    expect(wrongSigner.problem?.code).toBe('COLD_SIGNATURE_WRONG_SIGNER')
    const keys = await openKeystoreBackend({ path: join(offline, 'keystore.json'), masterKey: new Uint8Array(Buffer.from(MASTER_KEY, 'hex')) })
    const pricier = await signTransaction(await keys.signer(payload.keyRef), { ...unsignedOf(payload.transaction), maxFeePerGas: BigInt(payload.transaction.maxFeePerGas) * 2n })
    await keys.close()
    const mismatch = await custody.as.platform.post<{ fields: string[] }>(`/v1/transactions/${tx.id}/cold-signature`, { raw: pricier })
    expect(mismatch.status).toBe(422)
    expect(mismatch.problem?.code).toBe('COLD_SIGNATURE_MISMATCH')
    expect(mismatch.body.fields).toEqual(['maxFeePerGas'])
    expect((await custody.as.platform.get<Tx>(`/v1/transactions/${tx.id}`)).body.subStatus).toBe('AWAITING_OFFLINE_SIGNATURE')

    const imported = await custody.as.platform.post<Tx>(`/v1/transactions/${tx.id}/cold-signature`, signed)
    expect(imported.status).toBe(200)
    expect(imported.body).toMatchObject({ status: 'BROADCASTING', txHash: keccak256(signed.raw) })
    const done = await waitForTransaction<Tx>(custody.as.platform, tx.id)
    expect(done).toMatchObject({ status: 'COMPLETED', txHash: signed.hash, nonce: '0' })
    expect(await chain.publicClient.getBalance({ address: TO })).toBe(1234n)
    const sent = await custody.service.ctx.db.selectFrom('tx_broadcasts').select(['tx_hash', 'raw']).where('transaction_id', '=', tx.id).execute()
    expect(sent).toEqual([{ tx_hash: signed.hash, raw: signed.raw }])
    // The same bytes again: nothing changes.
    expect((await custody.as.platform.post<Tx>(`/v1/transactions/${tx.id}/cold-signature`, signed)).status).toBe(200)
  })

  it('cold-sign refuses a payload altered after export, and a keystore without the vault key', async () => {
    const res = await custody.as.platform.post<Tx>('/v1/transactions', { externalTxId: 'cold-2', sourceVaultId: cold.id, to: TO, value: '1' })
    await waitForTransaction<Tx>(custody.as.platform, res.body.id, (t) => t.subStatus === 'AWAITING_OFFLINE_SIGNATURE')
    const payload = (await custody.as.platform.get<ColdPayload>(`/v1/transactions/${res.body.id}/cold-payload`)).body
    const env = { CUSTODY_MASTER_KEY: MASTER_KEY }
    const log = () => {}
    writeFileSync(join(offline, 'altered.json'), JSON.stringify({ ...payload, transaction: { ...payload.transaction, to: chain.wallets[0]!.account.address } }))
    await expect(coldSignCommand(env, { payload: join(offline, 'altered.json'), keystore: join(offline, 'keystore.json'), log })).rejects.toThrow(/altered/)
    writeFileSync(join(offline, 'payload-2.json'), JSON.stringify(payload))
    const other = join(offline, 'other-keystore.json')
    // Another seed, with a key at the same path: a different address.
    const otherKeys = await openKeystoreBackend({ path: other, masterKey: new Uint8Array(Buffer.from(MASTER_KEY, 'hex')) })
    for (let i = 0; i <= Number(payload.keyRef.split('/').at(-1)); i++) await otherKeys.createKey(`vault-${i}`)
    await otherKeys.close()
    await expect(coldSignCommand(env, { payload: join(offline, 'payload-2.json'), keystore: other, log })).rejects.toMatchObject({ code: 'COLD_KEY_MISMATCH' })
    await expect(coldSignCommand(env, { payload: join(offline, 'payload-2.json'), keystore: join(offline, 'missing.json'), log })).rejects.toMatchObject({ code: 'CONFIG_INVALID' })
  })
})
