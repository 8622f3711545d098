import { createPublicKey, type KeyObject } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { ConfigError } from '../../../shared/errors.ts'
import { readSettingFile } from '../../../shared/service/startup-errors.ts'
import type { PlatformConfig } from '../../config.ts'
import type { CustodyProvider } from './custody-provider.ts'
import { createFireblocksCustodyProvider } from './fireblocks-custody-provider.ts'

type FireblocksSettings = Pick<PlatformConfig, 'FIREBLOCKS_API_KEY' | 'FIREBLOCKS_SECRET_KEY_FILE' | 'FIREBLOCKS_BASE_PATH' | 'FIREBLOCKS_NATIVE_ASSET_ID'>

/** The provider CUSTODY_PROVIDER=fireblocks names; a missing setting stops the boot, naming it. */
export function fireblocksProviderFromConfig(config: FireblocksSettings): CustodyProvider {
  const missing = (['FIREBLOCKS_API_KEY', 'FIREBLOCKS_SECRET_KEY_FILE', 'FIREBLOCKS_BASE_PATH'] as const).filter((k) => !config[k])
  if (missing.length > 0) throw new ConfigError(`CUSTODY_PROVIDER=fireblocks needs ${missing.join(', ')}`, { missing })
  const file = config.FIREBLOCKS_SECRET_KEY_FILE!
  return createFireblocksCustodyProvider({ apiKey: config.FIREBLOCKS_API_KEY!, secretKey: readSettingFile('FIREBLOCKS_SECRET_KEY_FILE', file), basePath: config.FIREBLOCKS_BASE_PATH!, nativeAssetId: config.FIREBLOCKS_NATIVE_ASSET_ID })
}

/**
 * The public key Fireblocks-format webhooks are verified with, read from
 * FIREBLOCKS_WEBHOOK_PUBLIC_KEY_FILE when first needed and again when the file changes
 * (a key rotation is a new file). Null when none is configured.
 */
export function fireblocksWebhookKeySource(file: string | undefined): () => KeyObject | null {
  let cached: { mtimeMs: number; key: KeyObject } | undefined
  return () => {
    if (!file || !existsSync(file)) return null
    const { mtimeMs } = statSync(file)
    if (!cached || cached.mtimeMs !== mtimeMs) cached = { mtimeMs, key: createPublicKey(readFileSync(file, 'utf8')) }
    return cached.key
  }
}
