import { randomUUID } from 'node:crypto'
import type { CustodyContext } from '../context.ts'
import { heartbeat, HEARTBEAT_MS, registerWorker } from '../pipeline/claim.ts'
import { runDepositPass, type DepositPassResult } from './watch-deposits.ts'

export interface DepositWatch {
  /** Runs one pass now and resolves with what it did (tests). */
  runOnce(): Promise<DepositPassResult | null>
  stop(): Promise<void>
}

/**
 * Runs the deposit watch every `CUSTODY_DEPOSIT_WATCH_MS` (at once while it catches up) beside the pipeline workers. The
 * watcher registers as a worker and beats its heartbeat, so when its process dies another
 * process takes the scan cursor over within a few seconds instead of at the lease's end.
 * A failed pass (the node is down) is logged and tried again on the next tick.
 */
export function startDepositWatch(ctx: CustodyContext): DepositWatch {
  const watcherId = `dw_${randomUUID()}`
  let running = true
  let current: Promise<DepositPassResult | null> = registerWorker(ctx, watcherId).then(() => null)
  let timer: NodeJS.Timeout | null = null
  const beat = setInterval(() => {
    heartbeat(ctx, watcherId).catch((err) => ctx.logger.warn({ err: String(err) }, 'deposit watch heartbeat failed'))
  }, HEARTBEAT_MS)
  beat.unref()

  const pass = async (): Promise<DepositPassResult | null> => {
    try {
      return await runDepositPass(ctx, watcherId)
    } catch (err) {
      ctx.logger.warn({ err: String((err as Error)?.message ?? err).slice(0, 300) }, 'deposit watch pass failed; next pass tries again')
      return null
    }
  }
  const runOnce = () => {
    current = current.then(pass, pass)
    return current
  }
  const tick = () => {
    if (!running) return
    void runOnce().then((r) => {
      // Catching up (after a downtime, or from an old start block): the next range at once.
      if (running) timer = setTimeout(tick, r?.behind ? 0 : ctx.config.CUSTODY_DEPOSIT_WATCH_MS)
    })
  }
  timer = setTimeout(tick, 0)
  timer.unref?.()

  return {
    runOnce,
    async stop() {
      running = false
      if (timer) clearTimeout(timer)
      clearInterval(beat)
      await current.catch(() => null)
      // Hand the cursor over at once rather than when the lease ends.
      await ctx.db.updateTable('deposit_watch').set({ locked_by: null, locked_until: null }).where('locked_by', '=', watcherId).execute()
      await ctx.db.deleteFrom('pipeline_workers').where('id', '=', watcherId).execute()
    },
  }
}
