import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto'
import { access } from 'node:fs/promises'
import { CustosError, ValidationError } from '../../shared/errors.ts'
import { withFileLock } from './atomic-file.ts'
import { decodeState, encodeState, sealKeystore, writeKeystoreFile, type KeystoreState } from './keystore-file.ts'

/** An offline backup of a keystore's seed and index allocations, encrypted under a passphrase. */
export interface SeedBackupV1 {
  format: 'custos-seed-backup'
  version: 1
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string }
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string }
  ciphertext: string
}

/** Passphrases shorter than this are refused: the backup leaves the custody host. */
export const MIN_BACKUP_PASSPHRASE_LENGTH = 12
const SCRYPT = { N: 2 ** 17, r: 8, p: 1 }
const MAX_SCRYPT_N = 2 ** 20

function deriveKey(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFKC'), salt, 32, options, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

function header(b: Pick<SeedBackupV1, 'format' | 'version' | 'kdf'>): Buffer {
  return Buffer.from(JSON.stringify([b.format, b.version, b.kdf.name, b.kdf.N, b.kdf.r, b.kdf.p, b.kdf.salt]))
}

/** Encrypts a keystore's state for backup (scrypt from the passphrase, then AES-256-GCM). */
export async function sealSeedBackup(state: KeystoreState, passphrase: string): Promise<SeedBackupV1> {
  if (typeof passphrase !== 'string' || passphrase.length < MIN_BACKUP_PASSPHRASE_LENGTH) {
    throw new ValidationError(`backup passphrase must be at least ${MIN_BACKUP_PASSPHRASE_LENGTH} characters`)
  }
  const salt = randomBytes(32)
  const kdf = { name: 'scrypt' as const, ...SCRYPT, salt: salt.toString('base64') }
  const base = { format: 'custos-seed-backup' as const, version: 1 as const, kdf }
  const key = await deriveKey(passphrase, salt, SCRYPT)
  const iv = randomBytes(12)
  const plain = encodeState(state)
  try {
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    cipher.setAAD(header(base))
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()])
    return { ...base, cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') }, ciphertext: ciphertext.toString('base64') }
  } finally {
    plain.fill(0)
    key.fill(0)
  }
}

function parseBackup(input: SeedBackupV1 | string): SeedBackupV1 {
  let b: SeedBackupV1
  try {
    b = typeof input === 'string' ? (JSON.parse(input) as SeedBackupV1) : input
  } catch {
    throw new CustosError('BACKUP_INVALID', 'the seed backup is not JSON', { status: 400 })
  }
  const k = b?.kdf
  const valid =
    b?.format === 'custos-seed-backup' &&
    b.version === 1 &&
    k?.name === 'scrypt' &&
    Number.isSafeInteger(k.N) && k.N >= 2 ** 14 && k.N <= MAX_SCRYPT_N && (k.N & (k.N - 1)) === 0 &&
    Number.isSafeInteger(k.r) && k.r >= 1 && k.r <= 32 &&
    Number.isSafeInteger(k.p) && k.p >= 1 && k.p <= 16 &&
    typeof k.salt === 'string' &&
    b.cipher?.name === 'aes-256-gcm' && typeof b.cipher.iv === 'string' && typeof b.cipher.tag === 'string' &&
    typeof b.ciphertext === 'string'
  if (!valid) throw new CustosError('BACKUP_INVALID', 'the seed backup is not a supported custos-seed-backup v1', { status: 400 })
  return b
}

/** Decrypts a seed backup. Wrong passphrase → BACKUP_DECRYPT_FAILED. */
export async function openSeedBackup(input: SeedBackupV1 | string, passphrase: string): Promise<KeystoreState> {
  const b = parseBackup(input)
  const key = await deriveKey(passphrase, Buffer.from(b.kdf.salt, 'base64'), b.kdf)
  let plain: Buffer
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(b.cipher.iv, 'base64'), { authTagLength: 16 })
    decipher.setAAD(header(b))
    decipher.setAuthTag(Buffer.from(b.cipher.tag, 'base64'))
    plain = Buffer.concat([decipher.update(Buffer.from(b.ciphertext, 'base64')), decipher.final()])
  } catch {
    throw new CustosError('BACKUP_DECRYPT_FAILED', 'the seed backup could not be decrypted: wrong passphrase or a damaged backup', { status: 400 })
  } finally {
    key.fill(0)
  }
  try {
    return decodeState(plain)
  } finally {
    plain.fill(0)
  }
}

/**
 * Recreates a keystore file from a seed backup, encrypted under `masterKey`
 * (which may differ from the original host's). The restored keystore derives
 * the same address for every index and keeps the vault→index allocations.
 * Refuses to overwrite an existing file.
 *
 * @example
 * await restoreSeedBackup(await readFile('backup.json', 'utf8'), passphrase, masterKey, 'state/custody/keystore.json')
 */
export async function restoreSeedBackup(
  backup: SeedBackupV1 | string,
  passphrase: string,
  masterKey: Uint8Array,
  targetPath: string,
): Promise<{ vaults: number; nextIndex: number }> {
  const state = await openSeedBackup(backup, passphrase)
  try {
    return await withFileLock(targetPath, async () => {
      const exists = await access(targetPath).then(() => true, () => false)
      if (exists) throw new CustosError('KEYSTORE_EXISTS', `a keystore already exists at ${targetPath}; restore into a new path`, { status: 409 })
      await writeKeystoreFile(targetPath, sealKeystore(state, masterKey))
      return { vaults: state.vaults.size, nextIndex: state.nextIndex }
    })
  } finally {
    state.seed.fill(0)
  }
}
