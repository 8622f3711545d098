import type { PlatformContext } from '../../context.ts'
import { startReconciliation, type Reconciliation } from '../reconciliation/start-reconciliation.ts'
import { startIndexer, type Indexer } from './start-indexer.ts'

export interface CapTableLoops {
  /** Undefined when PLATFORM_INDEXER_POLL_MS is 0. */
  indexer: Indexer | undefined
  /** Undefined when PLATFORM_RECONCILE_INTERVAL_MS is 0 (reconciliation then runs only on request). */
  reconciliation: Reconciliation | undefined
  stop(): Promise<void>
}

/**
 * The background loops of the cap table: the chain indexer and the periodic
 * reconciliation. The service starts them with its workers.
 */
export function startCapTableLoops(ctx: PlatformContext): CapTableLoops {
  const indexer = ctx.config.PLATFORM_INDEXER_POLL_MS > 0 ? startIndexer(ctx) : undefined
  const reconciliation = ctx.config.PLATFORM_RECONCILE_INTERVAL_MS > 0 ? startReconciliation(ctx) : undefined
  return {
    indexer,
    reconciliation,
    async stop() {
      await Promise.all([indexer?.stop(), reconciliation?.stop()])
    },
  }
}
