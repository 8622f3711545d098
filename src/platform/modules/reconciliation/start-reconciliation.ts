import type { PlatformContext } from '../../context.ts'
import { runReconciliation } from './run-reconciliation.ts'
import { RECONCILIATION_ACTOR } from './raise-alert.ts'

export interface Reconciliation {
  stop(): Promise<void>
}

/**
 * Runs reconciliation every `intervalMs` of real time (PLATFORM_RECONCILE_INTERVAL_MS;
 * 0: only on `POST /v1/reconciliation/run`). One periodic run at a time in this process; runs in other
 * processes are harmless (one OPEN alert per drift, enforced by the database).
 */
export function startReconciliation(ctx: PlatformContext, opts: { intervalMs?: number } = {}): Reconciliation {
  const intervalMs = opts.intervalMs ?? ctx.config.PLATFORM_RECONCILE_INTERVAL_MS
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> = Promise.resolve()

  const run = (actor: string) => {
    const r = running.then(() => runReconciliation(ctx, actor))
    running = r.catch((err: unknown) => ctx.logger.warn({ code: (err as { code?: string }).code, message: (err as Error).message }, 'reconciliation run failed'))
    return r
  }
  const schedule = () => {
    if (stopped || intervalMs <= 0) return
    clearTimeout(timer)
    timer = setTimeout(() => {
      run(RECONCILIATION_ACTOR)
        .catch(() => {})
        .finally(schedule)
    }, intervalMs)
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
