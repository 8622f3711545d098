import { createHash, timingSafeEqual } from 'node:crypto'
import pkcs11js from 'pkcs11js'
import { CustosError } from '../../shared/errors.ts'

export type Pkcs11 = InstanceType<typeof pkcs11js.PKCS11>
export type Pkcs11Handle = Buffer
export { pkcs11js }

/** A PKCS#11 error turned into a CustosError that names the return value (CKR_…) and nothing else. */
export function pkcs11Failure(operation: string, err: unknown, opts: { code?: string; retryable?: boolean } = {}): CustosError {
  const ckr = err instanceof pkcs11js.Pkcs11Error ? err.message : undefined
  const name = ckr ?? (err instanceof Error ? err.name : 'error')
  return new CustosError(opts.code ?? 'PKCS11_ERROR', `PKCS#11 ${operation} failed: ${name}`, {
    status: 502,
    retryable: opts.retryable ?? false,
    details: { operation, ...(ckr ? { ckr, ckrCode: (err as { code: number }).code } : {}) },
  })
}

/** The CKR_… name of a PKCS#11 error, if it is one. */
export function ckrName(err: unknown): string | undefined {
  return err instanceof pkcs11js.Pkcs11Error ? err.message : undefined
}

interface Loaded {
  pkcs11: Pkcs11
  users: number
  // Digest of the PIN that logged each slot in. PKCS#11 login is per process
  // and token, so a second login answers ALREADY_LOGGED_IN whatever the PIN;
  // this is how a second backend with a wrong PIN is still refused.
  logins: Map<string, Buffer>
}

const pinDigest = (pin: string): Buffer => createHash('sha256').update('custos-pkcs11-pin').update(pin).digest()

// C_Initialize may run once per library per process, so every backend (and
// test) in a process shares one loaded module, finalised when the last one leaves.
const loaded = new Map<string, Loaded>()

export interface Pkcs11ModuleLease {
  readonly pkcs11: Pkcs11
  /** Records that `pin` logged `slot` in. */
  rememberLogin(slot: Pkcs11Handle, pin: string): void
  /** Whether `pin` is the one that logged `slot` in; undefined when the login did not go through a lease. */
  sameLogin(slot: Pkcs11Handle, pin: string): boolean | undefined
  /** Gives the lease back; the last one calls C_Finalize and unloads the library. */
  release(): void
}

/**
 * Loads and initialises a PKCS#11 library (with CKF_OS_LOCKING_OK, which
 * SoftHSM2 needs for concurrent sessions), or shares the instance already
 * loaded in this process.
 */
export function acquirePkcs11Module(libraryPath: string): Pkcs11ModuleLease {
  let entry = loaded.get(libraryPath)
  if (!entry) {
    const pkcs11 = new pkcs11js.PKCS11()
    try {
      pkcs11.load(libraryPath)
    } catch (err) {
      throw new CustosError('PKCS11_LIBRARY_UNAVAILABLE', `the PKCS#11 library ${libraryPath} cannot be loaded`, {
        status: 500,
        details: { libraryPath, reason: err instanceof Error ? err.message.split('\n')[0] : 'error' },
      })
    }
    try {
      pkcs11.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK })
    } catch (err) {
      if (ckrName(err) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') {
        pkcs11.close()
        throw pkcs11Failure('C_Initialize', err)
      }
    }
    entry = { pkcs11, users: 0, logins: new Map() }
    loaded.set(libraryPath, entry)
  }
  entry.users += 1
  const own = entry
  let released = false
  return {
    pkcs11: own.pkcs11,
    rememberLogin(slot, pin) {
      own.logins.set(slot.toString('hex'), pinDigest(pin))
    },
    sameLogin(slot, pin) {
      const known = own.logins.get(slot.toString('hex'))
      return known === undefined ? undefined : timingSafeEqual(known, pinDigest(pin))
    },
    release() {
      if (released) return
      released = true
      own.users -= 1
      if (own.users > 0) return
      loaded.delete(libraryPath)
      try {
        own.pkcs11.C_Finalize()
      } finally {
        own.pkcs11.close()
      }
    },
  }
}
