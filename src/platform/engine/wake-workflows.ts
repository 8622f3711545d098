import type { Kysely } from 'kysely'
import type { PlatformDB } from '../db/schema.ts'

/**
 * Makes every ACTIVE workflow waiting on `key` (a custody externalTxId) due
 * now, inside the caller's transaction. A nudge only: the woken step reads
 * the state it waits for and decides. Returns how many were woken; wake the
 * workers after the commit.
 */
export async function wakeWorkflowsWaitingOn(tx: Kysely<PlatformDB>, key: string, now: Date): Promise<number> {
  const woken = await tx.updateTable('workflows').set({ next_run_at: now }).where('status', '=', 'ACTIVE').where('waiting_on', '=', key).where('next_run_at', '>', now).executeTakeFirst()
  return Number(woken.numUpdatedRows)
}
