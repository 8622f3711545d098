import type { TxStatus } from '../db/schema.ts'
import { CustosError } from '../../shared/errors.ts'

/**
 * The transaction status machine (Fireblocks-shaped). Terminal statuses have
 * no way out. CONFIRMING may go back to BROADCASTING when a receipt vanishes
 * in a reorg, and stays in CONFIRMING while a stuck transaction is replaced.
 */
export const TRANSITIONS: Record<TxStatus, readonly TxStatus[]> = {
  SUBMITTED: ['PENDING_AUTHORIZATION', 'QUEUED', 'BLOCKED', 'CANCELLED', 'FAILED'],
  PENDING_AUTHORIZATION: ['QUEUED', 'REJECTED', 'CANCELLED', 'BLOCKED', 'FAILED'],
  QUEUED: ['PENDING_SIGNATURE', 'QUEUED', 'FAILED', 'CANCELLED', 'BLOCKED'],
  // Stays in PENDING_SIGNATURE when a cold vault's transaction is marked AWAITING_OFFLINE_SIGNATURE.
  PENDING_SIGNATURE: ['BROADCASTING', 'PENDING_SIGNATURE'],
  BROADCASTING: ['CONFIRMING', 'BROADCASTING'],
  CONFIRMING: ['COMPLETED', 'FAILED', 'BROADCASTING', 'CONFIRMING'],
  COMPLETED: [],
  BLOCKED: [],
  REJECTED: [],
  CANCELLED: [],
  FAILED: [],
}

export function assertTransition(from: TxStatus, to: TxStatus): void {
  if (!TRANSITIONS[from].includes(to)) {
    throw new CustosError('INVALID_TRANSITION', `a transaction cannot go from ${from} to ${to}`, { status: 409 })
  }
}
