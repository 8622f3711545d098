import type { PlatformContext } from '../../context.ts'
import { wakeWorkflowsWaitingOn } from '../../engine/wake-workflows.ts'
import { recordChange } from '../../record-change.ts'
import { NotFoundError, ForbiddenError } from '../../../shared/errors.ts'
import type { Principal } from '../../../shared/auth/verify-request.ts'
import { approvalWaitKey } from './distribution-workflow.ts'
import { DistributionStateError } from './errors.ts'
import type { Approval, DistributionRow } from './tables.ts'

/**
 * One approval of a snapshotted distribution. Paying needs two distinct
 * principals: one approving as issuer (scope `issuer`, the issuer-admin) and
 * one as compliance (scope `compliance`, the compliance officer). A principal
 * counts once; approving again is a no-op. With both, the distribution is
 * APPROVED (`distribution.approved`) and its workflow goes on to the payment date.
 */
export async function approveDistribution(ctx: PlatformContext, id: string, principal: Principal, actor: string, correlationId?: string): Promise<{ row: DistributionRow; changed: boolean }> {
  const as: Approval['as'] | null = principal.scopes.includes('compliance') ? 'compliance' : principal.scopes.includes('issuer') ? 'issuer' : null
  if (!as) throw new ForbiddenError('DISTRIBUTION_APPROVER_ROLE', 'only an issuer-admin (scope issuer) or a compliance officer (scope compliance) approves a distribution', { scopes: principal.scopes })
  let changed = false
  await ctx.db.transaction().execute(async (tx) => {
    const d = await tx.selectFrom('distributions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
    if (!d) throw new NotFoundError('distribution', id)
    if (d.status === 'DECLARED') throw new DistributionStateError('DISTRIBUTION_NOT_SNAPSHOTTED', 'the entitlements are not frozen yet: approve after the snapshot at the record point (GET …/entitlements previews them)', { status: d.status })
    if (d.status !== 'SNAPSHOTTED') {
      if (d.approvals.some((a) => a.keyId === principal.keyId)) return
      throw new DistributionStateError('DISTRIBUTION_ALREADY_APPROVED', `the distribution is ${d.status}`, { status: d.status })
    }
    if (d.approvals.some((a) => a.keyId === principal.keyId)) return
    if (d.approvals.some((a) => a.as === as)) throw new DistributionStateError('DISTRIBUTION_APPROVAL_ROLE_TAKEN', `a ${as} approval is already recorded: the other approval must come from the ${as === 'issuer' ? 'compliance officer' : 'issuer-admin'}`, { approvals: d.approvals })
    const now = ctx.clock.now()
    const approvals = [...d.approvals, { keyId: principal.keyId, role: principal.role, as, at: now.toISOString() }]
    const complete = approvals.some((a) => a.as === 'issuer') && approvals.some((a) => a.as === 'compliance')
    await tx.updateTable('distributions').set({ approvals: JSON.stringify(approvals), updated_at: now, ...(complete ? { status: 'APPROVED' as const, approved_at: now } : {}) }).where('id', '=', id).execute()
    await recordChange(tx, ctx, {
      at: now,
      actor,
      action: complete ? 'distribution.approved' : 'distribution.approval_recorded',
      targetType: 'distribution',
      targetId: id,
      before: { status: d.status, approvals: d.approvals.length },
      after: { status: complete ? 'APPROVED' : d.status, approvals: approvals.length },
      details: { as, role: principal.role },
      correlationId: correlationId ?? null,
      events: complete ? [{ type: 'distribution.approved', resourceType: 'distribution', resourceId: id, data: { distributionId: id, tokenId: d.token_id, approvals: approvals.map((a) => ({ role: a.role, as: a.as, at: a.at })), paymentDate: d.payment_date.toISOString(), netTotal: d.net_total, withheldTotal: d.withheld_total } }] : [],
    })
    if (complete) await wakeWorkflowsWaitingOn(tx, approvalWaitKey(id), now)
    changed = true
  })
  if (changed) {
    ctx.eventsCommitted()
    ctx.wake()
  }
  return { row: await ctx.db.selectFrom('distributions').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), changed }
}
