import { generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Fireblocks } from '@fireblocks/ts-sdk'
import type { SignedFetch } from '../shared/auth/sign-request.ts'
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
export async function ensureFireblocksPlatformUser(p: { custody: SignedFetch; custodyUrl: string; principalKeyId: string; dir: string }): Promise<FireblocksPlatformCredentials & { created: boolean }> {
  mkdirSync(p.dir, { recursive: true })
  const secretKeyFile = join(p.dir, 'fireblocks_secret.key')
  const userFile = join(p.dir, 'fireblocks-api-user.json')
  const webhookPublicKeyFile = join(p.dir, 'fireblocks_webhook.pub')
  const basePath = `${p.custodyUrl}/fireblocks/v1`

  const listed = await p.custody.get<{ items: { apiKey: string; status: string }[] }>('/v1/fireblocks/api-users')
  if (listed.status !== 200) throw new CustosError('BOOTSTRAP_CUSTODY_REFUSED', `custody refused to list Fireblocks API users: HTTP ${listed.status}`, { status: 502 })
  const kept = existsSync(userFile) && existsSync(secretKeyFile) ? (JSON.parse(readFileSync(userFile, 'utf8')) as { apiKey?: string }).apiKey : undefined
  let created = false
  let apiKey = kept && listed.body.items.some((u) => u.apiKey === kept && u.status === 'ACTIVE') ? kept : undefined
  if (!apiKey) {
    const keys = generateKeyPairSync('rsa', { modulusLength: 3072 })
    const registered = await p.custody.post<{ apiKey: string }>('/v1/fireblocks/api-users', {
      name: 'platform (custos start)',
      publicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      principalKeyId: p.principalKeyId,
    })
    if (registered.status !== 201) throw new CustosError('BOOTSTRAP_CUSTODY_REFUSED', `custody refused the platform's Fireblocks API user: HTTP ${registered.status} ${registered.problem?.detail ?? ''}`.trim(), { status: 502 })
    writeAtomic(secretKeyFile, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600)
    writeAtomic(userFile, `${JSON.stringify({ apiKey: registered.body.apiKey })}\n`, 0o600)
    apiKey = registered.body.apiKey
    created = true
  }
  const pem = await fetch(`${p.custodyUrl}/fireblocks/webhook_public_key.pem`)
  if (pem.status !== 200) throw new CustosError('BOOTSTRAP_CUSTODY_REFUSED', `custody did not give its webhook key: HTTP ${pem.status}`, { status: 502 })
  writeAtomic(webhookPublicKeyFile, await pem.text(), 0o644)
  return { apiKey, secretKeyFile, webhookPublicKeyFile, basePath, created }
}

/**
 * Subscribes `url` to transaction webhooks through the Fireblocks API (as a Fireblocks
 * customer does in its workspace), unless a subscription to it exists.
 */
export async function ensureFireblocksWebhook(c: FireblocksPlatformCredentials, url: string): Promise<'created' | 'kept'> {
  const fb = new Fireblocks({ apiKey: c.apiKey, secretKey: readFileSync(c.secretKeyFile, 'utf8'), basePath: c.basePath, additionalOptions: { isAnonymousPlatform: true } })
  const existing = (await fb.webhooksV2.getWebhooks({})).data
  if (existing.data?.some((w) => w.url === url && w.status === 'ENABLED')) return 'kept'
  await fb.webhooksV2.createWebhook({ createWebhookRequest: { url, events: ['transaction.created', 'transaction.status.updated'] } })
  return 'created'
}
