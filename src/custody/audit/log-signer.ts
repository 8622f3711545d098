import { hkdfSync } from 'node:crypto'
import { logSignerFromSeed, type LogSigner } from '../../audit/log/log-key.ts'

/** Custody's audit log id unless CUSTODY_AUDIT_ORIGIN says otherwise. */
export const DEFAULT_CUSTODY_LOG_ORIGIN = 'custos.dev/custody/main'

/**
 * Custody's audit log signing key: an Ed25519 seed derived from the master
 * key for the purpose `audit-log` (HKDF-SHA256, as service.ts derives its
 * other keys), so it survives restarts and needs no file of its own. The key
 * name is the log's origin, by the C2SP convention.
 *
 * @example
 * const signer = custodyLogSigner(masterKey, config.CUSTODY_AUDIT_ORIGIN)
 * signer.vkey // publish and let auditors pin it
 */
export function custodyLogSigner(masterKey: Uint8Array, origin: string = DEFAULT_CUSTODY_LOG_ORIGIN): LogSigner {
  // Same derivation as deriveKey in ../service.ts, kept here to avoid an import cycle.
  const seed = new Uint8Array(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'custos/custody/audit-log', 32))
  try {
    return logSignerFromSeed(origin, seed)
  } finally {
    seed.fill(0)
  }
}
