import type { Kysely } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import type { WorkflowRow } from '../../engine/types.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { stateOf, type StepOutcome, type WorkflowDefinition } from '../../engine/types.ts'
import { createOperation } from './create-operation.ts'

/** Freeze an investor's wallet on every token, or lift the freezes the platform put on it. */
export type FreezeMode = 'freeze' | 'unfreeze'

type FreezeState = { mode: FreezeMode; wallet: string; reason: string; claimSeq: number }

/** Workflow id: one freeze (or unfreeze) per investor and claim, so a repeat starts nothing new. */
export const freezeWorkflowId = (investorId: string, claimSeq: number, mode: FreezeMode) => `investor-${mode}:${investorId}:${claimSeq}`

/**
 * Starts, inside the caller's transaction, freezing (or unfreezing) an
 * investor's wallet on the platform's tokens. Called when rescreening finds
 * the investor on a sanctions list (freeze), and when a compliance officer
 * clears a suspended investor (unfreeze).
 */
export async function startInvestorFreeze(
  tx: Kysely<PlatformDB>,
  ctx: Pick<PlatformContext, 'clock'>,
  p: { investorId: string; claimSeq: number; wallet: string; mode: FreezeMode; reason: string; correlationId?: string | null },
): Promise<void> {
  await startWorkflow(tx, ctx, {
    id: freezeWorkflowId(p.investorId, p.claimSeq, p.mode),
    investorId: p.investorId,
    kind: 'INVESTOR_FREEZE',
    step: 'request',
    state: { mode: p.mode, wallet: p.wallet, reason: p.reason, claimSeq: p.claimSeq },
    correlationId: p.correlationId ?? null,
  })
}

/**
 * The tokens to act on. A freeze covers every ACTIVE token, held or not, so
 * the wallet can neither send nor receive any of them. An unfreeze lifts only
 * the freezes the platform itself completed for this investor (a freeze an
 * agent put on for another reason stays).
 */
async function targetTokens(ctx: PlatformContext, investorId: string, s: FreezeState): Promise<string[]> {
  if (s.mode === 'freeze') {
    const rows = await ctx.db.selectFrom('tokens').select('id').where('status', '=', 'ACTIVE').orderBy('created_at').orderBy('id').execute()
    return rows.map((r) => r.id)
  }
  const rows = await ctx.db
    .selectFrom('token_operations')
    .select(['token_id', 'kind', 'created_at'])
    .where('investor_id', '=', investorId)
    .where('kind', 'in', ['FREEZE', 'UNFREEZE'])
    .where('status', '=', 'COMPLETED')
    .orderBy('created_at')
    .execute()
  const frozen = new Map<string, boolean>()
  for (const r of rows) frozen.set(r.token_id, r.kind === 'FREEZE')
  return [...frozen].filter(([, f]) => f).map(([id]) => id)
}

/**
 * One FREEZE/UNFREEZE token operation per token, each under an idempotency
 * key derived from this workflow, so running the step again after a crash
 * finds the operations it already created. Each operation is followed to its
 * end by its own TOKEN_OPERATION workflow (the issuer-agent vault is warm: a
 * custody approver signs off every freeze).
 */
async function request(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const s = stateOf<FreezeState>(wf)
  const kind = s.mode === 'freeze' ? 'FREEZE' : 'UNFREEZE'
  if (s.mode === 'unfreeze') {
    // A freeze still awaiting its approval would land after the unfreeze: lift it once it has.
    const pending = await ctx.db.selectFrom('token_operations').select('id').where('investor_id', '=', wf.investor_id).where('kind', '=', 'FREEZE').where('status', 'not in', ['COMPLETED', 'FAILED']).executeTakeFirst()
    if (pending) return { type: 'wait', ms: ctx.settings.custodyPollMs }
  }
  const tokens = await targetTokens(ctx, wf.investor_id, s)
  const operations: string[] = []
  for (const tokenId of tokens) {
    const key = `${wf.id}:${tokenId}`
    const { op } = await createOperation(
      ctx,
      {
        tokenId,
        kind,
        request: { tokenId, investorId: wf.investor_id, address: s.wallet, reason: s.reason },
        idempotencyKey: key,
        externalTxId: () => key,
        investorId: wf.investor_id,
        toAddress: s.wallet,
      },
      `system:${s.mode === 'freeze' ? 'sanctions-freeze' : 'sanctions-clearance'}`,
      wf.correlation_id ?? undefined,
    )
    operations.push(op.id)
  }
  return { type: 'done', audit: { action: s.mode === 'freeze' ? 'investor.freeze_requested' : 'investor.unfreeze_requested', details: { wallet: s.wallet, reason: s.reason, tokens, operations } } }
}

/** INVESTOR_FREEZE: asks custody to freeze (or unfreeze) an investor's wallet on the platform's tokens. */
export const investorFreezeWorkflow: WorkflowDefinition = {
  kind: 'INVESTOR_FREEZE',
  steps: { request },
}
