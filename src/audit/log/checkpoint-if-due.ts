import { keccak256, stringToHex, type Hex } from 'viem'
import type { Clock } from '../../shared/clock.ts'
import { createCheckpoint, latestCheckpoint, type StoredCheckpoint } from './checkpoint.ts'
import type { LogSigner } from './log-key.ts'
import { auditTables, type AuditDb } from './schema.ts'
import { readHead } from './tree-store.ts'

/** Correlation id prefix of everything a service's anchoring does (its transactions and whatever they log). */
export const ANCHOR_CORRELATION_PREFIX = 'audit-anchor:'

export interface CheckpointIfDueOptions {
  db: AuditDb
  clock: Clock
  signer: LogSigner
  origin: string
  /** Least time between two checkpoints, by the clock. */
  intervalMs: number
  /** Entries whose correlation id starts with this do not by themselves call for a checkpoint (default ANCHOR_CORRELATION_PREFIX). */
  ignoreCorrelationPrefix?: string
}

/**
 * Signs a checkpoint when the interval has passed since the latest one (by
 * its stored time, so restarts and several processes agree) and the log has
 * grown by something other than the anchoring's own trail: otherwise every
 * anchor could log entries that call for another checkpoint, and an idle
 * service would anchor for ever. Those entries are covered by the next
 * checkpoint that real activity brings. (Shared form of custody's
 * checkpoint step, for any service.)
 *
 * @example
 * const cp = await checkpointIfDue({ db, clock, signer, origin, intervalMs: 300_000 })
 */
export async function checkpointIfDue(opts: CheckpointIfDueOptions): Promise<StoredCheckpoint | null> {
  const db = auditTables(opts.db)
  const prefix = opts.ignoreCorrelationPrefix ?? ANCHOR_CORRELATION_PREFIX
  const latest = await latestCheckpoint(db)
  if (latest && opts.clock.now().getTime() - latest.createdAt.getTime() < opts.intervalMs) return null
  const head = await readHead(db, { lock: false })
  const from = latest?.treeSize ?? 0n
  if (BigInt(head.treeSize) <= from) return null
  const activity = await db
    .selectFrom('audit_entries')
    .select('seq')
    .where('seq', '>=', from)
    .where((eb) => eb.or([eb('correlation_id', 'is', null), eb('correlation_id', 'not like', `${prefix}%`)]))
    .limit(1)
    .executeTakeFirst()
  if (!activity) return null
  const made = await createCheckpoint({ db, clock: opts.clock, signer: opts.signer, origin: opts.origin })
  if (!made || (latest && made.treeSize === latest.treeSize)) return null
  return made
}

/**
 * The on-chain log id of an origin: keccak256 of its UTF-8 bytes (the
 * `logId` of AuditAnchor.anchor and rootAt).
 *
 * @example
 * auditLogId('custos.dev/platform/main') // 0x…
 */
export function auditLogId(origin: string): Hex {
  return keccak256(stringToHex(origin))
}
