import { randomUUID } from 'node:crypto'
import type { PlatformContext } from '../context.ts'
import { claimDueWorkflows, heartbeat, HEARTBEAT_MS, nextWorkflowDueAt, registerWorker, unregisterWorker } from './claim.ts'
import { advanceWorkflow } from './run-workflow.ts'
import type { WorkflowDefinitions } from './types.ts'

export interface WorkflowWorker {
  id: string
  wake(): void
  stop(): Promise<void>
}

export interface WorkflowWorkerOptions {
  definitions: WorkflowDefinitions
  /** Workflows advanced at once. */
  concurrency: number
  /** Work to do before each claim (the webhook inbox); returns how many items it handled. It gets the worker's id, whose heartbeat guards its claims. */
  beforeClaim?: (workerId: string) => Promise<number>
}

/**
 * A loop that claims due workflows and advances them, `concurrency` at a
 * time; between rounds it waits for the next due time, a `wake()`, or the
 * poll interval, whichever comes first. It beats a heartbeat so that, if the
 * process dies, other workers take its leases over at once.
 */
export function startWorkflowWorker(ctx: PlatformContext, opts: WorkflowWorkerOptions): WorkflowWorker {
  const id = `pw_${randomUUID()}`
  let stopped = false
  let woken = false
  let sleeping: { timer: NodeJS.Timeout; resolve: () => void } | undefined
  const wake = () => {
    woken = true
    if (sleeping) {
      clearTimeout(sleeping.timer)
      sleeping.resolve()
    }
  }
  const sleep = (ms: number) => {
    if (woken || stopped) return Promise.resolve()
    return new Promise<void>((resolve) => {
      sleeping = { timer: setTimeout(resolve, Math.max(0, ms)), resolve }
    }).finally(() => (sleeping = undefined))
  }
  const beat = setInterval(() => {
    heartbeat(ctx, id).catch((err: unknown) => ctx.logger.warn({ err, workerId: id }, 'worker heartbeat failed'))
  }, HEARTBEAT_MS)
  beat.unref()

  const done = (async () => {
    // A failed registration is not fatal: the heartbeat records the worker too.
    await registerWorker(ctx, id).catch((err: unknown) => ctx.logger.warn({ err, workerId: id }, 'worker registration failed; the heartbeat records it'))
    while (!stopped) {
      woken = false
      let busy = false
      try {
        if (opts.beforeClaim) busy = (await opts.beforeClaim(id)) > 0
        const claimed = await claimDueWorkflows(ctx, opts.concurrency, id)
        if (claimed.length > 0) busy = true
        await Promise.all(claimed.map((wf) => advanceWorkflow(ctx, opts.definitions, wf, id)))
      } catch (err) {
        ctx.logger.error({ err, workerId: id }, 'workflow worker round failed')
      }
      if (stopped) break
      if (busy) continue
      let wait = ctx.settings.workerPollMs
      try {
        const due = await nextWorkflowDueAt(ctx)
        // Due already yet not claimed: another worker holds it; look again soon, not in a spin.
        if (due) wait = Math.min(wait, Math.max(due.getTime() - ctx.clock.now().getTime(), 0) || 250)
      } catch {
        /* keep the poll interval */
      }
      await sleep(wait)
    }
  })()

  return {
    id,
    wake,
    async stop() {
      stopped = true
      wake()
      clearInterval(beat)
      await done.catch(() => undefined)
      await unregisterWorker(ctx, id).catch((err: unknown) => ctx.logger.warn({ err }, 'worker unregister failed'))
    },
  }
}
