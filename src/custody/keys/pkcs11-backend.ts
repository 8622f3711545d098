import { randomBytes } from 'node:crypto'
import { bytesToHex } from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { ConfigError, CustosError, ValidationError } from '../../shared/errors.ts'
import type { Logger } from '../../shared/logger.ts'
import type { Pkcs11BackendOptions } from './pkcs11-config.ts'
import { parseEcPoint, SECP256K1_EC_PARAMS, trimPkcs11Label } from './pkcs11-ec-key.ts'
import { ckrName, acquirePkcs11Module, pkcs11Failure, pkcs11js, type Pkcs11, type Pkcs11Handle, type Pkcs11ModuleLease } from './pkcs11-module.ts'
import { digestToBytes, toRecoverableSignature } from './recoverable-signature.ts'
import type { DigestSignature, Hex, KeyBackend, Signer } from './signer.ts'

export type { Pkcs11BackendOptions } from './pkcs11-config.ts'

/** Non-secret facts about a key, as the HSM reports them; for audits and tests. */
export interface Pkcs11KeyDescription {
  label: string
  id: Hex
  address: Hex
  sensitive: boolean
  extractable: boolean
  alwaysSensitive: boolean
  neverExtractable: boolean
}

// Errors after which the session cannot be trusted: drop it, open a fresh one next time.
const SESSION_LOST = new Set([
  'CKR_SESSION_HANDLE_INVALID',
  'CKR_SESSION_CLOSED',
  'CKR_USER_NOT_LOGGED_IN',
  'CKR_DEVICE_ERROR',
  'CKR_DEVICE_REMOVED',
  'CKR_TOKEN_NOT_PRESENT',
  'CKR_CRYPTOKI_NOT_INITIALIZED',
])

interface KeyHandles {
  privateKey: Pkcs11Handle
  publicKey: Uint8Array
  id: Buffer
}

/**
 * Keys in a PKCS#11 HSM: generated inside the token as non-extractable,
 * sensitive secp256k1 keys; the private key never leaves it. Signing uses
 * CKM_ECDSA on the digest; the result is normalised to low s and given its
 * recovery id. One logged-in session per backend, operations serialised.
 *
 * keyRef = the key's CKA_LABEL, `<keyLabelPrefix><vaultId>`.
 */
export class Pkcs11Backend implements KeyBackend {
  readonly kind = 'pkcs11' as const
  readonly #lease: Pkcs11ModuleLease
  readonly #pkcs11: Pkcs11
  readonly #slot: Pkcs11Handle
  readonly #pin: string
  readonly #prefix: string
  readonly #logger: Pick<Logger, 'info' | 'warn'> | undefined
  #session: Pkcs11Handle | undefined
  #generation = 0
  #queue: Promise<unknown> = Promise.resolve()
  #closed = false
  readonly #signers = new Map<string, Signer>()
  readonly #handles = new Map<string, { generation: number; handles: KeyHandles }>()

  /** Use `openPkcs11Backend`. */
  constructor(lease: Pkcs11ModuleLease, slot: Pkcs11Handle, opts: Pkcs11BackendOptions) {
    this.#lease = lease
    this.#pkcs11 = lease.pkcs11
    this.#slot = slot
    this.#pin = opts.pin
    this.#prefix = opts.keyLabelPrefix ?? 'custos:'
    this.#logger = opts.logger
  }

