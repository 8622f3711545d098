import type { PlatformContext } from '../../context.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import { recordChange } from '../../record-change.ts'
import { findOrSubmit, isFinal, type CustodyTransaction } from '../custody/public.ts'
import { ourModules, planMigration, selectorOf, type MigrationStep } from './migration-plan.ts'
import type { OperationRow } from './read-operations.ts'
import { getTokenRow } from './read-tokens.ts'
import { operationStatusOf } from './record-custody-outcome.ts'
import { readTokenState } from './token-chain.ts'
import { operationWorkflowId } from './workflow-kinds.ts'

/** The custody externalTxId of one step of a migration: the operation's own, then the step. */
export const migrationStepTxId = (op: Pick<OperationRow, 'external_tx_id'>, step: Pick<MigrationStep, 'key'>) => `${op.external_tx_id}:${step.key}`

/**
 * One pass of a migration: plans the steps still to do from the chain, walks
 * them in order (each asked of custody once, under its own externalTxId), and
 * stops at the first not yet COMPLETED, recording its custody transaction on the
 * operation. With nothing left the operation is COMPLETED and the token's
 * module list is ours. A step that failed at custody fails the operation; a new
 * request resumes from what the chain then shows.
 */
export async function runMigrationStep(ctx: PlatformContext, op: OperationRow): Promise<{ op: OperationRow; tx: CustodyTransaction | null }> {
  if (op.status === 'COMPLETED' || op.status === 'FAILED' || op.status === 'AWAITING_REINCLUSION') return { op, tx: null }
  const token = await getTokenRow(ctx, op.token_id)
  const d = requireDeployments(ctx)
  const steps = await planMigration(ctx, token, d.modules)
  if (steps.some((s) => s.needsPause) && !(await readTokenState(ctx, token)).paused) {
    return { op: await endMigration(ctx, op, { status: 'FAILED', code: 'TOKEN_NOT_PAUSED', reason: `token ${token.symbol} was unpaused before the Custos modules were seeded and bound; pause it and ask again` }), tx: null }
  }
  const { issuerAgent } = await ctx.roles.get()
  let last: CustodyTransaction | null = null
  for (const step of steps) {
    const { tx, submitted } = await findOrSubmit(
      ctx,
      migrationStepTxId(op, step),
      async () => ({ sourceVaultId: issuerAgent.id, to: step.to, data: step.data, intent: { type: 'contract.call', contract: step.to, method: selectorOf(step.data) }, note: step.note, onBehalfOf: op.created_by }),
      operationWorkflowId(op.id),
    )
    if (submitted) await audit(ctx, op, 'token.compliance_migration_step_submitted', { step: step.key, note: step.note, custodyTxId: tx.id })
    if (tx.status === 'COMPLETED') {
      last = tx
      continue
    }
    if (isFinal(tx)) {
      const why = [tx.subStatus, tx.statusReason].filter(Boolean).join(': ')
      return { op: await endMigration(ctx, op, { status: 'FAILED', code: `CUSTODY_TX_${tx.status}`, reason: `step ${step.key} (${step.note}): custody transaction ended ${tx.status}${why ? ` (${why})` : ''}`, tx }), tx }
    }
    const updated = await ctx.db
      .updateTable('token_operations')
      .set({ custody_tx_id: tx.id, custody_status: tx.status, status: operationStatusOf(tx), tx_hash: tx.txHash, updated_at: ctx.clock.now() })
      .where('id', '=', op.id)
      .where('status', 'not in', ['COMPLETED', 'AWAITING_REINCLUSION', 'FAILED'])
      .returningAll()
      .executeTakeFirst()
    return { op: updated ?? op, tx }
  }
  return { op: await endMigration(ctx, op, { status: 'COMPLETED', tx: last, modules: ourModules(d.modules).map((m) => m.address) }), tx: last }
}

type MigrationEnd = { status: 'COMPLETED'; tx: CustodyTransaction | null; modules: string[] } | { status: 'FAILED'; code: string; reason: string; tx?: CustodyTransaction }

/** Ends a migration: the operation final, and for a success the token's module list, with their audit entry in one transaction. */
async function endMigration(ctx: PlatformContext, op: OperationRow, end: MigrationEnd): Promise<OperationRow> {
  const now = ctx.clock.now()
  const row = await ctx.db.transaction().execute(async (t) => {
    const updated = await t
      .updateTable('token_operations')
      .set({
        status: end.status,
        status_code: end.status === 'FAILED' ? end.code : null,
        status_reason: end.status === 'FAILED' ? end.reason : null,
        ...(end.tx ? { custody_tx_id: end.tx.id, custody_status: end.tx.status, tx_hash: end.tx.txHash } : {}),
        updated_at: now,
      })
      .where('id', '=', op.id)
      .where('status', 'not in', ['COMPLETED', 'AWAITING_REINCLUSION', 'FAILED'])
      .returningAll()
      .executeTakeFirst()
    if (!updated) return undefined
    if (end.status === 'COMPLETED') {
      const before = await t.selectFrom('tokens').select('modules').where('id', '=', op.token_id).executeTakeFirstOrThrow()
      await t.updateTable('tokens').set({ modules: JSON.stringify(end.modules), updated_at: now }).where('id', '=', op.token_id).execute()
      await recordChange(t, ctx, { at: now, actor: 'system:compliance-migration', action: 'token.compliance_migrated', targetType: 'token', targetId: op.token_id, before: { modules: before.modules }, after: { modules: end.modules, operationId: op.id }, correlationId: null })
    }
    return updated
  })
  if (row) ctx.eventsCommitted()
  return row ?? op
}

async function audit(ctx: PlatformContext, op: OperationRow, action: string, after: Record<string, unknown>) {
  await ctx.db.transaction().execute((t) => recordChange(t, ctx, { at: ctx.clock.now(), actor: 'system:compliance-migration', action, targetType: 'token', targetId: op.token_id, after: { operationId: op.id, ...after }, correlationId: null }))
  ctx.eventsCommitted()
}
