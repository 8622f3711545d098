import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Fireblocks } from '@fireblocks/ts-sdk'
import { readFileSync } from 'node:fs'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { startTestCustody, type TestCustody } from '../test/custody.ts'
import { ensureFireblocksPlatformUser, ensureFireblocksWebhook } from './fireblocks-bootstrap.ts'

describe('custos start with CUSTODY_PROVIDER=fireblocks on the embedded custody', () => {
  let chain: TestChain
  let custody: TestCustody
  let dir: string

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    dir = mkdtempSync(join(tmpdir(), 'custos-fb-bootstrap-'))
  })
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true })
    await custody?.close()
    await chain?.stop()
  })

  it('registers the platform’s API user once, keeps its private key to itself, and subscribes the platform once', async () => {
    const args = { custody: custody.client.admin, custodyUrl: custody.url, principalKeyId: custody.keys.platform!.keyId, dir }
    const first = await ensureFireblocksPlatformUser(args)
    const again = await ensureFireblocksPlatformUser(args)
    expect(first.created).toBe(true)
    expect(again).toMatchObject({ created: false, apiKey: first.apiKey })
    expect(statSync(first.secretKeyFile).mode & 0o777).toBe(0o600)
    expect(readFileSync(first.webhookPublicKeyFile, 'utf8')).toContain('BEGIN PUBLIC KEY')

    const fireblocks = new Fireblocks({ apiKey: first.apiKey, secretKey: readFileSync(first.secretKeyFile, 'utf8'), basePath: first.basePath })
    expect((await fireblocks.blockchainsAssets.getSupportedAssets()).data.map((a) => a.id)).toContain('ETH')

    const url = 'http://127.0.0.1:4999/v1/inbound/fireblocks'
    expect(await ensureFireblocksWebhook(first, url)).toBe('created')
    expect(await ensureFireblocksWebhook(first, url)).toBe('kept')

    // A revoked user is replaced on the next start rather than kept.
    expect((await custody.as.admin.post(`/v1/fireblocks/api-users/${first.apiKey}/revoke`)).status).toBe(200)
    const replaced = await ensureFireblocksPlatformUser(args)
    expect(replaced.created).toBe(true)
    expect(replaced.apiKey).not.toBe(first.apiKey)
  })
})
