import type { Kysely } from 'kysely'
import { createCheckpoint, latestCheckpoint, type StoredCheckpoint } from '../../audit/log/checkpoint.ts'
import type { LogSigner } from '../../audit/log/log-key.ts'
import { auditTables } from '../../audit/log/schema.ts'
import { readHead } from '../../audit/log/tree-store.ts'
import type { CustodyContext } from '../context.ts'

/** Correlation id prefix of everything the anchoring does (its transactions, their gas top-ups and status changes). */
export const ANCHOR_CORRELATION_PREFIX = 'audit-anchor:'

/**
 * Signs a checkpoint when the interval has passed since the latest one (by
 * its stored time, so restarts and several processes agree) and the log has
 * grown by something other than the anchoring's own trail: otherwise every
 * anchor would log entries that call for another checkpoint, and an idle
 * service would anchor for ever. Those entries are covered by the next
 * checkpoint that real activity brings.
 */
export async function checkpointIfDue(ctx: CustodyContext, opts: { intervalMs: number; signer: LogSigner; origin: string }): Promise<StoredCheckpoint | null> {
  const db = auditTables(ctx.db as unknown as Kysely<any>)
  const latest = await latestCheckpoint(db)
  if (latest && ctx.clock.now().getTime() - latest.createdAt.getTime() < opts.intervalMs) return null
  const head = await readHead(db, { lock: false })
  const from = latest?.treeSize ?? 0n
  if (BigInt(head.treeSize) <= from) return null
  const activity = await db
    .selectFrom('audit_entries')
    .select('seq')
    .where('seq', '>=', from)
    .where((eb) => eb.or([eb('correlation_id', 'is', null), eb('correlation_id', 'not like', `${ANCHOR_CORRELATION_PREFIX}%`)]))
    .limit(1)
    .executeTakeFirst()
  if (!activity) return null
  const made = await createCheckpoint({ db, clock: ctx.clock, signer: opts.signer, origin: opts.origin })
  if (!made || (latest && made.treeSize === latest.treeSize)) return null
  return made
}
