import { ConflictError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { recordChange } from '../../record-change.ts'
import { getInvestorRow } from '../investors/read-investors.ts'

/**
 * Puts an investor's latest FAILED workflow back to work from the step that
 * failed. A step whose custody transaction ended without success asks again
 * under a new attempt number (its state says which), never under the old id.
 */
export async function retryFailedWorkflow(ctx: PlatformContext, investorId: string, actor: string, correlationId?: string): Promise<string> {
  await getInvestorRow(ctx, investorId)
  const id = await ctx.db.transaction().execute(async (tx) => {
    const failed = await tx.selectFrom('workflows').selectAll().where('investor_id', '=', investorId).where('status', '=', 'FAILED').orderBy('created_at', 'desc').forUpdate().executeTakeFirst()
    if (!failed) throw new ConflictError('NO_FAILED_WORKFLOW', `investor ${investorId} has no failed workflow to retry`, { investorId })
    const now = ctx.clock.now()
    await tx
      .updateTable('workflows')
      .set({ status: 'ACTIVE', attempts: 0, next_run_at: now, completed_at: null, locked_by: null, locked_until: null, updated_at: now })
      .where('id', '=', failed.id)
      .execute()
    await recordChange(tx, ctx, {
      at: now,
      actor,
      action: 'workflow.retried',
      targetType: 'workflow',
      targetId: failed.id,
      before: { status: 'FAILED', step: failed.step, lastErrorCode: failed.last_error_code },
      after: { status: 'ACTIVE', step: failed.step },
      correlationId: correlationId ?? null,
      details: { investorId },
    })
    return failed.id
  })
  ctx.wake()
  return id
}
