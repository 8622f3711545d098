import type { Logger } from '../../shared/logger.ts'
import { createCheckpoint, latestCheckpoint, type CheckpointContext, type StoredCheckpoint } from './checkpoint.ts'

export interface CheckpointSchedulerOptions {
  /** Least time between two checkpoints, by the context's clock. */
  intervalMs: number
}

export interface CheckpointScheduler {
  /**
   * Makes a checkpoint if the interval has passed since the latest one (by
   * its stored created_at, so restarts and several workers agree) and the
   * log grew since. Returns the new checkpoint, or null when none was due.
   */
  tick(): Promise<StoredCheckpoint | null>
  /**
   * Calls tick on a real timer every `pollMs` (default: the interval, at
   * most a minute) until the returned stop function is called. Production
   * only: tests call tick() with a ManualClock.
   */
  start(opts?: { pollMs?: number; logger?: Logger }): () => void
}

/**
 * Checkpoints the log at a configurable interval.
 *
 * @example
 * const scheduler = createCheckpointScheduler(ctx, { intervalMs: 60_000 })
 * const stop = scheduler.start({ logger })
 */
export function createCheckpointScheduler(ctx: CheckpointContext, opts: CheckpointSchedulerOptions): CheckpointScheduler {
  let running: Promise<StoredCheckpoint | null> | null = null

  async function tickOnce(): Promise<StoredCheckpoint | null> {
    const latest = await latestCheckpoint(ctx.db)
    if (latest && ctx.clock.now().getTime() - latest.createdAt.getTime() < opts.intervalMs) return null
    const made = await createCheckpoint(ctx)
    if (!made || (latest && made.treeSize === latest.treeSize)) return null
    return made
  }

  const scheduler: CheckpointScheduler = {
    tick() {
      // One tick at a time per process; a slow database must not stack them up.
      running ??= tickOnce().finally(() => {
        running = null
      })
      return running
    },
    start({ pollMs, logger } = {}) {
      const every = pollMs ?? Math.min(opts.intervalMs, 60_000)
      const timer = setInterval(() => {
        scheduler.tick().then(
          (cp) => cp && logger?.info({ treeSize: cp.treeSize.toString(), rootHash: cp.rootHash }, 'audit checkpoint signed'),
          (err: unknown) => logger?.error({ err }, 'audit checkpoint failed'),
        )
      }, every)
      timer.unref()
      return () => clearInterval(timer)
    },
  }
  return scheduler
}
