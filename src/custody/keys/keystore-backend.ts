import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { HDKey } from '@scure/bip32'
import { signRecoverable } from 'tiny-secp256k1'
import { mnemonicToSeedSync, validateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import { bytesToHex } from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { CustosError, ValidationError } from '../../shared/errors.ts'
import type { Logger } from '../../shared/logger.ts'
import { withFileLock, writeFileAtomic } from './atomic-file.ts'
import { openKeystore, readKeystoreFile, sealKeystore, writeKeystoreFile, type KeystoreState } from './keystore-file.ts'
import { digestToBytes } from './recoverable-signature.ts'
import { sealSeedBackup, type SeedBackupV1 } from './seed-backup.ts'
import type { DigestSignature, Hex, KeyBackend, Signer } from './signer.ts'

/** Every keystore key lives under this BIP-44 Ethereum account; the last segment is the vault's index. */
export const KEYSTORE_PATH_PREFIX = "m/44'/60'/0'/0/"
const MAX_INDEX = 2 ** 31 - 1
const KEY_REF = /^m\/44'\/60'\/0'\/0\/(0|[1-9]\d{0,9})$/

/** The keyRef (BIP-32 path) of the key at `index`. */
export function keystoreKeyRef(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0 || index > MAX_INDEX) throw new ValidationError('key index must be an integer in [0, 2^31)')
  return `${KEYSTORE_PATH_PREFIX}${index}`
}

function parseKeyRef(keyRef: string): number {
  const m = typeof keyRef === 'string' ? KEY_REF.exec(keyRef) : null
  const index = m ? Number(m[1]) : NaN
  if (!(index <= MAX_INDEX)) throw new ValidationError(`keyRef must be ${KEYSTORE_PATH_PREFIX}<index>`, { keyRef: String(keyRef) })
  return index
}

export interface KeystoreBackendOptions {
  /** The encrypted keystore file; created (with a fresh random seed) when missing. */
  path: string
  /** 32-byte operator master key, see `loadMasterKey`. The backend keeps its own copy and wipes it on close. */
  masterKey: Uint8Array
  /** Only when the file does not exist yet: import this BIP-39 mnemonic or raw seed instead of generating one. */
  initialSeed?: { mnemonic: string; passphrase?: string } | { seed: Uint8Array }
  logger?: Pick<Logger, 'info' | 'warn'>
}

interface Internals {
  path: string
  masterKey: Uint8Array
  logger: Pick<Logger, 'info' | 'warn'> | undefined
  assertOpen(): void
}

// Reached only by exportSeedBackup below, so a KeystoreBackend object itself
// exposes no way to get at the master key or the seed.
const internals = new WeakMap<KeystoreBackend, Internals>()

function seedFromOption(initial: NonNullable<KeystoreBackendOptions['initialSeed']>): Uint8Array {
  if ('mnemonic' in initial) {
    const mnemonic = initial.mnemonic.normalize('NFKD').trim().split(/\s+/).join(' ')
    if (!validateMnemonic(mnemonic, wordlist)) throw new ValidationError('initialSeed.mnemonic is not a valid English BIP-39 mnemonic')
    return mnemonicToSeedSync(mnemonic, initial.passphrase ?? '')
  }
  if (!(initial.seed instanceof Uint8Array) || initial.seed.length < 16 || initial.seed.length > 64) {
    throw new ValidationError('initialSeed.seed must be 16 to 64 bytes')
  }
  return new Uint8Array(initial.seed)
}

const seedId = (seed: Uint8Array): Buffer => createHash('sha256').update('custos-seed-id').update(seed).digest()

/**
 * The embedded key backend: one BIP-32 HD seed, encrypted at rest with
 * AES-256-GCM under the operator's master key, one derived key per vault.
 *
 * Index allocation: the backend keeps the next free index and the
 * vault→index map inside the encrypted file. `createKey(vaultId)` is
 * idempotent (the same vault gets the same index back) and safe across
 * processes sharing the file (a lock file guards each allocation).
 * keyRef = `m/44'/60'/0'/0/<index>`.
 */
export class KeystoreBackend implements KeyBackend {
  readonly kind = 'keystore' as const
  // m/44'/60'/0'/0, derived once; the root node is wiped right after.
  readonly #account: HDKey
  readonly #seedId: Buffer
  readonly #allocated = new Set<number>()
  readonly #signers = new Map<string, { signer: Signer; wipe: () => void }>()
  #closed = false
  #queue: Promise<unknown> = Promise.resolve()

