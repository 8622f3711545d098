import { createHash, randomUUID } from 'node:crypto'
import { ConflictError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import type { TokenOperationKind } from './tables.ts'
import { recordChange } from '../../record-change.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { sendOperation, type OperationRow } from './operation-workflow.ts'
import { TOKEN_OPERATION, operationWorkflowId } from './workflow-kinds.ts'

export interface NewOperation {
  tokenId: string
  kind: TokenOperationKind
  /** The canonical request (hashed, so a repeat with another body is told apart). */
  request: Record<string, unknown>
  idempotencyKey?: string
  /** Builds the externalTxId from the new operation's id (when no idempotency key names it). */
  externalTxId: (operationId: string) => string
  investorId?: string | null
  toInvestorId?: string | null
  toAddress?: string | null
  quantity?: bigint | null
  agreementRef?: string | null
}

export const hashRequest = (r: Record<string, unknown>) =>
  createHash('sha256')
    .update(JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k] ?? null])))
    .digest('hex')

/**
 * Records a token operation and the workflow that follows it, in one
 * transaction; then asks custody at once so the answer carries the custody
 * transaction (a failure there is left to the workflow, which asks again).
 * The same idempotency key with the same request returns the first
 * operation; with another request it is a 409.
 */
export async function createOperation(ctx: PlatformContext, p: NewOperation, actor: string, correlationId?: string): Promise<{ op: OperationRow; created: boolean }> {
  const hash = hashRequest(p.request)
  if (p.idempotencyKey) {
    const existing = await ctx.db.selectFrom('token_operations').selectAll().where('kind', '=', p.kind).where('idempotency_key', '=', p.idempotencyKey).executeTakeFirst()
    if (existing) return { op: sameOrConflict(existing, hash), created: false }
  }
  const id = randomUUID()
  const now = ctx.clock.now()
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('token_operations')
        .values({
          id,
          token_id: p.tokenId,
          kind: p.kind,
          investor_id: p.investorId ?? null,
          to_investor_id: p.toInvestorId ?? null,
          to_address: p.toAddress ?? null,
          quantity: p.quantity?.toString() ?? null,
          agreement_ref: p.agreementRef ?? null,
          idempotency_key: p.idempotencyKey ?? null,
          request_hash: hash,
          external_tx_id: p.externalTxId(id),
          status: 'SUBMITTED',
          created_by: actor,
          created_at: now,
          updated_at: now,
        })
        .execute()
      await startWorkflow(tx, ctx, { id: operationWorkflowId(id), investorId: `token-op:${id}`, kind: TOKEN_OPERATION, step: 'send', state: { operationId: id }, correlationId })
      await recordChange(tx, ctx, {
        at: now,
        actor,
        action: `token.${p.kind.toLowerCase()}_requested`,
        targetType: 'token',
        targetId: p.tokenId,
        after: { operationId: id, kind: p.kind, ...p.request },
        correlationId: correlationId ?? null,
      })
    })
  } catch (err) {
    // A concurrent request with the same key won the insert: answer as the repeat it is.
    if (p.idempotencyKey) {
      const existing = await ctx.db.selectFrom('token_operations').selectAll().where('kind', '=', p.kind).where('idempotency_key', '=', p.idempotencyKey).executeTakeFirst()
      if (existing) return { op: sameOrConflict(existing, hash), created: false }
    }
    throw err
  }
  ctx.eventsCommitted()
  let op: OperationRow
  try {
    op = (await sendOperation(ctx, id)).op
  } catch (err) {
    ctx.logger.warn({ operationId: id, code: (err as { code?: string }).code, message: (err as Error).message }, 'custody not reached now; the workflow asks again')
    op = await ctx.db.selectFrom('token_operations').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  }
  ctx.wake()
  return { op, created: true }
}

function sameOrConflict(existing: OperationRow, hash: string): OperationRow {
  if (existing.request_hash === hash) return existing
  throw new ConflictError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${existing.idempotency_key} was used for another request`, { operationId: existing.id })
}

/** The public view of an operation. */
export function serializeOperation(op: OperationRow) {
  return {
    id: op.id,
    tokenId: op.token_id,
    kind: op.kind,
    investorId: op.investor_id,
    toInvestorId: op.to_investor_id,
    toAddress: op.to_address,
    quantity: op.quantity,
    agreementRef: op.agreement_ref,
    idempotencyKey: op.idempotency_key,
    status: op.status,
    statusCode: op.status_code,
    statusReason: op.status_reason,
    externalTxId: op.external_tx_id,
    custodyTxId: op.custody_tx_id,
    custodyStatus: op.custody_status,
    txHash: op.tx_hash,
    createdBy: op.created_by,
    createdAt: op.created_at.toISOString(),
    updatedAt: op.updated_at.toISOString(),
  }
}
