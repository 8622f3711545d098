/** How failed deliveries are retried. */
export interface RetryPolicy {
  /** Delay after the first failed attempt (doubles each time). */
  baseDelayMs: number
  /** Upper bound of one delay. */
  maxDelayMs: number
  /** A delivery whose attempt fails this long after it was scheduled is marked FAILED. */
  giveUpAfterMs: number
}

/** 1 s, 2 s, 4 s … capped at 1 h, for 24 h. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 1_000,
  maxDelayMs: 60 * 60 * 1_000,
  giveUpAfterMs: 24 * 60 * 60 * 1_000,
}

/**
 * Delay before the next attempt after `failedAttempts` failures (1 for the
 * first). Exponential, capped, with jitter that only shortens the delay (to
 * between 75 % and 100 % of the nominal value): retries of many deliveries
 * that failed together spread out, each delay still exceeds the one before
 * it until the cap, and none exceeds the cap.
 */
export function retryDelayMs(failedAttempts: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 40)
  const nominal = Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs)
  return Math.round(nominal * (0.75 + 0.25 * random()))
}

/** When to try again after a failed attempt at `attemptAt`, or undefined to give up. */
export function nextAttemptAt(p: { scheduledAt: Date; attemptAt: Date; failedAttempts: number; policy?: RetryPolicy; random?: () => number }): Date | undefined {
  const policy = p.policy ?? DEFAULT_RETRY_POLICY
  if (p.attemptAt.getTime() - p.scheduledAt.getTime() >= policy.giveUpAfterMs) return undefined
  return new Date(p.attemptAt.getTime() + retryDelayMs(p.failedAttempts, policy, p.random))
}
