import { readFileSync } from 'node:fs'
import { ConfigError } from '../errors.ts'

/** A server's certificate chain and key (PEM), and the CA that signs the clients it accepts. */
export interface TlsMaterial {
  cert: Buffer
  key: Buffer
  /** Mutual TLS: clients must present a certificate this CA signed. */
  clientCa?: Buffer
}

function read(path: string, variable: string): Buffer {
  try {
    return readFileSync(path)
  } catch (err) {
    throw new ConfigError(`${variable}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { variable })
  }
}

/**
 * The TLS material a service's configuration names by path, or undefined when it names none
 * (plain HTTP, for development or behind a TLS-terminating proxy). A certificate without its
 * key, or the reverse, is a configuration error.
 *
 * @example
 * tlsFromFiles({ cert: env.CUSTODY_TLS_CERT_FILE, key: env.CUSTODY_TLS_KEY_FILE }, 'CUSTODY')
 */
export function tlsFromFiles(paths: { cert?: string; key?: string; clientCa?: string }, prefix: string): TlsMaterial | undefined {
  if (!paths.cert && !paths.key) {
    if (paths.clientCa) throw new ConfigError(`${prefix}_TLS_CLIENT_CA_FILE needs ${prefix}_TLS_CERT_FILE and ${prefix}_TLS_KEY_FILE`)
    return undefined
  }
  if (!paths.cert || !paths.key) throw new ConfigError(`${prefix}_TLS_CERT_FILE and ${prefix}_TLS_KEY_FILE go together`)
  return {
    cert: read(paths.cert, `${prefix}_TLS_CERT_FILE`),
    key: read(paths.key, `${prefix}_TLS_KEY_FILE`),
    ...(paths.clientCa ? { clientCa: read(paths.clientCa, `${prefix}_TLS_CLIENT_CA_FILE`) } : {}),
  }
}

/** `*_TRUST_PROXY` as Fastify takes it: '' or false → false, true → true, else a list of addresses/CIDRs. */
export function trustProxySetting(text: string): boolean | string[] {
  const t = text.trim()
  if (t === '' || t === 'false') return false
  if (t === 'true') return true
  return t.split(/[\s,]+/).filter((e) => e !== '')
}

/** What a client needs to reach a server over (mutual) TLS: the CA to trust, its own certificate and key. */
export interface ClientTlsMaterial {
  ca?: Buffer
  cert?: Buffer
  key?: Buffer
}

/** The platform's TLS client settings for custody from the paths configured; undefined when none is. */
export function clientTlsFromFiles(paths: { ca?: string; cert?: string; key?: string }): ClientTlsMaterial | undefined {
  if (!paths.ca && !paths.cert && !paths.key) return undefined
  if (!paths.cert !== !paths.key) throw new ConfigError('CUSTODY_CLIENT_CERT_FILE and CUSTODY_CLIENT_KEY_FILE go together')
  return {
    ...(paths.ca ? { ca: read(paths.ca, 'CUSTODY_TLS_CA_FILE') } : {}),
    ...(paths.cert ? { cert: read(paths.cert, 'CUSTODY_CLIENT_CERT_FILE') } : {}),
    ...(paths.key ? { key: read(paths.key, 'CUSTODY_CLIENT_KEY_FILE') } : {}),
  }
}
