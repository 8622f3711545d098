import { readFileSync } from 'node:fs'
import { ConfigError } from '../../shared/errors.ts'
import type { Logger } from '../../shared/logger.ts'

export interface Pkcs11BackendOptions {
  /** Path of the vendor's PKCS#11 library (.so). */
  libraryPath: string
  /** CKA_LABEL of the token (partition) holding the keys; slot ids are not stable, labels are. */
  tokenLabel: string
  /** The token's user (CKU_USER) PIN. Never logged. */
  pin: string
  /** Prefix of every key label this backend creates; the rest is the vault id. Default `custos:`. */
  keyLabelPrefix?: string
  logger?: Pick<Logger, 'info' | 'warn'>
}

/**
 * Reads the PKCS#11 configuration: `CUSTODY_PKCS11_LIBRARY`,
 * `CUSTODY_PKCS11_TOKEN_LABEL`, `CUSTODY_PKCS11_PIN` or
 * `CUSTODY_PKCS11_PIN_FILE`, optional `CUSTODY_PKCS11_KEY_LABEL_PREFIX`.
 * Errors name the missing variable, never a value.
 */
export function pkcs11OptionsFromEnv(env: Record<string, string | undefined>): Omit<Pkcs11BackendOptions, 'logger'> {
  const need = (name: string): string => {
    const v = env[name]
    if (!v) throw new ConfigError(`${name} must be set for the pkcs11 key backend`, { variable: name })
    return v
  }
  let pin = env.CUSTODY_PKCS11_PIN
  if (pin && env.CUSTODY_PKCS11_PIN_FILE) throw new ConfigError('set CUSTODY_PKCS11_PIN or CUSTODY_PKCS11_PIN_FILE, not both')
  if (!pin && env.CUSTODY_PKCS11_PIN_FILE) {
    try {
      pin = readFileSync(env.CUSTODY_PKCS11_PIN_FILE, 'utf8').trim()
    } catch (err) {
      throw new ConfigError(`CUSTODY_PKCS11_PIN_FILE cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { variable: 'CUSTODY_PKCS11_PIN_FILE' })
    }
  }
  if (!pin) throw new ConfigError('CUSTODY_PKCS11_PIN or CUSTODY_PKCS11_PIN_FILE must be set for the pkcs11 key backend', { variable: 'CUSTODY_PKCS11_PIN' })
  return {
    libraryPath: need('CUSTODY_PKCS11_LIBRARY'),
    tokenLabel: need('CUSTODY_PKCS11_TOKEN_LABEL'),
    pin,
    keyLabelPrefix: env.CUSTODY_PKCS11_KEY_LABEL_PREFIX || 'custos:',
  }
}
