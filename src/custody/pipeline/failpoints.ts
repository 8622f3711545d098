import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '../../shared/logger.ts'

/** The points of the pipeline where crash tests kill custody. */
export const FAILPOINTS = ['before-nonce-reservation', 'after-nonce-reservation', 'after-signing', 'after-broadcast', 'during-confirmation', 'deposit-detected'] as const

/**
 * For crash tests only: `CUSTODY_FAILPOINTS=after-signing,after-broadcast`
 * makes the process SIGKILL itself the first time it reaches each named
 * point (a marker file under `dir` makes each one fire once across restarts),
 * exactly as a power cut would stop it there.
 */
export function crashFailpoints(spec: string | undefined, dir: string, logger: Logger): ((name: string) => void) | undefined {
  const names = (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  if (names.length === 0) return undefined
  mkdirSync(dir, { recursive: true })
  return (name) => {
    if (!names.includes(name)) return
    const marker = join(dir, name)
    if (existsSync(marker)) return
    writeFileSync(marker, new Date().toISOString())
    logger.warn({ failpoint: name }, 'failpoint reached: killing this process')
    process.kill(process.pid, 'SIGKILL')
  }
}
