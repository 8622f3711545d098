import { hkdfSync, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ConfigError } from '../shared/errors.ts'
import type { Logger } from '../shared/logger.ts'

/**
 * The platform's 32-byte master key, from PLATFORM_MASTER_KEY, or in
 * development from a file generated on first start (mode 0600) with a loud
 * warning. It seals API key secrets and webhook subscription secrets at rest.
 */
export function loadPlatformMasterKey(opts: { value: string | undefined; devFallbackPath: string; logger: Logger }): Uint8Array {
  if (opts.value) return Buffer.from(opts.value.replace(/^0x/, ''), 'hex')
  const path = opts.devFallbackPath
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 })
    opts.logger.warn({ path }, 'PLATFORM_MASTER_KEY is not set: generated a development master key on disk. Never run production like this.')
  } else {
    opts.logger.warn({ path }, 'PLATFORM_MASTER_KEY is not set: using the development master key on disk')
  }
  chmodSync(path, 0o600)
  const hex = readFileSync(path, 'utf8').trim()
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new ConfigError(`${path} does not hold a 32-byte hex key; delete it to generate a new one`)
  return Buffer.from(hex, 'hex')
}

/** A purpose-bound 32-byte key derived from the master key (HKDF-SHA256). */
export function derivePlatformKey(master: Uint8Array, purpose: 'api-keys' | 'webhooks'): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', master, Buffer.alloc(0), `custos/platform/${purpose}`, 32))
}
