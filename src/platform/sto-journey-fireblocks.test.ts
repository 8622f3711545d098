import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Fireblocks } from '@fireblocks/ts-sdk'
import { startTestCustody } from '../test/custody.ts'
import { startTestPlatform } from '../test/platform.ts'
import { expect } from 'vitest'
import { sql } from 'kysely'
import { describeStoJourney } from '../test/platform/sto-journey.ts'

/**
 * The same STO journey with the platform on CUSTODY_PROVIDER=fireblocks: every custody call
 * goes through the official Fireblocks SDK to custody's Fireblocks API, and transaction
 * news comes back as Fireblocks webhooks verified with the published key.
 */
describeStoJourney('an STO from offering to cap table, on a Fireblocks workspace (custody’s Fireblocks API)', async (chain) => {
  const custody = await startTestCustody(chain, { env: { CUSTODY_DEPLOYMENTS_FILE: process.env.CUSTOS_TEST_DEPLOYMENTS! } })
  const dir = mkdtempSync(join(tmpdir(), 'custos-fireblocks-'))
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const secretKeyFile = join(dir, 'fireblocks_secret.key')
  writeFileSync(secretKeyFile, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 })
  const user = await custody.as.admin.post<{ apiKey: string }>('/v1/fireblocks/api-users', {
    name: 'platform',
    publicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    principalKeyId: custody.keys.platform!.keyId,
  })
  if (user.status !== 201) throw new Error(`register the API user: ${user.status} ${JSON.stringify(user.body)}`)
  const webhookKeyFile = join(dir, 'fireblocks_webhook.pub')
  writeFileSync(webhookKeyFile, await (await fetch(`${custody.url}/fireblocks/webhook_public_key.pem`)).text())
  const basePath = `${custody.url}/fireblocks/v1`
  const platform = await startTestPlatform(chain, custody, {
    env: {
      PLATFORM_KYC_AUTO_APPROVE: 'true',
      PLATFORM_INDEXER_POLL_MS: '100',
      PLATFORM_RECONCILE_INTERVAL_MS: '0',
      CUSTODY_PROVIDER: 'fireblocks',
      FIREBLOCKS_API_KEY: user.body.apiKey,
      FIREBLOCKS_SECRET_KEY_FILE: secretKeyFile,
      FIREBLOCKS_BASE_PATH: basePath,
      FIREBLOCKS_WEBHOOK_PUBLIC_KEY_FILE: webhookKeyFile,
    },
  })
  // The platform's webhook, made as a Fireblocks customer makes one.
  const fireblocks = new Fireblocks({ apiKey: user.body.apiKey, secretKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), basePath })
  await fireblocks.webhooksV2.createWebhook({ createWebhookRequest: { url: `${platform.url}/v1/inbound/fireblocks`, events: ['transaction.created', 'transaction.status.updated'] } })
  return { custody, platform, close: async () => rmSync(dir, { recursive: true, force: true }) }
}, {
  title: 'went through the Fireblocks SDK and Fireblocks webhooks, not custody’s native API',
  async check({ custody, platform }) {
    expect(platform.service.ctx.custody.name).toBe('fireblocks')
    // Investor vaults were made as vault accounts, marked the way the provider marks them.
    const investorVaults = await custody.service.ctx.db.selectFrom('vaults').select('external_ref').where('external_ref', 'like', 'custos:investor:%').execute()
    expect(investorVaults).toHaveLength(2)
    // Transaction news arrived as verified Fireblocks webhooks.
    const { rows } = await sql<{ n: string }>`select count(*)::text as n from inbound_events where event_id like 'fireblocks:%' and processed_at is not null`.execute(platform.database.db)
    expect(Number(rows[0]!.n)).toBeGreaterThan(0)
    // A notification not signed with the published key is refused and stored nowhere.
    const forged = JSON.stringify({ id: 'forged-1', eventType: 'transaction.status.updated', data: { id: 'x', status: 'COMPLETED', lastUpdated: 1 } })
    const res = await fetch(`${platform.url}/v1/inbound/fireblocks`, { method: 'POST', headers: { 'content-type': 'application/json', 'fireblocks-signature': Buffer.alloc(512, 7).toString('base64') }, body: forged })
    expect(res.status).toBe(401)
    const stored = await sql<{ n: string }>`select count(*)::text as n from inbound_events where event_id = 'fireblocks:forged-1'`.execute(platform.database.db)
    expect(stored.rows[0]!.n).toBe('0')
  },
})
