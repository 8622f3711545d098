import { ConflictError, NotFoundError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { recordChange } from '../../record-change.ts'
import { hashRequest } from '../tokens/public.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import { DistributionRefusedError, DistributionStateError } from './errors.ts'
import type { ClaimRow } from './tables.ts'
import { claimWorkflowId } from './workflow-ids.ts'

export interface RequestClaimInput {
  investorId: string
  idempotencyKey: string
}

/** A claim as the API shows it. */
export const claimView = (c: ClaimRow) => ({
  distributionId: c.distribution_id,
  claimIndex: c.claim_index,
  kind: c.kind,
  investorId: c.investor_id,
  account: c.account,
  amount: c.amount,
  status: c.status,
  statusReason: c.status_reason,
  externalTxId: c.external_tx_id,
  custodyTxId: c.custody_tx_id,
  txHash: c.tx_hash,
  requestedAt: c.requested_at?.toISOString() ?? null,
  claimedAt: c.claimed_at?.toISOString() ?? null,
  attempts: c.attempts,
})

/**
 * Claims an investor's net entitlement of a CLAIM distribution for it: custody
 * sends `claim` from the investor's custodial vault (DISTRIBUTION_CLAIM
 * workflow, one custody transaction per leaf, `dist:<id>:claim:<index>`).
 * Only while the round is open (CLAIMABLE, business clock not past the
 * deadline). A leaf is claimed once: any later request for the same investor,
 * under any key, answers with the same claim (`created: false`); the same key
 * for another investor is 409 IDEMPOTENCY_KEY_REUSED.
 */
export async function requestClaim(ctx: PlatformContext, distributionId: string, input: RequestClaimInput, actor: string, correlationId?: string): Promise<{ claim: ReturnType<typeof claimView>; created: boolean }> {
  const hash = hashRequest({ distributionId, investorId: input.investorId })
  const byKey = async () => {
    const r = await ctx.db.selectFrom('distribution_claim_requests').selectAll().where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst()
    if (!r) return null
    if (r.request_hash !== hash) throw new ConflictError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${input.idempotencyKey} was used for another claim`, { distributionId: r.distribution_id, investorId: r.investor_id })
    const c = await ctx.db.selectFrom('distribution_claims').selectAll().where('distribution_id', '=', r.distribution_id).where('claim_index', '=', r.claim_index).executeTakeFirstOrThrow()
    return { claim: claimView(c), created: false }
  }
  const repeat = await byKey()
  if (repeat) return repeat

  const d = await ctx.db.selectFrom('distributions').selectAll().where('id', '=', distributionId).executeTakeFirst()
  if (!d) throw new NotFoundError('distribution', distributionId)
  if (d.mode !== 'CLAIM') throw new DistributionStateError('DISTRIBUTION_NOT_CLAIM_MODE', `distribution ${d.id} is paid to the holders (mode ${d.mode}); nothing is claimed`, { mode: d.mode })
  const investor = await getInvestorRow(ctx, input.investorId)
  const leaf = await ctx.db.selectFrom('distribution_claims').selectAll().where('distribution_id', '=', d.id).where('kind', '=', 'HOLDER').where('investor_id', '=', investor.id).executeTakeFirst()
  if (!leaf && d.status !== 'CLAIMABLE' && d.status !== 'CLOSED') throw new DistributionStateError('DISTRIBUTION_NOT_CLAIMABLE', `the claim round opens on the payment date ${d.payment_date.toISOString()}, once funded; the distribution is ${d.status}`, { status: d.status })
  if (!leaf) {
    const ent = await ctx.db.selectFrom('distribution_entitlements').select(['holder', 'treatment', 'treatment_reason', 'net']).where('distribution_id', '=', d.id).where('investor_id', '=', investor.id).executeTakeFirst()
    const why = !ent ? 'the investor held no tokens at the record point' : ent.treatment !== 'PAY' ? `the entitlement is ${ent.treatment} (${ent.treatment_reason ?? 'holders policy'})` : 'the net entitlement is zero'
    throw new DistributionRefusedError('NOTHING_TO_CLAIM', 'investorId', why, { investorId: investor.id })
  }
  if (leaf.status === 'UNCLAIMED') throw new DistributionStateError('DISTRIBUTION_CLAIM_WINDOW_CLOSED', `claims closed at ${d.claim_deadline!.toISOString()}; this entitlement was not claimed and returned to the treasury`, { claimDeadline: d.claim_deadline!.toISOString() })
  if (leaf.status !== 'OPEN') {
    // The leaf is claimed (or being claimed, or closed) already: the same claim, never a second payment.
    return { claim: claimView(leaf), created: false }
  }
  const now = ctx.clock.now()
  if (d.status !== 'CLAIMABLE') throw new DistributionStateError('DISTRIBUTION_NOT_CLAIMABLE', `the claim round is not open: the distribution is ${d.status}`, { status: d.status })
  if (now > d.claim_deadline!) throw new DistributionStateError('DISTRIBUTION_CLAIM_WINDOW_CLOSED', `claims closed at ${d.claim_deadline!.toISOString()}; what was not claimed returns to the treasury`, { claimDeadline: d.claim_deadline!.toISOString() })
  if (!investor.vault_id) throw new DistributionRefusedError('CLAIM_NOT_CUSTODIAL', 'investorId', `investor ${investor.id} has no custodial vault to claim from; the holder claims on-chain with the proof (GET …/claims)`, { investorId: investor.id })

  let created = false
  try {
    await ctx.db.transaction().execute(async (tx) => {
      const current = await tx.selectFrom('distribution_claims').selectAll().where('distribution_id', '=', d.id).where('claim_index', '=', leaf.claim_index).forUpdate().executeTakeFirstOrThrow()
      await tx.insertInto('distribution_claim_requests').values({ idempotency_key: input.idempotencyKey, request_hash: hash, distribution_id: d.id, investor_id: investor.id, claim_index: leaf.claim_index, requested_by: actor, requested_at: now }).execute()
      if (current.status !== 'OPEN') return
      await tx.updateTable('distribution_claims').set({ status: 'REQUESTED', requested_by: actor, requested_at: now }).where('distribution_id', '=', d.id).where('claim_index', '=', leaf.claim_index).execute()
      await startWorkflow(tx, ctx, { id: claimWorkflowId(d.id, leaf.claim_index), investorId: investor.id, kind: 'DISTRIBUTION_CLAIM', step: 'send', state: { distributionId: d.id, claimIndex: leaf.claim_index }, correlationId: correlationId ?? null })
      await recordChange(tx, ctx, {
        at: now,
        actor,
        action: 'distribution.claim_requested',
        targetType: 'distribution',
        targetId: d.id,
        before: { claim: leaf.claim_index, status: 'OPEN' },
        after: { claim: leaf.claim_index, status: 'REQUESTED' },
        details: { investorId: investor.id, claimIndex: leaf.claim_index, account: leaf.account, amount: leaf.amount, idempotencyKey: input.idempotencyKey },
        correlationId: correlationId ?? null,
      })
      created = true
    })
  } catch (err) {
    const other = await byKey()
    if (other) return other
    throw err
  }
  if (created) ctx.wake()
  const c = await ctx.db.selectFrom('distribution_claims').selectAll().where('distribution_id', '=', d.id).where('claim_index', '=', leaf.claim_index).executeTakeFirstOrThrow()
  return { claim: claimView(c), created }
}

/** A distribution's claim round: its leaves with their proofs (a holder outside custody claims on-chain with them). */
export async function listClaims(ctx: Pick<PlatformContext, 'db'>, distributionId: string) {
  const d = await ctx.db.selectFrom('distributions').selectAll().where('id', '=', distributionId).executeTakeFirst()
  if (!d) throw new NotFoundError('distribution', distributionId)
  const rows = await ctx.db.selectFrom('distribution_claims').selectAll().where('distribution_id', '=', distributionId).orderBy('claim_index').execute()
  return {
    distributionId,
    roundId: d.claim_round_id,
    root: d.claim_root,
    claimDeadline: d.claim_deadline?.toISOString() ?? null,
    total: d.claim_total,
    claimedTotal: rows.filter((r) => r.status === 'CLAIMED').reduce((s, r) => s + BigInt(r.amount), 0n).toString(),
    reclaimedTotal: d.reclaimed_total,
    items: rows.map((r) => ({ ...claimView(r), proof: r.proof })),
  }
}
