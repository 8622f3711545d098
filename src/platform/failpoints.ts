import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '../shared/logger.ts'

/** Points of the onboarding workflows where crash tests kill the platform. */
export const PLATFORM_FAILPOINTS = [
  'onboard:after-vault-created',
  'onboard:after-create-identity-submitted',
  'onboard:after-claim-signed',
  'onboard:after-add-claim-submitted',
  'onboard:after-register-identity-submitted',
  'onboard:before-activate',
  'revoke:after-revoke-submitted',
  'batch-mint:after-plan-recorded',
  'batch-mint:after-chunk-submitted',
  'batch-mint:before-chunk-recorded',
  'distribution:after-snapshot',
  'distribution:after-funding-submitted',
  'distribution:after-chunk-submitted',
  'inbound:after-deposit-stored',
  'cash:after-deposit-credited',
  'cash:after-payment-reserved',
  'cash:after-payment-settled',
  'redemption:after-settlement-submitted',
  'agent-action:after-submitted',
  'wallet-recovery:after-vault-created',
  'wallet-recovery:after-identity-submitted',
] as const

/**
 * For crash tests only: `PLATFORM_FAILPOINTS=onboard:after-claim-signed,…`
 * makes the process SIGKILL itself the first time it reaches each named
 * point (a marker file under `dir` makes each fire once across restarts), as
 * a power cut would stop it there.
 */
export function platformFailpoints(spec: string | undefined, dir: string, logger: Logger): ((name: string) => void) | undefined {
  const names = (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  if (names.length === 0) return undefined
  mkdirSync(dir, { recursive: true })
  return (name) => {
    if (!names.includes(name)) return
    const marker = join(dir, name.replace(/[^a-z0-9-]/gi, '_'))
    if (existsSync(marker)) return
    writeFileSync(marker, new Date().toISOString())
    logger.warn({ failpoint: name }, 'failpoint reached: killing this process')
    process.kill(process.pid, 'SIGKILL')
  }
}
