import type { TxStatus } from '../db/schema.ts'
import { CustosError } from '../../shared/errors.ts'

/**
 * The transaction status machine (Fireblocks-shaped). Terminal statuses have
 * no way out, except that the chain watch sends a COMPLETED (or mined-and-reverted
 * FAILED) transaction whose receipt vanished back to BROADCASTING (decision 0041). CONFIRMING may go back to BROADCASTING when a receipt vanishes
 * in a reorg, and stays in CONFIRMING while a stuck transaction is replaced.
 */
export const TRANSITIONS: Record<TxStatus, readonly TxStatus[]> = {
  SUBMITTED: ['PENDING_AUTHORIZATION', 'QUEUED', 'BLOCKED', 'CANCELLED', 'FAILED'],
  PENDING_AUTHORIZATION: ['QUEUED', 'REJECTED', 'CANCELLED', 'BLOCKED', 'FAILED'],
  QUEUED: ['PENDING_SIGNATURE', 'QUEUED', 'FAILED', 'CANCELLED', 'BLOCKED'],
  // Stays in PENDING_SIGNATURE when a cold vault's transaction is marked AWAITING_OFFLINE_SIGNATURE.
  // Back to QUEUED (for a fresh nonce) when signing resumes after the key was used elsewhere.
  PENDING_SIGNATURE: ['BROADCASTING', 'PENDING_SIGNATURE', 'QUEUED'],
  BROADCASTING: ['CONFIRMING', 'BROADCASTING'],
  CONFIRMING: ['COMPLETED', 'FAILED', 'BROADCASTING', 'CONFIRMING'],
  // Final, except when the chain forgets it (a reorg past finality, a node that lost state):
  // the stored signed bytes go out again (BROADCASTING), never a new signature.
  COMPLETED: ['BROADCASTING'],
  BLOCKED: [],
  REJECTED: [],
  CANCELLED: [],
  // Only a transaction that was mined and reverted (its nonce is used) can be forgotten likewise.
  FAILED: ['BROADCASTING'],
}

export function assertTransition(from: TxStatus, to: TxStatus): void {
  if (!TRANSITIONS[from].includes(to)) {
    throw new CustosError('INVALID_TRANSITION', `a transaction cannot go from ${from} to ${to}`, { status: 409 })
  }
}
