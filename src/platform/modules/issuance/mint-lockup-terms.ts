import { ConflictError, ValidationError } from '../../../shared/errors.ts'
import type { Kysely } from 'kysely'
import type { PlatformDB } from '../../db/schema.ts'
import { lockInvestor } from '../investors/public.ts'
import { outstandingMintLockups } from '../tokens/read-operations.ts'

const DAY_SECONDS = 86_400n
/** A century: a longer lock-up is a typing error, not a term. */
const MAX_LOCKUP_SECONDS = 36_500n * DAY_SECONDS

/**
 * The lock-up a mint request asks for, in seconds from now: `lockupDays` whole days, or
 * until `lockupUntil` (rounded up to the second). Null when it asks for none; a
 * ValidationError for both at once, a time not in the future, or more than a century.
 */
export function mintLockupSeconds(input: { lockupDays?: number; lockupUntil?: string }, now: Date): bigint | null {
  if (input.lockupDays !== undefined && input.lockupUntil !== undefined) throw new ValidationError('give at most one of lockupDays and lockupUntil', { field: 'lockupDays' })
  let seconds: bigint
  if (input.lockupDays !== undefined) {
    if (!Number.isSafeInteger(input.lockupDays) || input.lockupDays < 1) throw new ValidationError('lockupDays must be a whole number of days, at least 1', { field: 'lockupDays' })
    seconds = BigInt(input.lockupDays) * DAY_SECONDS
  } else if (input.lockupUntil !== undefined) {
    const until = Date.parse(input.lockupUntil)
    if (Number.isNaN(until)) throw new ValidationError('lockupUntil is not a date-time', { field: 'lockupUntil' })
    if (until <= now.getTime()) throw new ValidationError(`lockupUntil ${input.lockupUntil} is not in the future`, { field: 'lockupUntil' })
    seconds = BigInt(Math.ceil((until - now.getTime()) / 1000))
  } else {
    return null
  }
  if (seconds > MAX_LOCKUP_SECONDS) throw new ValidationError('a lock-up is at most 36,500 days', { field: input.lockupDays !== undefined ? 'lockupDays' : 'lockupUntil' })
  return seconds
}

/**
 * The lock-up module's next-mint duration is per wallet and taken by whichever mint is
 * mined next: a mint with its own lock-up waits until the investor has no other mint or
 * lock-up in flight on the token, and a plain mint until no lock-up waits for its mint
 * (the caller's own, under the same key, excepted). 409 MINT_LOCKUP_IN_FLIGHT otherwise.
 *
 * A guard for createOperation: it runs in the transaction that records the operation,
 * after locking the investor's row, so two concurrent requests (in one process or on two
 * API nodes) see each other: the second waits for the first's insert to commit and then
 * counts it. A check outside that transaction would let both pass (decision 0111).
 */
export function noLockupInFlight(tokenId: string, investorId: string, idempotencyKey: string, withLockup: boolean): (tx: Kysely<PlatformDB>) => Promise<void> {
  return async (tx) => {
    await lockInvestor(tx, investorId)
    const others = (await outstandingMintLockups({ db: tx }, tokenId, investorId)).filter((o) => o.idempotency_key !== idempotencyKey)
    const blocking = withLockup ? others : others.filter((o) => o.kind === 'SET_MINT_LOCKUP')
    if (blocking.length > 0) {
      throw new ConflictError('MINT_LOCKUP_IN_FLIGHT', `investor ${investorId} has ${blocking.map((o) => `${o.kind} ${o.id} (${o.status})`).join(', ')} in flight on this token: a mint with a lock-up goes one at a time per investor`, { operationIds: blocking.map((o) => o.id) })
    }
  }
}
