import { ConflictError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { lockLatestFailedWorkflow } from '../../engine/read-workflows.ts'
import { resumeFailedWorkflow } from '../../engine/resume-workflow.ts'
import { getInvestorRow } from '../investors/read-investors.ts'

/**
 * Puts an investor's latest FAILED workflow back to work from the step that
 * failed. A step whose custody transaction ended without success asks again
 * under a new attempt number (its state says which), never under the old id.
 */
export async function retryFailedWorkflow(ctx: PlatformContext, investorId: string, actor: string, correlationId?: string): Promise<string> {
  await getInvestorRow(ctx, investorId)
  const id = await ctx.db.transaction().execute(async (tx) => {
    const failed = await lockLatestFailedWorkflow(tx, investorId)
    if (!failed) throw new ConflictError('NO_FAILED_WORKFLOW', `investor ${investorId} has no failed workflow to retry`, { investorId })
    await resumeFailedWorkflow(tx, ctx, failed.id, { actor, correlationId, details: { investorId } })
    return failed.id
  })
  ctx.wake()
  return id
}
