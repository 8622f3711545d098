import type { CustodyContext } from '../context.ts'
import { processBatch } from './process-batch.ts'
import { randomUUID } from 'node:crypto'
import { claimDue, heartbeat, HEARTBEAT_MS, nextDueAt, registerWorker, unregisterWorker } from './claim.ts'

export interface PipelineWorker {
  /** Look for work now (after a new transaction or an approval). */
  wake(): void
  /** Finish the transactions in hand and stop. */
  stop(): Promise<void>
}

export interface WorkerOptions {
  /** Transactions claimed and advanced together (one group commit per stage). */
  concurrency?: number
  /** Batches in flight at once. */
  batches?: number
  /** Longest sleep when nothing is due. */
  idleMs?: number
}

/**
 * Runs the transaction pipeline until stopped: claims due transactions,
 * advances each, sleeps until the next is due or until woken. Several
 * workers (in one process or many) share the work through claim leases.
 */
export function startPipelineWorker(ctx: CustodyContext, opts: WorkerOptions = {}): PipelineWorker {
  const concurrency = opts.concurrency ?? 32
  const maxBatches = opts.batches ?? 2
  const idleMs = opts.idleMs ?? 250
  let running = true
  let wakeUp: (() => void) | null = null
  let woken = false
  const inFlight = new Set<Promise<unknown>>()
  const workerId = `w_${randomUUID()}`
  const registered = registerWorker(ctx, workerId)
  const beat = setInterval(() => {
    heartbeat(ctx, workerId).catch((err) => ctx.logger.warn({ err }, 'worker heartbeat failed'))
  }, HEARTBEAT_MS)
  beat.unref()

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false
        return resolve()
      }
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wakeUp = null
        resolve()
      }
      wakeUp = done
    })

  const loop = (async () => {
    await registered
    while (running) {
      try {
        const claimed = inFlight.size < maxBatches ? await claimDue(ctx, concurrency, workerId) : []
        if (claimed.length > 0) {
          const p = processBatch(ctx, claimed).finally(() => {
            inFlight.delete(p)
            wake()
          })
          inFlight.add(p)
          if (inFlight.size < maxBatches) continue
        }
        const next = claimed.length === 0 && inFlight.size === 0 ? await nextDueAt(ctx) : null
        const untilNext = next ? Math.max(0, next.getTime() - ctx.clock.now().getTime()) : idleMs
        await sleep(Math.min(idleMs, Math.max(untilNext, 5)))
      } catch (err) {
        if (!running) break
        ctx.logger.error({ err }, 'pipeline loop error')
        await sleep(1000)
      }
    }
    await Promise.allSettled([...inFlight])
    clearInterval(beat)
    await unregisterWorker(ctx, workerId).catch(() => {})
  })()

  function wake() {
    if (wakeUp) wakeUp()
    else woken = true
  }

  return {
    wake,
    async stop() {
      running = false
      wake()
      await loop
    },
  }
}