  /** Use `openKeystoreBackend`. */
  constructor(opts: KeystoreBackendOptions, state: KeystoreState) {
    const root = HDKey.fromMasterSeed(state.seed)
    this.#account = root.derive(KEYSTORE_PATH_PREFIX.slice(0, -1))
    root.wipePrivateData()
    this.#seedId = seedId(state.seed)
    for (const index of state.vaults.values()) this.#allocated.add(index)
    internals.set(this, {
      path: opts.path,
      masterKey: new Uint8Array(opts.masterKey),
      logger: opts.logger,
      assertOpen: () => this.#assertOpen(),
    })
  }

  #assertOpen(): void {
    if (this.#closed) throw new CustosError('KEY_BACKEND_CLOSED', 'the keystore backend is closed', { status: 503 })
  }

  // Serialised within the process; the file lock covers other processes.
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn)
    this.#queue = run.catch(() => undefined)
    return run
  }

  async #update<T>(change: (state: KeystoreState) => { result: T; dirty: boolean }): Promise<T> {
    const own = internals.get(this)!
    return this.#exclusive(() =>
      withFileLock(own.path, async () => {
        const file = await readKeystoreFile(own.path)
        if (!file) throw new CustosError('KEYSTORE_MISSING', `the keystore file ${own.path} has disappeared`, { status: 500 })
        const { state, salt } = openKeystore(file, own.masterKey)
        try {
          if (!timingSafeEqual(seedId(state.seed), this.#seedId)) {
            throw new CustosError('KEYSTORE_SEED_MISMATCH', 'the keystore file now holds a different seed than the one this process opened', { status: 500 })
          }
          for (const index of state.vaults.values()) this.#allocated.add(index)
          const { result, dirty } = change(state)
          if (dirty) await writeKeystoreFile(own.path, sealKeystore(state, own.masterKey, salt))
          return result
        } finally {
          state.seed.fill(0)
        }
      }),
    )
  }

  async createKey(vaultId: string): Promise<{ keyRef: string; address: Hex }> {
    this.#assertOpen()
    if (typeof vaultId !== 'string' || vaultId.length === 0 || vaultId.length > 256) throw new ValidationError('vaultId must be 1 to 256 characters')
    const index = await this.#update((state) => {
      const existing = state.vaults.get(vaultId)
      if (existing !== undefined) return { result: existing, dirty: false }
      const next = state.nextIndex
      if (next > MAX_INDEX) throw new CustosError('KEYSTORE_FULL', 'the keystore has used every non-hardened index', { status: 507 })
      state.vaults.set(vaultId, next)
      state.nextIndex = next + 1
      return { result: next, dirty: true }
    })
    this.#allocated.add(index)
    const keyRef = keystoreKeyRef(index)
    return { keyRef, address: (await this.signer(keyRef)).address }
  }

  async signer(keyRef: string): Promise<Signer> {
    this.#assertOpen()
    const index = parseKeyRef(keyRef)
    const cached = this.#signers.get(keyRef)
    if (cached) return cached.signer
    // Another process may have allocated it since we last looked.
    if (!this.#allocated.has(index)) await this.#update(() => ({ result: undefined, dirty: false }))
    if (!this.#allocated.has(index)) throw new CustosError('KEY_NOT_FOUND', `no vault was given key ${keyRef}`, { status: 404, details: { keyRef } })
    this.#assertOpen()

    // Derived once per key and cached, so signing costs one ECDSA signature and nothing more.
    const child = this.#account.deriveChild(index)
    const privateKey = new Uint8Array(child.privateKey!)
    const address = publicKeyToAddress(bytesToHex(secp256k1.getPublicKey(privateKey, false)))
    child.wipePrivateData()

    const signDigest = async (digest: Hex): Promise<DigestSignature> => {
      this.#assertOpen()
      // libsecp256k1 (compiled to WebAssembly): RFC 6979 nonces, low s, constant time, and it
      // zeroes its copy of the key after each signature. A quarter of the CPU time of the
      // pure-JavaScript signer and almost no garbage (decision 0021).
      const { signature, recoveryId } = signRecoverable(digestToBytes(digest), privateKey)
      // 2 and 3 (r ≥ the curve order, probability ~2^-127) have no Ethereum encoding.
      if (recoveryId !== 0 && recoveryId !== 1) throw new CustosError('SIGNATURE_INVALID', 'the signature has no Ethereum recovery id', { status: 500 })
      return { r: bytesToHex(signature.subarray(0, 32)), s: bytesToHex(signature.subarray(32, 64)), yParity: recoveryId }
    }
    const signer: Signer = Object.freeze({ backend: 'keystore' as const, address, signDigest })
    this.#signers.set(keyRef, { signer, wipe: () => privateKey.fill(0) })
    return signer
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#queue
    for (const { wipe } of this.#signers.values()) wipe()
    this.#signers.clear()
    this.#account.wipePrivateData()
    internals.get(this)?.masterKey.fill(0)
  }
}

/**
 * Opens the keystore at `opts.path`, creating it with a fresh random 64-byte
 * seed (or `initialSeed`) when it does not exist. Wrong master key →
 * CustosError `KEYSTORE_DECRYPT_FAILED`.
 *
 * @example
 * const keys = await openKeystoreBackend({ path: 'state/custody/keystore.json', masterKey: await loadMasterKey({ env: process.env, logger }) })
 * const { keyRef, address } = await keys.createKey(vault.id)
 */
export async function openKeystoreBackend(opts: KeystoreBackendOptions): Promise<KeystoreBackend> {
  if (!(opts.masterKey instanceof Uint8Array) || opts.masterKey.length !== 32) {
    throw new CustosError('MASTER_KEY_INVALID', 'the master key must be exactly 32 bytes', { status: 500 })
  }
  const state = await withFileLock(opts.path, async () => {
    const file = await readKeystoreFile(opts.path)
    if (file) {
      const { state } = openKeystore(file, opts.masterKey)
      if (opts.initialSeed) {
        const wanted = seedFromOption(opts.initialSeed)
        const same = timingSafeEqual(seedId(wanted), seedId(state.seed))
        wanted.fill(0)
        if (!same) throw new CustosError('KEYSTORE_SEED_MISMATCH', `the keystore at ${opts.path} holds a different seed than initialSeed`, { status: 500 })
      }
      return state
    }
    const seed = opts.initialSeed ? seedFromOption(opts.initialSeed) : new Uint8Array(randomBytes(64))
    const created: KeystoreState = { seed, nextIndex: 0, vaults: new Map() }
    await writeKeystoreFile(opts.path, sealKeystore(created, opts.masterKey))
    opts.logger?.info({ keystore: opts.path }, 'created a new encrypted keystore')
    return created
  })
  try {
    return new KeystoreBackend(opts, state)
  } finally {
    state.seed.fill(0)
  }
}

export interface ExportSeedBackupOptions {
  /** At least 12 characters; the backup is only as strong as this. */
  passphrase: string
  /** Must be exactly `true`: exporting the seed is a deliberate act. */
  confirm: true
  /** Also write the backup here (mode 0600). */
  path?: string
}

/**
 * Exports the keystore's seed and vault allocations as a passphrase-encrypted
 * backup (scrypt + AES-256-GCM), for offline storage. Refuses with
 * `CONFIRMATION_REQUIRED` unless `confirm` is exactly `true`.
 *
 * @example
 * const backup = await exportSeedBackup(keys, { passphrase, confirm: true, path: '/media/offline/custos-seed-backup.json' })
 */
export async function exportSeedBackup(keystore: KeystoreBackend, opts: ExportSeedBackupOptions): Promise<SeedBackupV1> {
  if (opts?.confirm !== true) {
    throw new CustosError('CONFIRMATION_REQUIRED', 'exporting the seed backup needs confirm: true', { status: 400 })
  }
  const own = internals.get(keystore)
  if (!own) throw new ValidationError('not a keystore backend')
  own.assertOpen()
  const file = await readKeystoreFile(own.path)
  if (!file) throw new CustosError('KEYSTORE_MISSING', `the keystore file ${own.path} has disappeared`, { status: 500 })
  const { state } = openKeystore(file, own.masterKey)
  let backup: SeedBackupV1
  try {
    backup = await sealSeedBackup(state, opts.passphrase)
  } finally {
    state.seed.fill(0)
  }
  if (opts.path) await writeFileAtomic(opts.path, `${JSON.stringify(backup, null, 2)}\n`)
  own.logger?.warn({ keystore: own.path, backupPath: opts.path ?? null, vaults: state.vaults.size }, 'seed backup exported')
  return backup
}
