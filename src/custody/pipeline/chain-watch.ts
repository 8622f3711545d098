import type { CustodyContext } from '../context.ts'
import { alertStuck } from './alert-stuck.ts'
import { checkNonceDrift } from './check-nonce-drift.ts'
import { checkGasStationFunded } from './gas-station-empty.ts'
import { recheckFinal } from './recheck-final.ts'
import { selectNode } from './select-node.ts'

export interface ChainWatch {
  /** Runs one pass now and resolves when it is done (tests, and after a node came back). */
  runOnce(): Promise<void>
  stop(): Promise<void>
}

/**
 * Every `chainWatchMs`, compares what custody believes with the chain (decisions 0041,
 * 0043): receipts of transactions final less than the watch window ago, each address's
 * nonce against the ledger, transactions that stopped making progress, and whether an
 * empty gas station has been funded (decision 0092). Each part is
 * idempotent (optimistic locks, unique halts), so several custody processes may watch at once.
 * A pass that fails (the node is down) is logged and tried again on the next tick.
 */
export function startChainWatch(ctx: CustodyContext): ChainWatch {
  let running = true
  let current: Promise<void> = Promise.resolve()
  let timer: NodeJS.Timeout | null = null

  const pass = async () => {
    for (const [name, step] of [
      ['node selection', () => selectNode(ctx)],
      ['receipts after finality', () => recheckFinal(ctx)],
      ['nonce drift', () => checkNonceDrift(ctx)],
      ['stuck transactions', () => alertStuck(ctx)],
      ['gas station funded', () => checkGasStationFunded(ctx)],
    ] as const) {
      try {
        await step()
      } catch (err) {
        ctx.logger.warn({ err: String((err as Error)?.message ?? err).slice(0, 300), step: name }, 'chain watch step failed; next pass tries again')
      }
    }
  }
  const runOnce = () => {
    current = current.then(pass)
    return current
  }
  const tick = () => {
    if (!running) return
    void runOnce().finally(() => {
      if (running) timer = setTimeout(tick, ctx.pipeline.chainWatchMs)
    })
  }
  timer = setTimeout(tick, ctx.pipeline.chainWatchMs)
  timer.unref?.()

  return {
    runOnce,
    async stop() {
      running = false
      if (timer) clearTimeout(timer)
      await current
    },
  }
}
