import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Fireblocks } from '@fireblocks/ts-sdk'
import { startTestCustody } from '../test/custody.ts'
import { startTestPlatform } from '../test/platform.ts'
import { expect } from 'vitest'
import { sql } from 'kysely'
import { getAddress, type Address } from 'viem'
import { describeStoJourney } from '../test/platform/sto-journey.ts'
import { pollUntil } from '../test/platform/tokens.ts'
import { cusd, fundStablecoin, stablecoinBalance } from '../test/platform/offerings.ts'
import { applyDepositEvent } from './modules/cash/public.ts'

type WithdrawalAddress = { id: string; address: string; status: string; custody: { changeRequestId: string | null } }
type Withdrawal = { id: string; status: string; txHash: string | null }

/**
 * The same STO journey with the platform on CUSTODY_PROVIDER=fireblocks: every custody call
 * goes through the official Fireblocks SDK to custody's Fireblocks API, and transaction
 * news comes back as Fireblocks webhooks verified with the published key. Afterwards an
 * investor's withdrawal address is whitelisted as a Fireblocks external wallet (approved by
 * custody's two admins) and a withdrawal pays it as a TRANSFER to that wallet.
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
  await fireblocks.webhooksV2.createWebhook({ createWebhookRequest: { url: `${platform.url}/v1/inbound/fireblocks`, events: ['transaction.created', 'transaction.status.updated', 'external_wallet.asset.added'] } })
  return { custody, platform, close: async () => rmSync(dir, { recursive: true, force: true }) }
}, {
  title: 'went through the Fireblocks SDK and Fireblocks webhooks, not custody’s native API',
  async check({ chain, custody, platform }) {
    expect(platform.service.ctx.custody.name).toBe('fireblocks')

    // Withdrawal: an investor with cash registers an outside address; it becomes a Fireblocks external wallet waiting for approval.
    const investor = await platform.database.db.selectFrom('investors').select(['id', 'wallet_address']).where('status', '=', 'ACTIVE').orderBy('created_at').executeTakeFirstOrThrow()
    const wallet = getAddress(investor.wallet_address!)
    const stablecoin = getAddress(chain.deployments.stablecoin)
    // Fireblocks' incoming transfers are not credited as cash by the platform yet (docs/fireblocks.md): the coins arrive on-chain, and the credit is applied as custody's deposit webhook would.
    await fundStablecoin(chain, wallet, cusd(100))
    await platform.database.db.transaction().execute((tx) =>
      applyDepositEvent(tx, platform.service.ctx, 'deposit.confirmed', { id: 'fb-deposit-1', chainId: chain.chainId, vaultId: 'n/a', address: wallet, assetId: 'CUSD', contractAddress: stablecoin, txHash: `0x${'1'.repeat(64)}`, logIndex: 0, from: getAddress(`0x${'2'.repeat(40)}`), amount: cusd(100).toString(), status: 'CONFIRMED', internal: false, sourceVaultId: null }, null),
    )
    const outside: Address = getAddress('0x000000000000000000000000000000000000fee5')
    const registered = await platform.as.operator.post<WithdrawalAddress>(`/v1/investors/${investor.id}/withdrawal-addresses`, { address: outside, label: 'own bank', beneficiaryName: 'Alice Example' })
    expect(registered.status, JSON.stringify(registered.body)).toBe(201)
    expect(registered.body).toMatchObject({ status: 'PENDING', custody: { changeRequestId: expect.any(String) } })
    const walletId = registered.body.custody.changeRequestId!
    const held = await custody.service.ctx.db.selectFrom('fireblocks_external_wallet_assets').selectAll().where('wallet_id', '=', walletId).execute()
    expect(held.map((a) => [a.asset_id, a.address])).toEqual([['CUSD', outside.toLowerCase()]])
    const early = await platform.as.operator.post<{ code: string }>(`/v1/investors/${investor.id}/withdrawals`, { amount: cusd(40).toString(), withdrawalAddressId: registered.body.id, idempotencyKey: 'fb-w-early' })
    expect(early.status).toBe(422)

    // Custody's two admins approve the change request behind the external wallet's asset; the external_wallet.asset.added webhook makes the address WHITELISTED.
    for (const admin of ['admin', 'admin-2'] as const) {
      const vote = await custody.as[admin].post(`/v1/change-requests/${held[0]!.change_request_id}/approve`, { comment: 'beneficiary checked' })
      expect(vote.status, JSON.stringify(vote.body)).toBe(200)
    }
    await pollUntil(async () => (await platform.database.db.selectFrom('withdrawal_addresses').select('status').where('id', '=', registered.body.id).executeTakeFirstOrThrow()).status, (st) => st === 'WHITELISTED', 'address whitelisted by the Fireblocks webhook')
    const walletEvents = await platform.database.db.selectFrom('inbound_events').select('event_id').where('type', '=', 'whitelist.entry_added').where('event_id', 'like', 'fireblocks:%').execute()
    expect(walletEvents).toHaveLength(1)

    // Another address the admins reject: Fireblocks sends no webhook for that, and reading the addresses asks the external wallet (REJECTED).
    const doubtful = await platform.as.operator.post<WithdrawalAddress>(`/v1/investors/${investor.id}/withdrawal-addresses`, { address: getAddress('0x000000000000000000000000000000000000d0b7'), label: 'unknown exchange', beneficiaryName: 'Alice Example' })
    expect(doubtful.status, JSON.stringify(doubtful.body)).toBe(201)
    const doubtfulRequest = (await custody.service.ctx.db.selectFrom('fireblocks_external_wallet_assets').select('change_request_id').where('wallet_id', '=', doubtful.body.custody.changeRequestId!).executeTakeFirstOrThrow()).change_request_id
    expect((await custody.as.admin.post(`/v1/change-requests/${doubtfulRequest}/reject`, { comment: 'beneficiary not verified' })).status).toBe(200)
    const listed = (await platform.as.auditor.get<{ items: (WithdrawalAddress & { statusReason: string | null })[] }>(`/v1/investors/${investor.id}/withdrawal-addresses`)).body.items
    expect(listed.map((a) => [a.id, a.status])).toEqual([[registered.body.id, 'WHITELISTED'], [doubtful.body.id, 'REJECTED']])
    expect(listed[1]!.statusReason).toMatch(/REJECTED/)

    // The withdrawal: a TRANSFER of CUSD to the external wallet, settled on-chain.
    const withdrawal = await platform.as.operator.post<Withdrawal>(`/v1/investors/${investor.id}/withdrawals`, { amount: cusd(40).toString(), withdrawalAddressId: registered.body.id, idempotencyKey: 'fb-w-1' })
    expect(withdrawal.status, JSON.stringify(withdrawal.body)).toBe(201)
    const done = await pollUntil(async () => (await platform.as.auditor.get<Withdrawal>(`/v1/withdrawals/${withdrawal.body.id}`)).body, (w) => w.status !== 'PROCESSING', 'withdrawal final', 90_000)
    expect(done).toMatchObject({ status: 'COMPLETED', txHash: expect.stringMatching(/^0x/) })
    expect(await stablecoinBalance(chain, outside)).toBe(cusd(40))
    const sent = await custody.service.ctx.db.selectFrom('transactions').select(['intent', 'tx_hash']).where('tx_hash', '=', done.txHash!).executeTakeFirstOrThrow()
    // Sent as Fireblocks' TRANSFER (custody records an ERC-20 transfer intent), not as a contract call to the token.
    expect(typeof sent.intent === 'string' ? JSON.parse(sent.intent) : sent.intent).toMatchObject({ type: 'erc20.transfer', to: outside })
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
