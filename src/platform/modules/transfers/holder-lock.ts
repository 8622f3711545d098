import type { PlatformContext } from '../../context.ts'

const queues = new WeakMap<object, Map<string, Promise<unknown>>>()

/**
 * Runs `fn` for one (token, holder) at a time in this platform process: a transfer's check
 * and the operation it creates are one step, so three concurrent requests that together
 * exceed what the holder may spend get one yes and two answers that count the first.
 * Across several API nodes custody is the last word: it reserves per holder under a
 * database lock (docs/decisions/0028-per-holder-reservations-and-holds.md).
 */
export async function withHolderLock<T>(ctx: PlatformContext, tokenId: string, investorId: string, fn: () => Promise<T>): Promise<T> {
  let byKey = queues.get(ctx)
  if (!byKey) queues.set(ctx, (byKey = new Map()))
  const key = `${tokenId}:${investorId}`
  const before = byKey.get(key) ?? Promise.resolve()
  const run = before.then(fn, fn)
  const tail = run.catch(() => undefined)
  byKey.set(key, tail)
  try {
    return await run
  } finally {
    if (byKey.get(key) === tail) byKey.delete(key)
  }
}