  #exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.#queue.then(
      () => {
        if (this.#closed) throw new CustosError('KEY_BACKEND_CLOSED', 'the pkcs11 backend is closed', { status: 503 })
        return fn()
      },
    )
    this.#queue = run.catch(() => undefined)
    return run
  }

  // The token's login state is shared by every session of the process, hence ALREADY_LOGGED_IN is fine.
  #openSession(): Pkcs11Handle {
    if (this.#session) return this.#session
    let session: Pkcs11Handle
    try {
      session = this.#pkcs11.C_OpenSession(this.#slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION)
    } catch (err) {
      throw pkcs11Failure('C_OpenSession', err, { retryable: true })
    }
    try {
      this.#pkcs11.C_Login(session, pkcs11js.CKU_USER, this.#pin)
      this.#lease.rememberLogin(this.#slot, this.#pin)
    } catch (err) {
      const ckr = ckrName(err)
      const refused = ckr === 'CKR_PIN_INCORRECT' || ckr === 'CKR_PIN_LOCKED' || ckr === 'CKR_PIN_EXPIRED'
      // Another backend of this process logged the token in; fine only if it used this same PIN.
      const sharedLogin = ckr === 'CKR_USER_ALREADY_LOGGED_IN' && this.#lease.sameLogin(this.#slot, this.#pin) !== false
      if (!sharedLogin) {
        this.#pkcs11.C_CloseSession(session)
        if (refused || ckr === 'CKR_USER_ALREADY_LOGGED_IN') {
          throw new CustosError('PKCS11_LOGIN_FAILED', `PKCS#11 login refused: ${refused ? ckr : 'CKR_PIN_INCORRECT'}`, { status: 500 })
        }
        throw pkcs11Failure('C_Login', err, { retryable: true })
      }
    }
    this.#session = session
    this.#generation += 1
    return session
  }

  #dropSession(): void {
    const session = this.#session
    this.#session = undefined
    if (!session) return
    try {
      this.#pkcs11.C_CloseSession(session)
    } catch {
      // Already gone; nothing to release.
    }
  }

  #fail(operation: string, err: unknown): never {
    if (err instanceof CustosError) throw err
    const lost = SESSION_LOST.has(ckrName(err) ?? '')
    if (lost) {
      this.#logger?.warn({ operation, ckr: ckrName(err) }, 'PKCS#11 session lost; a new one is opened on the next call')
      this.#dropSession()
    }
    throw pkcs11Failure(operation, err, { retryable: lost })
  }

  #find(session: Pkcs11Handle, template: { type: number; value: number | boolean | string | Buffer }[]): Pkcs11Handle[] {
    this.#pkcs11.C_FindObjectsInit(session, template)
    try {
      return this.#pkcs11.C_FindObjects(session, 16)
    } finally {
      this.#pkcs11.C_FindObjectsFinal(session)
    }
  }

  #keyHandles(session: Pkcs11Handle, label: string): KeyHandles | undefined {
    const cached = this.#handles.get(label)
    if (cached && cached.generation === this.#generation) return cached.handles
    const privateKeys = this.#find(session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      { type: pkcs11js.CKA_LABEL, value: label },
    ])
    if (privateKeys.length === 0) return undefined
    if (privateKeys.length > 1) throw new CustosError('PKCS11_KEY_AMBIGUOUS', `more than one private key is labelled ${label}`, { status: 500, details: { label } })
    const privateKey = privateKeys[0]!
    const [idAttr] = this.#pkcs11.C_GetAttributeValue(session, privateKey, [{ type: pkcs11js.CKA_ID }])
    const id = idAttr?.value ?? Buffer.alloc(0)
    const publicKeys = this.#find(session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
      { type: pkcs11js.CKA_LABEL, value: label },
      ...(id.length > 0 ? [{ type: pkcs11js.CKA_ID, value: id }] : []),
    ])
    if (publicKeys.length !== 1) throw new CustosError('PKCS11_KEY_INCOMPLETE', `the public key for ${label} is missing or not unique`, { status: 500, details: { label } })
    const [params, point] = this.#pkcs11.C_GetAttributeValue(session, publicKeys[0]!, [{ type: pkcs11js.CKA_EC_PARAMS }, { type: pkcs11js.CKA_EC_POINT }])
    if (!params?.value.equals(SECP256K1_EC_PARAMS)) {
      throw new CustosError('PKCS11_KEY_UNSUPPORTED', `key ${label} is not a secp256k1 key`, { status: 500, details: { label } })
    }
    const handles = { privateKey, publicKey: parseEcPoint(point!.value), id }
    this.#handles.set(label, { generation: this.#generation, handles })
    return handles
  }

  #labelFor(vaultId: string): string {
    if (typeof vaultId !== 'string' || vaultId.length === 0 || vaultId.length > 100) throw new ValidationError('vaultId must be 1 to 100 characters')
    return `${this.#prefix}${vaultId}`
  }

  async createKey(vaultId: string): Promise<{ keyRef: string; address: Hex }> {
    const label = this.#labelFor(vaultId)
    await this.#exclusive(async () => {
      const session = this.#openSession()
      try {
        if (this.#keyHandles(session, label)) return
        const id = randomBytes(16)
        const common = [
          { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_EC },
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_LABEL, value: label },
          { type: pkcs11js.CKA_ID, value: id },
        ]
        await this.#pkcs11.C_GenerateKeyPairAsync(
          session,
          { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
          [
            ...common,
            { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
            { type: pkcs11js.CKA_PRIVATE, value: false },
            { type: pkcs11js.CKA_EC_PARAMS, value: SECP256K1_EC_PARAMS },
            { type: pkcs11js.CKA_VERIFY, value: true },
            { type: pkcs11js.CKA_ENCRYPT, value: false },
            { type: pkcs11js.CKA_WRAP, value: false },
            { type: pkcs11js.CKA_DERIVE, value: false },
          ],
          [
            ...common,
            { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
            { type: pkcs11js.CKA_PRIVATE, value: true },
            { type: pkcs11js.CKA_SENSITIVE, value: true },
            { type: pkcs11js.CKA_EXTRACTABLE, value: false },
            { type: pkcs11js.CKA_SIGN, value: true },
            { type: pkcs11js.CKA_DECRYPT, value: false },
            { type: pkcs11js.CKA_UNWRAP, value: false },
            { type: pkcs11js.CKA_DERIVE, value: false },
          ],
        )
        this.#logger?.info({ keyLabel: label }, 'generated a secp256k1 key in the HSM')
      } catch (err) {
        this.#fail('C_GenerateKeyPair', err)
      }
    })
    const signer = await this.signer(label)
    return { keyRef: label, address: signer.address }
  }

  async signer(keyRef: string): Promise<Signer> {
    if (typeof keyRef !== 'string' || !keyRef.startsWith(this.#prefix)) throw new ValidationError(`keyRef must be a key label starting with ${this.#prefix}`)
    const cached = this.#signers.get(keyRef)
    if (cached) return cached
    const publicKey = await this.#exclusive(() => {
      try {
        const handles = this.#keyHandles(this.#openSession(), keyRef)
        if (!handles) throw new CustosError('KEY_NOT_FOUND', `no key labelled ${keyRef} in the HSM`, { status: 404, details: { keyRef } })
        return handles.publicKey
      } catch (err) {
        this.#fail('find key', err)
      }
    })
    const address = publicKeyToAddress(bytesToHex(publicKey))
    const signDigest = async (digest: Hex): Promise<DigestSignature> => {
      const bytes = digestToBytes(digest)
      return this.#exclusive(async () => {
        let raw: Buffer
        try {
          const session = this.#openSession()
          const handles = this.#keyHandles(session, keyRef)
          if (!handles) throw new CustosError('KEY_NOT_FOUND', `no key labelled ${keyRef} in the HSM`, { status: 404, details: { keyRef } })
          this.#pkcs11.C_SignInit(session, { mechanism: pkcs11js.CKM_ECDSA }, handles.privateKey)
          raw = await this.#pkcs11.C_SignAsync(session, Buffer.from(bytes), Buffer.alloc(64))
        } catch (err) {
          this.#fail('C_Sign', err)
        }
        if (raw.length !== 64) throw new CustosError('SIGNATURE_INVALID', `the HSM returned a ${raw.length}-byte ECDSA signature`, { status: 502 })
        const r = BigInt(bytesToHex(raw.subarray(0, 32)))
        const s = BigInt(bytesToHex(raw.subarray(32)))
        return toRecoverableSignature(bytes, r, s, publicKey)
      })
    }
    const signer: Signer = Object.freeze({ backend: 'pkcs11' as const, address, signDigest })
    this.#signers.set(keyRef, signer)
    return signer
  }

  /** What the HSM says about a key's protection (sensitive, never extractable…). Contains no key material. */
  async describeKey(keyRef: string): Promise<Pkcs11KeyDescription> {
    const signer = await this.signer(keyRef)
    return this.#exclusive(() => {
      try {
        const session = this.#openSession()
        const handles = this.#keyHandles(session, keyRef)!
        const attrs = this.#pkcs11.C_GetAttributeValue(session, handles.privateKey, [
          { type: pkcs11js.CKA_SENSITIVE },
          { type: pkcs11js.CKA_EXTRACTABLE },
          { type: pkcs11js.CKA_ALWAYS_SENSITIVE },
          { type: pkcs11js.CKA_NEVER_EXTRACTABLE },
        ])
        const flag = (i: number): boolean => attrs[i]?.value[0] === 1
        return {
          label: keyRef,
          id: bytesToHex(handles.id),
          address: signer.address,
          sensitive: flag(0),
          extractable: flag(1),
          alwaysSensitive: flag(2),
          neverExtractable: flag(3),
        }
      } catch (err) {
        this.#fail('C_GetAttributeValue', err)
      }
    })
  }

  /** Opens (or re-opens) the logged-in session and asks the token about it: a readiness probe. */
  async checkHealth(): Promise<void> {
    await this.#exclusive(() => {
      try {
        this.#pkcs11.C_GetSessionInfo(this.#openSession())
      } catch (err) {
        this.#fail('C_GetSessionInfo', err)
      }
    })
  }

  /** Waits for queued operations, closes the session and, with the last backend of the process, finalises the library. */
  async close(): Promise<void> {
    if (this.#closed) return
    // Queued like any operation: what was asked before close finishes, what comes after is refused.
    await this.#exclusive(() => {
      this.#closed = true
      this.#signers.clear()
      this.#handles.clear()
      this.#dropSession()
      this.#lease.release()
    })
  }
}

