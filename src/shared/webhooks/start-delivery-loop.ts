import type { WebhookContext } from './context.ts'
import { pruneWebhookHistory } from './prune-history.ts'
import { runDeliveryBatch, type RunDeliveryBatchParameters, type RunDeliveryBatchReturnType } from './run-delivery-batch.ts'

/** How often the loop prunes the delivery log when it keeps a retention (real time). */
const PRUNE_EVERY_MS = 3_600_000

export interface StartDeliveryLoopParameters extends RunDeliveryBatchParameters {
  /** Wait between batches when there was nothing more to do (default 1 s; real time, not the clock). */
  intervalMs?: number
  /**
   * Keep finished deliveries (and events with none left) this long by the clock, then delete
   * them (see `pruneWebhookHistory`), checked once an hour. Omitted or 0: keep everything.
   */
  retentionMs?: number
  /** Called after every batch (for metrics); errors it throws are logged. */
  onBatch?: (result: RunDeliveryBatchReturnType) => void
}

export interface DeliveryLoop {
  /** Run a batch now instead of at the end of the wait; call it after committing an `enqueueEvent`. */
  wake(): void
  /** Ends the loop once the batch in progress (if any) has recorded its attempts. */
  stop(): Promise<void>
}

/**
 * Runs {@link runDeliveryBatch} until stopped: again at once while batches come
 * back full, otherwise after `intervalMs` or at the next `wake()`, whichever
 * is first. A failing batch (database down) is logged and retried after the
 * interval, never in a tight loop. Run one per worker process; several
 * processes on one PostgreSQL share the work safely.
 *
 * @example
 * const loop = startDeliveryLoop(ctx, { intervalMs: 1000 })
 * // … after a commit that enqueued events:
 * loop.wake()
 * // on shutdown:
 * await loop.stop()
 */
export function startDeliveryLoop(ctx: WebhookContext, p: StartDeliveryLoopParameters = {}): DeliveryLoop {
  const intervalMs = p.intervalMs ?? 1_000
  const limit = Math.max(1, Math.floor(p.limit ?? 20))
  let stopped = false
  let woken = false
  let sleeping: { timer: NodeJS.Timeout; resolve: () => void } | undefined

  function wake(): void {
    woken = true
    if (sleeping) {
      clearTimeout(sleeping.timer)
      sleeping.resolve()
    }
  }

  function sleep(ms: number): Promise<void> {
    // A wake() during the batch means there may be new work: skip the wait.
    if (woken || stopped) return Promise.resolve()
    return new Promise<void>((resolve) => {
      sleeping = { timer: setTimeout(resolve, ms), resolve }
    }).finally(() => {
      sleeping = undefined
    })
  }

  let nextPruneAt = 0
  async function pruneIfDue(): Promise<boolean> {
    if (!p.retentionMs || Date.now() < nextPruneAt) return false
    const { deliveries, events, more } = await pruneWebhookHistory(ctx, { olderThan: new Date(ctx.clock.now().getTime() - p.retentionMs) })
    if (deliveries > 0 || events > 0) ctx.logger?.info({ deliveries, events }, 'pruned the webhook delivery log')
    // More than one call's worth: go on at the next turn, between delivery batches.
    nextPruneAt = more ? 0 : Date.now() + PRUNE_EVERY_MS
    return more
  }

  const done = (async () => {
    while (!stopped) {
      woken = false
      let full = false
      try {
        full = await pruneIfDue()
      } catch (err) {
        nextPruneAt = Date.now() + PRUNE_EVERY_MS
        ctx.logger?.error({ err }, 'pruning the webhook delivery log failed')
      }
      try {
        const result = await runDeliveryBatch(ctx, { ...p, limit })
        full = full || result.claimed >= limit
        try {
          p.onBatch?.(result)
        } catch (err) {
          ctx.logger?.error({ err }, 'webhook onBatch callback failed')
        }
      } catch (err) {
        ctx.logger?.error({ err }, 'webhook delivery batch failed')
      }
      if (!full) await sleep(intervalMs)
    }
  })()

  return {
    wake,
    async stop() {
      stopped = true
      wake()
      await done
    },
  }
}
