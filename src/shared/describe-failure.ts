import { isCustosError } from './errors.ts'

/**
 * What a process prints when it fails to start or a command fails: our own
 * errors and the system's (a port taken, a file refused) as their one-line
 * message; anything else, which is a bug, with its stack.
 */
export function describeFailure(err: unknown): string {
  if (isCustosError(err)) return err.message
  const e = err as { code?: unknown; message?: unknown; stack?: unknown } | null
  if (e && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code) && typeof e.message === 'string') return e.message
  return typeof e?.stack === 'string' ? e.stack : String(err)
}
