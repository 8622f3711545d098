import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { CustosError } from '../../shared/errors.ts'
import { writeFileAtomic } from './atomic-file.ts'

/** What the keystore file protects: the HD seed and which index each vault got. */
export interface KeystoreState {
  seed: Uint8Array
  nextIndex: number
  vaults: Map<string, number>
}

/** The on-disk shape. Everything secret is inside `ciphertext`. */
export interface KeystoreFileV1 {
  format: 'custos-keystore'
  version: 1
  kdf: { name: 'hkdf-sha256'; salt: string; info: string }
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string }
  ciphertext: string
}

const INFO = 'custos-keystore-v1'

export function keystoreDecryptFailed(): CustosError {
  return new CustosError('KEYSTORE_DECRYPT_FAILED', 'the keystore could not be decrypted: wrong master key or a damaged file', {
    status: 500,
  })
}

function corrupt(why: string): CustosError {
  return new CustosError('KEYSTORE_CORRUPT', `the keystore file is not valid: ${why}`, { status: 500 })
}

function fileKey(masterKey: Uint8Array, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, salt, INFO, 32))
}

// The header is authenticated too, so nobody can swap KDF or cipher parameters.
function additionalData(file: Pick<KeystoreFileV1, 'format' | 'version' | 'kdf'>): Buffer {
  return Buffer.from(JSON.stringify([file.format, file.version, file.kdf.name, file.kdf.salt, file.kdf.info]))
}

// Binary plaintext (seed length, seed, JSON metadata) so the seed stays in a
// Buffer we can zero rather than in an immutable string.
export function encodeState(state: KeystoreState): Buffer {
  const meta = Buffer.from(JSON.stringify({ nextIndex: state.nextIndex, vaults: [...state.vaults] }))
  return Buffer.concat([Buffer.from([state.seed.length]), state.seed, meta])
}

export function decodeState(plain: Buffer): KeystoreState {
  const len = plain[0] ?? 0
  if (len < 16 || len > 64 || plain.length < 1 + len) throw corrupt('bad seed length')
  const seed = new Uint8Array(plain.subarray(1, 1 + len))
  let meta: { nextIndex: unknown; vaults: unknown }
  try {
    meta = JSON.parse(plain.subarray(1 + len).toString('utf8')) as typeof meta
  } catch {
    throw corrupt('bad index metadata')
  }
  const entries = meta.vaults
  const ok =
    Number.isSafeInteger(meta.nextIndex) &&
    Array.isArray(entries) &&
    entries.every((e) => Array.isArray(e) && typeof e[0] === 'string' && Number.isSafeInteger(e[1]) && e[1] >= 0 && e[1] < (meta.nextIndex as number))
  if (!ok) throw corrupt('bad index metadata')
  return { seed, nextIndex: meta.nextIndex as number, vaults: new Map(entries as [string, number][]) }
}

/** Encrypts the state under the master key. A fresh IV every time; the salt is kept across rewrites. */
export function sealKeystore(state: KeystoreState, masterKey: Uint8Array, salt: Buffer = randomBytes(32)): KeystoreFileV1 {
  const header = { format: 'custos-keystore' as const, version: 1 as const, kdf: { name: 'hkdf-sha256' as const, salt: salt.toString('base64'), info: INFO } }
  const key = fileKey(masterKey, salt)
  const iv = randomBytes(12)
  const plain = encodeState(state)
  try {
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    cipher.setAAD(additionalData(header))
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()])
    return { ...header, cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') }, ciphertext: ciphertext.toString('base64') }
  } finally {
    plain.fill(0)
    key.fill(0)
  }
}

function parseFile(raw: string): KeystoreFileV1 {
  let f: KeystoreFileV1
  try {
    f = JSON.parse(raw) as KeystoreFileV1
  } catch {
    throw corrupt('not JSON')
  }
  if (f?.format !== 'custos-keystore') throw corrupt('not a custos keystore')
  if (f.version !== 1) throw corrupt(`unsupported version ${String(f.version)}`)
  if (f.kdf?.name !== 'hkdf-sha256' || f.cipher?.name !== 'aes-256-gcm') throw corrupt('unsupported kdf or cipher')
  if (typeof f.kdf.salt !== 'string' || typeof f.cipher.iv !== 'string' || typeof f.cipher.tag !== 'string' || typeof f.ciphertext !== 'string') {
    throw corrupt('missing fields')
  }
  return f
}

/** Decrypts a keystore file's content. Wrong master key → KEYSTORE_DECRYPT_FAILED. */
export function openKeystore(file: KeystoreFileV1, masterKey: Uint8Array): { state: KeystoreState; salt: Buffer } {
  const salt = Buffer.from(file.kdf.salt, 'base64')
  const iv = Buffer.from(file.cipher.iv, 'base64')
  const tag = Buffer.from(file.cipher.tag, 'base64')
  if (salt.length < 16 || iv.length !== 12 || tag.length !== 16) throw corrupt('bad salt, iv or tag length')
  const key = fileKey(masterKey, salt)
  let plain: Buffer
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 })
    decipher.setAAD(additionalData(file))
    decipher.setAuthTag(tag)
    plain = Buffer.concat([decipher.update(Buffer.from(file.ciphertext, 'base64')), decipher.final()])
  } catch {
    throw keystoreDecryptFailed()
  } finally {
    key.fill(0)
  }
  try {
    return { state: decodeState(plain), salt }
  } finally {
    plain.fill(0)
  }
}

/** Reads and checks a keystore file; `undefined` when there is none. */
export async function readKeystoreFile(path: string): Promise<KeystoreFileV1 | undefined> {
  let raw: string
  try {
    raw = await readFile(path, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  return parseFile(raw)
}

export async function writeKeystoreFile(path: string, file: KeystoreFileV1): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`)
}
