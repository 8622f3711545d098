import type { PlatformContext } from '../../context.ts'
import { startSingleFlightLoop } from '../../../shared/service/single-flight-loop.ts'
import { notifyReleasedLots, scanLockupLots } from './lockup-scan.ts'

export interface LockupWatch {
  stop(): Promise<void>
}

/** Follows the lock-up module's logs towards the head (at most 20 pages a round), then announces the released lots. */
async function lockupRound(ctx: PlatformContext): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const { toBlock } = await scanLockupLots(ctx)
    const head = toBlock === null ? null : await ctx.chain.publicClient.getBlockNumber()
    if (toBlock === null || head === null || toBlock >= head) break
  }
  await notifyReleasedLots(ctx)
}

/**
 * Every `settings.schedulerIntervalMs` of real time: follows the lock-up
 * module's logs to the head, then announces the lots the business clock has
 * released (a test moves its ManualClock past a release and the next round
 * sends it). One round at a time; a failing round is logged and tried again.
 */
export function startLockupWatch(ctx: PlatformContext): LockupWatch {
  const loop = startSingleFlightLoop(() => lockupRound(ctx), {
    pollMs: ctx.settings.schedulerIntervalMs,
    onError: (err) => ctx.logger.error({ err }, 'lock-up watch round failed'),
  })
  return { stop: () => loop.stop() }
}
