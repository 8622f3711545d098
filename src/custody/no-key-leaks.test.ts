import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Writable } from 'node:stream'
import { join } from 'node:path'
import { sql } from 'kysely'
import { HDKey } from '@scure/bip32'
import { encodeFunctionData, erc20Abi, type Address } from 'viem'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../test/custody.ts'
import { openKeystore, readKeystoreFile } from './keys/keystore-file.ts'
import { sendCall } from '../chain/deployer.ts'
import { devStablecoinAbi } from '../chain/generated/abis.ts'

const MASTER = 'ab'.repeat(32)

/** Every way a 32- or 64-byte secret could be written down. */
function encodings(bytes: Uint8Array): string[] {
  const b = Buffer.from(bytes)
  return [b.toString('hex'), b.toString('hex').toUpperCase(), b.toString('base64'), b.toString('base64url'), b.toString('base64').replace(/=+$/, '')]
}

describe('keys never leave custody', () => {
  let chain: TestChain
  let custody: TestCustody
  const logs: string[] = []
  const responses: string[] = []

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, {
      env: { LOG_LEVEL: 'trace' },
      logStream: new Writable({
        write(chunk, _enc, done) {
          logs.push(String(chunk))
          done()
        },
      }),
      beforeListen: (app) => {
        app.addHook('onSend', async (_req, _reply, payload) => {
          if (typeof payload === 'string') responses.push(payload)
          return payload
        })
      },
    })
  })
  afterAll(async () => {
    await custody?.close()
    await chain?.stop()
  })

  it('shows no seed, private key or master key in any response, log line or database column after a full run', async () => {
    // A full run: vaults, a token transfer with a gas top-up, a claim signature, a failure, keys, webhooks.
    const a = (await custody.as.admin.post<{ id: string; address: Address }>('/v1/vaults', { name: 'a', tier: 'hot' })).body
    const b = (await custody.as.admin.post<{ id: string; address: Address }>('/v1/vaults', { name: 'b', tier: 'warm' })).body
    await sendCall(chain.deployCtx, chain.deployments.stablecoin, devStablecoinAbi, 'mint', [a.address, 1000n])
    const t = await custody.as.platform.post<{ id: string }>('/v1/transactions', {
      externalTxId: 'leak-1',
      sourceVaultId: a.id,
      to: chain.deployments.stablecoin,
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [b.address, 10n] }),
    })
    expect((await waitForTransaction(custody.as.platform, t.body.id)).status).toBe('COMPLETED')
    const bad = await custody.as.platform.post<{ id: string }>('/v1/transactions', { externalTxId: 'leak-2', sourceVaultId: a.id, to: chain.deployments.stablecoin, data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [b.address, 10n ** 30n] }) })
    await waitForTransaction(custody.as.platform, bad.body.id)
    await custody.as.platform.post(`/v1/vaults/${a.id}/sign`, { type: 'onchainid.claim', identity: b.address, topic: '1', data: '0x' })
    await custody.as.admin.post('/v1/api-keys', { scopes: ['read'] })
    await custody.as.admin.get(`/v1/vaults/${a.id}`)
    await fetch(`${custody.url}/v1/vaults`, { headers: { 'x-api-key': custody.keys.admin!.keyId, 'x-api-timestamp': String(Date.now()), 'x-api-signature': 'f'.repeat(64) } })

    // What must never appear.
    const file = await readKeystoreFile(join(custody.home, 'custody', 'keystore.json'))
    const { state } = openKeystore(file!, Buffer.from(MASTER, 'hex'))
    const root = HDKey.fromMasterSeed(state.seed)
    const secrets: string[] = [...encodings(state.seed), ...encodings(Buffer.from(MASTER, 'hex')), MASTER]
    for (const index of state.vaults.values()) secrets.push(...encodings(root.derive(`m/44'/60'/0'/0/${index}`).privateKey!))
    expect(state.vaults.size).toBeGreaterThanOrEqual(3)

    const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema()`.execute(custody.service.ctx.db)
    const dump: string[] = []
    for (const { table_name } of tables.rows) {
      const rows = await sql<{ j: string }>`select row_to_json(t)::text as j from ${sql.table(table_name)} t`.execute(custody.service.ctx.db)
      dump.push(...rows.rows.map((r) => r.j))
    }
    expect(logs.length).toBeGreaterThan(10)
    expect(responses.length).toBeGreaterThan(5)
    expect(dump.length).toBeGreaterThan(10)
    for (const [where, texts] of [['logs', logs], ['responses', responses], ['database', dump]] as const) {
      const haystack = texts.join('\n')
      for (const s of secrets) expect(haystack.includes(s), `${where} contains a secret`).toBe(false)
    }
  })
})
