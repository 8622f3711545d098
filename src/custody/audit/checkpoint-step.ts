import type { Kysely } from 'kysely'
import { checkpointIfDue as checkpointLogIfDue, ANCHOR_CORRELATION_PREFIX } from '../../audit/log/checkpoint-if-due.ts'
import type { StoredCheckpoint } from '../../audit/log/checkpoint.ts'
import type { LogSigner } from '../../audit/log/log-key.ts'
import type { CustodyContext } from '../context.ts'

export { ANCHOR_CORRELATION_PREFIX }

/** Custody's checkpoint step: the shared rule (src/audit/log/checkpoint-if-due.ts) on custody's log. */
export function checkpointIfDue(ctx: CustodyContext, opts: { intervalMs: number; signer: LogSigner; origin: string }): Promise<StoredCheckpoint | null> {
  return checkpointLogIfDue({ db: ctx.db as unknown as Kysely<any>, clock: ctx.clock, ...opts })
}
