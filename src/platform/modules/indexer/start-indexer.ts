import type { PlatformContext } from '../../context.ts'
import { indexStep, type IndexStep } from './index-step.ts'
import type { RollBackHook } from './roll-back.ts'

export interface SyncIndexReturnType {
  steps: IndexStep[]
  /** True when the last step found nothing left to read. */
  caughtUp: boolean
}

/** Runs index steps until the index is at the head minus the confirmation depth, or `maxSteps` ran. */
export async function syncIndex(ctx: PlatformContext, opts: { maxSteps?: number; onRollBack?: RollBackHook } = {}): Promise<SyncIndexReturnType> {
  const maxSteps = opts.maxSteps ?? 100
  const steps: IndexStep[] = []
  while (steps.length < maxSteps) {
    const step = await indexStep(ctx, { onRollBack: opts.onRollBack })
    steps.push(step)
    if (step.type === 'idle') return { steps, caughtUp: true }
  }
  return { steps, caughtUp: false }
}

export interface Indexer {
  /** Catches up now (one round at a time; a call during a round waits for it and runs another). */
  tick(): Promise<SyncIndexReturnType>
  stop(): Promise<void>
}

/**
 * The indexer loop: every PLATFORM_INDEXER_POLL_MS of real time it checks
 * the stored head against the chain (rolling back on a reorg) and reads new
 * ranges until it has caught up. A failing round (RPC down) is logged and
 * tried again at the next poll; the index itself only changes in whole
 * transactions, so a crash anywhere leaves it at a consistent head.
 *
 * @example
 * const indexer = startIndexer(ctx, { onRollBack: forgetReconciledAbove })
 * // on shutdown
 * await indexer.stop()
 */
export function startIndexer(ctx: PlatformContext, opts: { pollMs?: number; onRollBack?: RollBackHook } = {}): Indexer {
  const pollMs = opts.pollMs ?? ctx.config.PLATFORM_INDEXER_POLL_MS
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> = Promise.resolve()
  let failures = 0

  const round = async (): Promise<SyncIndexReturnType> => {
    const r = await syncIndex(ctx, { onRollBack: opts.onRollBack })
    failures = 0
    const moved = r.steps.filter((s) => s.type === 'indexed' || s.type === 'rolled_back')
    const last = moved.at(-1)
    if (last) ctx.logger.debug({ steps: moved.length, last: last.type, to: String(last.to) }, 'chain indexed')
    return r
  }
  const schedule = (ms: number) => {
    if (stopped) return
    clearTimeout(timer)
    timer = setTimeout(() => {
      running = running
        .then(round)
        .then(
          (r) => schedule(r.caughtUp ? pollMs : 0),
          (err: unknown) => {
            failures++
            ctx.logger.warn({ code: (err as { code?: string }).code, message: (err as Error).message, failures }, 'chain indexer round failed; trying again at the next poll')
            schedule(pollMs)
          },
        )
    }, ms)
    timer.unref()
  }
  schedule(0)

  return {
    tick() {
      const r = running.then(round)
      running = r.catch(() => {})
      return r
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running.catch(() => {})
    },
  }
}
