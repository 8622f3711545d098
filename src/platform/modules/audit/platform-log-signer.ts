import { hkdfSync } from 'node:crypto'
import { logSignerFromSeed, type LogSigner } from '../../../audit/log/log-key.ts'

/** The platform's audit log id unless PLATFORM_AUDIT_ORIGIN says otherwise. */
export const DEFAULT_PLATFORM_LOG_ORIGIN = 'custos.dev/platform/main'

/**
 * The platform's audit log signing key: an Ed25519 seed derived from the
 * platform master key (HKDF-SHA256, info `custos/platform/audit-log`, as
 * derivePlatformKey derives its other keys), so it survives restarts and
 * needs no file of its own. The key name is the log's origin (C2SP).
 *
 * @example
 * const signer = platformLogSigner(masterKey, config.PLATFORM_AUDIT_ORIGIN)
 * signer.vkey // publish and let auditors pin it
 */
export function platformLogSigner(masterKey: Uint8Array, origin: string = DEFAULT_PLATFORM_LOG_ORIGIN): LogSigner {
  const seed = new Uint8Array(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'custos/platform/audit-log', 32))
  try {
    return logSignerFromSeed(origin, seed)
  } finally {
    seed.fill(0)
  }
}
