import type { Address, Chain, Hex, PublicClient, Transport } from 'viem'
import { auditAnchorAbi } from '../../chain/generated/abis.ts'
import type { Logger } from '../../shared/logger.ts'
import { recordCheckpointAnchor } from './anchor.ts'
import type { StoredCheckpoint } from './checkpoint.ts'
import type { AuditDb } from './schema.ts'

/**
 * SUBMITTED (a transaction is under way), CONFIRMED (the root is on-chain),
 * FAILED (the last attempt did not complete; retried), SKIPPED (the chain
 * already anchors a larger tree of this log, and the contract accepts only
 * growth), CONFLICT (the chain holds a different root for this size: investigate).
 */
export type AnchorStatus = 'SUBMITTED' | 'CONFIRMED' | 'FAILED' | 'SKIPPED' | 'CONFLICT'

/** What one anchoring step did to one checkpoint. */
export interface AnchorProgress {
  treeSize: bigint
  status: AnchorStatus
  txId?: string
  reason?: string
}

/** Custody statuses after which an anchor transaction is tried again under a new id. */
export const UNSUCCESSFUL_ANCHOR_TX = new Set(['FAILED', 'BLOCKED', 'REJECTED', 'CANCELLED'])

const ZERO_ROOT = `0x${'0'.repeat(64)}`

/**
 * Reads what the AuditAnchor contract holds for a checkpoint before any
 * transaction is sent, and settles what the chain alone decides: a different
 * root for this size (CONFLICT, logged as an error) or a larger tree already
 * anchored (SKIPPED, the contract accepts only growth). Returns `ours` when
 * our root is already there (the caller records CONFIRMED with the
 * transaction it finds), `settled`, or `open` when an anchor must be sent.
 * Shared by custody's and the platform's anchoring, which differ only in how
 * they send the transaction.
 */
export async function settleByChain(
  db: AuditDb,
  client: PublicClient<Transport, Chain>,
  cp: StoredCheckpoint,
  opts: { anchor: Address; logId: Hex; logger: Logger; what: string },
  out: AnchorProgress[],
): Promise<'ours' | 'settled' | 'open'> {
  const [[onChainRoot], latest] = await Promise.all([
    client.readContract({ address: opts.anchor, abi: auditAnchorAbi, functionName: 'rootAt', args: [opts.logId, cp.treeSize] }),
    client.readContract({ address: opts.anchor, abi: auditAnchorAbi, functionName: 'latestTreeSize', args: [opts.logId] }),
  ])
  const ours = `0x${cp.rootHash}`
  if (onChainRoot.toLowerCase() === ours) return 'ours'
  if (onChainRoot !== ZERO_ROOT) {
    await recordCheckpointAnchor(db, cp.treeSize, { status: 'CONFLICT' })
    opts.logger.error({ treeSize: cp.treeSize.toString(), onChainRoot, root: ours, logId: opts.logId }, `the chain anchors a different root for this ${opts.what}: investigate`)
    out.push({ treeSize: cp.treeSize, status: 'CONFLICT', reason: `chain holds ${onChainRoot}` })
    return 'settled'
  }
  if (latest >= cp.treeSize) {
    await recordCheckpointAnchor(db, cp.treeSize, { status: 'SKIPPED' })
    out.push({ treeSize: cp.treeSize, status: 'SKIPPED', reason: `the chain already anchors tree size ${latest}` })
    return 'settled'
  }
  return 'open'
}
