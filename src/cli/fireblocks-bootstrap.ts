import { generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Fireblocks } from '@fireblocks/ts-sdk'
import type { CustodyClient } from '../client/custody-client.ts'
import { CustosError } from '../shared/errors.ts'

/** What the platform needs to reach custody's Fireblocks API (CUSTODY_PROVIDER=fireblocks). */
export interface FireblocksPlatformCredentials {
  apiKey: string
  secretKeyFile: string
  webhookPublicKeyFile: string
  basePath: string
}

function writeAtomic(path: string, text: string, mode: number): void {
  const tmp = `${path}.tmp`
  writeFileSync(tmp, text, { mode })
  renameSync(tmp, path)
}

/**
 * Development set-up of `custos start` with CUSTODY_PROVIDER=fireblocks and no
 * FIREBLOCKS_BASE_PATH: the platform runs on the embedded custody's Fireblocks API. Makes
 * the platform's API user once (an RSA key pair in `dir`, the public half registered at
 * custody and bound to the platform's custody key) and keeps it across restarts; writes
 * custody's webhook verification key beside it. Idempotent.
 *
 * @example
 * const fb = await ensureFireblocksPlatformUser({ custody: adminClient, custodyUrl, principalKeyId: platformKey.keyId, dir: join(home, 'platform') })
 */
export async function ensureFireblocksPlatformUser(p: { custody: CustodyClient; custodyUrl: string; principalKeyId: string; dir: string }): Promise<FireblocksPlatformCredentials & { created: boolean }> {
  mkdirSync(p.dir, { recursive: true })
  const secretKeyFile = join(p.dir, 'fireblocks_secret.key')
  const userFile = join(p.dir, 'fireblocks-api-user.json')
  const webhookPublicKeyFile = join(p.dir, 'fireblocks_webhook.pub')
  const basePath = `${p.custodyUrl}/fireblocks/v1`

  const listed = await p.custody.GET('/v1/fireblocks/api-users')
  if (!listed.ok) throw new CustosError('BOOTSTRAP_CUSTODY_REFUSED', `custody refused to list Fireblocks API users: HTTP ${listed.status}`, { status: 502 })
  const kept = existsSync(userFile) && existsSync(secretKeyFile) ? (JSON.parse(readFileSync(userFile, 'utf8')) as { apiKey?: string }).apiKey : undefined
  let created = false
  let apiKey = kept && listed.data.items.some((u) => u.apiKey === kept && u.status === 'ACTIVE') ? kept : undefined
  if (!apiKey) {
    const keys = generateKeyPairSync('rsa', { modulusLength: 3072 })
    const registered = await p.custody.POST('/v1/fireblocks/api-users', {
      body: { name: 'platform (custos start)', publicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(), principalKeyId: p.principalKeyId },
    })
    if (!registered.ok) throw new CustosError('BOOTSTRAP_CUSTODY_REFUSED', `custody refused the platform's Fireblocks API user: HTTP ${registered.status} ${registered.problem.detail}`.trim(), { status: 502 })
    writeAtomic(secretKeyFile, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600)
    writeAtomic(userFile, `${JSON.stringify({ apiKey: registered.data.apiKey })}\n`, 0o600)
    apiKey = registered.data.apiKey
    created = true
  }
  const pem = await fetch(`${p.custodyUrl}/fireblocks/webhook_public_key.pem`)
  if (pem.status !== 200) throw new CustosError('BOOTSTRAP_CUSTODY_REFUSED', `custody did not give its webhook key: HTTP ${pem.status}`, { status: 502 })
  writeAtomic(webhookPublicKeyFile, await pem.text(), 0o644)
  return { apiKey, secretKeyFile, webhookPublicKeyFile, basePath, created }
}

/** The Fireblocks events the platform follows: its transactions, and its withdrawal addresses' external wallets. */
export const PLATFORM_FIREBLOCKS_EVENTS = ['transaction.created', 'transaction.status.updated', 'external_wallet.asset.added', 'external_wallet.asset.removed'] as const

/**
 * Subscribes `url` to the events the platform follows through the Fireblocks API (as a
 * Fireblocks customer does in its workspace); an enabled subscription to it that lacks some
 * (made by an older version) is kept, and a second one adds only those.
 */
export async function ensureFireblocksWebhook(c: FireblocksPlatformCredentials, url: string): Promise<'created' | 'kept'> {
  const fb = new Fireblocks({ apiKey: c.apiKey, secretKey: readFileSync(c.secretKeyFile, 'utf8'), basePath: c.basePath, additionalOptions: { isAnonymousPlatform: true } })
  const existing = (await fb.webhooksV2.getWebhooks({})).data
  const covered = new Set((existing.data ?? []).filter((w) => w.url === url && w.status === 'ENABLED').flatMap((w) => w.events as string[]))
  const missing = PLATFORM_FIREBLOCKS_EVENTS.filter((e) => !covered.has(e))
  if (missing.length === 0) return 'kept'
  await fb.webhooksV2.createWebhook({ createWebhookRequest: { url, events: [...missing] } })
  return 'created'
}
