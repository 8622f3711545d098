import type { WebhookContext } from './context.ts'
import { pruneWebhookHistory } from './prune-history.ts'
import { claimDeliveries, type RunDeliveryBatchParameters, type RunDeliveryBatchReturnType } from './run-delivery-batch.ts'

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
  /**
   * Deliveries in flight at once for one subscription (default 4) unless it sets its own
   * `concurrency`: its own lane. A slow or hung endpoint holds only its lane (each request
   * ends at `timeoutMs`, or the subscription's own timeout); the others' go on.
   */
  perSubscription?: number
  /** Called after every batch's attempts have all been recorded (for metrics); errors it throws are logged. */
  onBatch?: (result: RunDeliveryBatchReturnType) => void
}

export interface DeliveryLoop {
  /** Run a batch now instead of at the end of the wait; call it after committing an `enqueueEvent`. */
  wake(): void
  /** Ends the loop once the batch in progress (if any) has recorded its attempts. */
  stop(): Promise<void>
}

/**
 * Delivers webhooks until stopped: claims due deliveries (at most `perSubscription` in
 * flight per subscription, `limit` in all) and sends them without waiting for the batch
 * to finish, so a hung subscriber never delays another's deliveries (decision 0044);
 * claims again at once while claims come back full or a lane frees, otherwise after
 * `intervalMs` or at the next `wake()`, whichever is first. A failing batch (database down) is logged and retried after the
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

  const perSubscription = Math.max(1, Math.floor(p.perSubscription ?? 4))
  const lanes = new Map<string, number>()
  // A subscription's own concurrency, as last claimed (its lane width; default perSubscription).
  const widths = new Map<string, number>()
  const inFlight = new Set<Promise<void>>()
  // Rows the latest claim took: while it took some, more may be due behind them.
  let lastClaimed = 0
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
        const room = limit - inFlight.size
        if (room > 0) {
          const width = (id: string) => widths.get(id) ?? perSubscription
          const busy = [...lanes].filter(([id, n]) => n >= width(id)).map(([id]) => id)
          const claim = await claimDeliveries(ctx, { ...p, limit: room, perSubscription, excludeSubscriptions: busy, inFlight: new Map(lanes) })
          full = full || claim.rows.length >= limit
          lastClaimed = claim.rows.length
          const result: RunDeliveryBatchReturnType = { claimed: claim.rows.length, delivered: 0, retrying: 0, failed: 0 }
          const attempts = claim.rows.map((row) => {
            if (row.concurrency !== null) widths.set(row.subscription_id, row.concurrency)
            else widths.delete(row.subscription_id)
            lanes.set(row.subscription_id, (lanes.get(row.subscription_id) ?? 0) + 1)
            const sent: Promise<void> = claim
              .attempt(row)
              .then((outcome) => void (result[outcome] += 1))
              .catch((err: unknown) => ctx.logger?.error({ err }, 'webhook delivery attempt failed'))
              .finally(() => {
                inFlight.delete(sent)
                const left = (lanes.get(row.subscription_id) ?? 1) - 1
                if (left > 0) lanes.set(row.subscription_id, left)
                else lanes.delete(row.subscription_id)
                // A lane that was full has room again, or more may be due behind this one. Several
                // attempts may end while a claim is on its way, which then saw less room than
                // there is now: while the latest claim found work, each end asks again.
                if (left === width(row.subscription_id) - 1 || claim.rows.length >= room || lastClaimed > 0) wake()
              })
            inFlight.add(sent)
            return sent
          })
          void Promise.all(attempts).then(() => {
            try {
              p.onBatch?.(result)
            } catch (err) {
              ctx.logger?.error({ err }, 'webhook onBatch callback failed')
            }
          })
        }
      } catch (err) {
        ctx.logger?.error({ err }, 'webhook delivery batch failed')
      }
      if (!full) await sleep(intervalMs)
    }
    await Promise.allSettled([...inFlight])
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
