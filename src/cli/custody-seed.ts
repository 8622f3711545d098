import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { homeDir } from '../shared/config/common.ts'
import { ConfigError, CustosError } from '../shared/errors.ts'
import { createLogger } from '../shared/logger.ts'
import { loadMasterKey } from '../custody/keys/master-key.ts'
import { exportSeedBackup, openKeystoreBackend } from '../custody/keys/keystore-backend.ts'
import { restoreSeedBackup } from '../custody/keys/seed-backup.ts'
import { EXPORT_CONFIRM_FLAG } from './custody-seed-flag.ts'

export { EXPORT_CONFIRM_FLAG }

function passphrase(env: Record<string, string | undefined>, file: string | undefined): string {
  if (file) return readFileSync(file, 'utf8').replace(/\r?\n$/, '')
  const p = env.CUSTODY_BACKUP_PASSPHRASE
  if (!p) throw new ConfigError('the backup passphrase comes from CUSTODY_BACKUP_PASSPHRASE or --passphrase-file')
  return p
}

function keystorePath(env: Record<string, string | undefined>, given?: string): string {
  return given ?? env.CUSTODY_KEYSTORE_PATH ?? join(homeDir(env.CUSTOS_HOME ?? '.custos'), 'custody', 'keystore.json')
}

/**
 * `custos custody export-seed`: writes the keystore's HD seed, encrypted under
 * a passphrase (scrypt + AES-256-GCM), to a file. Refuses unless the operator
 * confirms explicitly: whoever holds the backup and its passphrase holds every
 * vault of the keystore.
 */
export async function exportSeedCommand(env: Record<string, string | undefined>, opts: { out: string; confirm?: boolean; keystore?: string; passphraseFile?: string }): Promise<void> {
  if (opts.confirm !== true) {
    throw new CustosError('CONFIRMATION_REQUIRED', `refusing to export the seed: add --${EXPORT_CONFIRM_FLAG} if you mean it (the backup, with its passphrase, controls every vault)`)
  }
  const logger = createLogger({ service: 'custos-cli', level: 'warn' })
  const path = keystorePath(env, opts.keystore)
  const masterKey = await loadMasterKey({ env, devFallbackPath: join(homeDir(env.CUSTOS_HOME ?? '.custos'), 'custody', 'master.key'), logger })
  const keystore = await openKeystoreBackend({ path, masterKey, logger })
  try {
    await exportSeedBackup(keystore, { passphrase: passphrase(env, opts.passphraseFile), confirm: true, path: opts.out })
  } finally {
    await keystore.close()
  }
  process.stdout.write(`custody: encrypted seed backup written to ${opts.out} (mode 0600). Keep it offline; keep the passphrase elsewhere.\n`)
}

/** `custos custody restore-seed`: recreates a keystore (same addresses) from a backup, under the current master key. */
export async function restoreSeedCommand(env: Record<string, string | undefined>, opts: { in: string; keystore?: string; passphraseFile?: string }): Promise<void> {
  const logger = createLogger({ service: 'custos-cli', level: 'warn' })
  const path = keystorePath(env, opts.keystore)
  const masterKey = await loadMasterKey({ env, devFallbackPath: join(homeDir(env.CUSTOS_HOME ?? '.custos'), 'custody', 'master.key'), logger })
  const r = await restoreSeedBackup(readFileSync(opts.in, 'utf8'), passphrase(env, opts.passphraseFile), masterKey, path)
  process.stdout.write(`custody: keystore restored to ${path} (${r.vaults} vault keys, next index ${r.nextIndex})\n`)
}
