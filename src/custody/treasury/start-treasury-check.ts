import type { CustodyContext } from '../context.ts'
import { runTreasuryCheck } from './check-treasury.ts'

export interface TreasuryLoop {
  stop(): Promise<void>
}

/**
 * Runs the rebalancing check every `CUSTODY_TREASURY_CHECK_MS` in a process that runs
 * pipeline workers. Several processes may run it: a proposal is made once per rule and
 * episode whoever checks (decision 0096). A failed pass is logged; the next one tries again.
 */
export function startTreasuryLoop(ctx: CustodyContext, intervalMs: number): TreasuryLoop {
  let running = true
  let current: Promise<unknown> = Promise.resolve()
  let timer: NodeJS.Timeout | null = null
  const tick = () => {
    if (!running) return
    current = runTreasuryCheck(ctx)
      .catch((err) => ctx.logger.warn({ err: String((err as Error)?.message ?? err).slice(0, 300) }, 'treasury check failed; next pass tries again'))
      .finally(() => {
        if (running) {
          timer = setTimeout(tick, intervalMs)
          timer.unref?.()
        }
      })
  }
  timer = setTimeout(tick, intervalMs)
  timer.unref?.()
  return {
    async stop() {
      running = false
      if (timer) clearTimeout(timer)
      await current.catch(() => null)
    },
  }
}
