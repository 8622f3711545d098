/** A background round that runs at most once at a time per process. */
export interface SingleFlightLoop<T> {
  /** Runs a round now, or joins the one already running (a slow database must not stack rounds up). */
  tick(): Promise<T>
  /** Stops the timer and waits for a round in flight. */
  stop(): Promise<void>
}

/**
 * Runs `round` on a real timer every `pollMs` (never with `pollMs: null`:
 * tests call `tick()` themselves), one round at a time; a failed round is
 * reported to `onError` and the next tick tries again.
 *
 * @example
 * const loop = startSingleFlightLoop(() => anchorOnce(ctx), { pollMs: 5000, onError: (err) => logger.error({ err }, 'anchoring failed') })
 * await loop.stop()
 */
export function startSingleFlightLoop<T>(round: () => Promise<T>, opts: { pollMs: number | null; onError: (err: unknown) => void }): SingleFlightLoop<T> {
  let running: Promise<T> | null = null
  let timer: NodeJS.Timeout | null = null
  const loop: SingleFlightLoop<T> = {
    tick() {
      running ??= round().finally(() => {
        running = null
      })
      return running
    },
    async stop() {
      if (timer) clearInterval(timer)
      timer = null
      await running?.catch(() => {})
    },
  }
  if (opts.pollMs !== null) {
    timer = setInterval(() => {
      loop.tick().catch(opts.onError)
    }, opts.pollMs)
    timer.unref()
  }
  return loop
}
