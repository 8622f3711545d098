import type { Kysely } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { stateOf, type WorkflowRow } from '../../engine/types.ts'
import { recordChange, type PlatformEvent } from '../../record-change.ts'
import type { DistributionRow } from './tables.ts'

export const WORKFLOW_ACTOR = 'system:workflow:distribution'

/** The distribution a DISTRIBUTION workflow is about. */
export const loadDistribution = (ctx: PlatformContext, wf: WorkflowRow) => ctx.db.selectFrom('distributions').selectAll().where('id', '=', stateOf<{ distributionId: string }>(wf).distributionId).executeTakeFirstOrThrow()

/** Changes a distribution's row and writes its audit entry (and outbound events) in the same transaction. */
export async function setStatus(
  tx: Kysely<PlatformDB>,
  ctx: PlatformContext,
  d: DistributionRow,
  set: Partial<{ status: DistributionRow['status']; status_code: string | null; status_reason: string | null; disbursed_at: Date }>,
  action: string,
  correlationId: string | null,
  details: Record<string, unknown> = {},
  events: PlatformEvent[] = [],
) {
  const now = ctx.clock.now()
  await tx.updateTable('distributions').set({ ...set, updated_at: now }).where('id', '=', d.id).execute()
  await recordChange(tx, ctx, { at: now, actor: WORKFLOW_ACTOR, action, targetType: 'distribution', targetId: d.id, before: { status: d.status }, after: { status: set.status ?? d.status }, details, correlationId, events })
}
