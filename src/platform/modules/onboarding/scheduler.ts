import type { PlatformContext } from '../../context.ts'
import { expireInvestors } from './expire-investors.ts'
import { rescreenInvestors } from './rescreen-investors.ts'

export interface Scheduler {
  stop(): Promise<void>
}

/**
 * Runs the expiry job and the periodic rescreening every
 * `settings.schedulerIntervalMs` of real time. What is due is decided by the
 * context's clock, so a test moves a ManualClock past an expiry date and the
 * next round acts on it. One round at a time; a failing round is logged.
 */
export function startScheduler(ctx: PlatformContext): Scheduler {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()

  const round = async () => {
    try {
      await expireInvestors(ctx)
      await rescreenInvestors(ctx)
    } catch (err) {
      ctx.logger.error({ err }, 'scheduled jobs failed')
    }
  }
  const schedule = () => {
    if (stopped) return
    clearTimeout(timer)
    timer = setTimeout(() => {
      running = running.then(round).finally(schedule)
    }, ctx.settings.schedulerIntervalMs)
    timer.unref()
  }
  schedule()

  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
