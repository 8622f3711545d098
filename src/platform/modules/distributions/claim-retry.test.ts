import { describe, expect, it } from 'vitest'
import { MAX_CLAIM_ATTEMPTS, claimRetryDelayMs, nextClaimAttempt } from './claim-workflow.ts'
import { claimAttemptExternalTxId, claimExternalTxId } from './workflow-ids.ts'

describe('retrying a failed claim', () => {
  const now = new Date('2026-06-01T12:00:00Z')
  const deadline = new Date('2026-06-03T12:00:00Z')

  it('retries with a doubling backoff, a bounded number of times', () => {
    expect(nextClaimAttempt(1, now, deadline)).toEqual({ attempt: 2, retryAt: new Date(now.getTime() + 60_000) })
    expect(nextClaimAttempt(2, now, deadline)).toEqual({ attempt: 3, retryAt: new Date(now.getTime() + 120_000) })
    expect(nextClaimAttempt(MAX_CLAIM_ATTEMPTS, now, deadline)).toBeNull()
    expect(claimRetryDelayMs(3)).toBe(240_000)
  })

  it('does not retry when the retry would fall after the claim deadline', () => {
    expect(nextClaimAttempt(1, new Date(deadline.getTime() - 30_000), deadline)).toBeNull()
  })

  it('gives each attempt its own deterministic custody id, the first the one a manual claim uses', () => {
    expect(claimAttemptExternalTxId('d1', 4, 1)).toBe(claimExternalTxId('d1', 4))
    expect(claimAttemptExternalTxId('d1', 4, 2)).toBe('dist:d1:claim:4:attempt:2')
    expect(new Set([1, 2, 3].map((a) => claimAttemptExternalTxId('d1', 4, a))).size).toBe(3)
  })
})
