import { readFileSync } from 'node:fs'
import { ConfigError } from '../errors.ts'

// Start-up mistakes an operator makes, each as one sentence that names the
// setting and says what to do (docs/production.md lists them).

/** The innermost system reason of a failed call: ECONNREFUSED, ENOTFOUND, a timeout. */
export function rootReason(err: unknown): string {
  let e = err as { code?: unknown; cause?: unknown; name?: unknown; message?: unknown } | undefined
  for (let i = 0; e && i < 5; i++) {
    if (typeof e.code === 'string' && /^E[A-Z_]+$/.test(e.code)) return e.code
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'no answer within 5 s'
    if (!e.cause) break
    e = e.cause as typeof e
  }
  return typeof e?.message === 'string' ? e.message : String(err)
}

/** Hides the password of a connection string. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return url
  }
}

export function chainUnreachable(setting: string, url: string, cause: unknown): ConfigError {
  return new ConfigError(`no chain answers at ${setting}=${url} (${rootReason(cause)}): start the node there or set ${setting} to an RPC endpoint that answers`)
}

export function wrongChain(setting: string, expected: number, url: string, served: number): ConfigError {
  return new ConfigError(`${setting}=${expected} but the node at ${url} serves chain ${served}: point RPC_URL at chain ${expected}, or set ${setting}=${served} if that is the chain you mean`)
}

export function portInUse(setting: string, host: string, port: number): ConfigError {
  return new ConfigError(`port ${port} on ${host} is already in use (${setting}): stop what listens there or set ${setting} to a free port`)
}

export function databaseUnreachable(setting: string, url: string, cause: unknown): ConfigError {
  return new ConfigError(`cannot reach the database at ${setting}=${redactUrl(url)} (${rootReason(cause)}): start PostgreSQL there or correct ${setting}`)
}

/** Reads a file a setting names (a key, a secret), or says which setting and what to do. */
export function readSettingFile(setting: string, path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error'
    const todo = code === 'ENOENT' ? `put the file there or correct ${setting}` : `let the user running the service read it or correct ${setting}`
    throw new ConfigError(`${setting}=${path} cannot be read (${code}): ${todo}`)
  }
}