function findSlot(pkcs11: Pkcs11, tokenLabel: string): Pkcs11Handle {
  let slots: Pkcs11Handle[]
  try {
    slots = pkcs11.C_GetSlotList(true)
  } catch (err) {
    throw pkcs11Failure('C_GetSlotList', err)
  }
  const labels: string[] = []
  const matches: Pkcs11Handle[] = []
  for (const slot of slots) {
    const label = trimPkcs11Label(pkcs11.C_GetTokenInfo(slot).label)
    labels.push(label)
    if (label === tokenLabel) matches.push(slot)
  }
  if (matches.length === 0) {
    throw new CustosError('PKCS11_TOKEN_NOT_FOUND', `no PKCS#11 token labelled "${tokenLabel}"`, { status: 500, details: { tokenLabel, available: labels } })
  }
  if (matches.length > 1) throw new CustosError('PKCS11_TOKEN_AMBIGUOUS', `${matches.length} PKCS#11 tokens are labelled "${tokenLabel}"`, { status: 500 })
  return matches[0]!
}

/**
 * Opens the token labelled `tokenLabel` in the given PKCS#11 library and logs
 * in, so a wrong PIN or a missing token fails at start-up, not at first signature.
 *
 * @example
 * const keys = await openPkcs11Backend({ ...pkcs11OptionsFromEnv(process.env), logger })
 * const { keyRef, address } = await keys.createKey(vault.id)
 */
export async function openPkcs11Backend(opts: Pkcs11BackendOptions): Promise<Pkcs11Backend> {
  if (!opts.pin) throw new ConfigError('the PKCS#11 user PIN is required')
  const lease = acquirePkcs11Module(opts.libraryPath)
  try {
    const backend = new Pkcs11Backend(lease, findSlot(lease.pkcs11, opts.tokenLabel), opts)
    try {
      await backend.checkHealth()
    } catch (err) {
      await backend.close()
      throw err
    }
    return backend
  } catch (err) {
    lease.release()
    throw err
  }
}
