import { createHash, randomUUID } from 'node:crypto'
import { ConflictError } from '../../../shared/errors.ts'
import type { Kysely } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import type { TokenOperationKind } from './tables.ts'
import { recordChange } from '../../record-change.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { sendOperation } from './operation-workflow.ts'
import { findOperationByKey, getOperationRow, type OperationRow } from './read-operations.ts'
import { TOKEN_OPERATION, operationWorkflowId } from './workflow-kinds.ts'
import { serialiseWithMigration } from './migration-guard.ts'

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
  /**
   * Runs first in the transaction that records the operation: a check that must hold at
   * the instant of the insert (it takes its own row lock), refusing by throwing.
   */
  guard?: (tx: Kysely<PlatformDB>) => Promise<void>
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
    const existing = await findOperationByKey(ctx, p.kind, p.idempotencyKey)
    if (existing) return { op: sameOrConflict(existing, hash), created: false }
  }
  const id = randomUUID()
  const now = ctx.clock.now()
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await p.guard?.(tx)
      await insertOperation(tx, {
        id,
        tokenId: p.tokenId,
        kind: p.kind,
        investorId: p.investorId,
        toInvestorId: p.toInvestorId,
        toAddress: p.toAddress,
        quantity: p.quantity?.toString(),
        agreementRef: p.agreementRef,
        idempotencyKey: p.idempotencyKey,
        requestHash: hash,
        externalTxId: p.externalTxId(id),
        createdBy: actor,
        at: now,
      })
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
      const existing = await findOperationByKey(ctx, p.kind, p.idempotencyKey)
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
    op = await getOperationRow(ctx, id)
  }
  ctx.wake()
  return { op, created: true }
}

/** An operation's row as first recorded (SUBMITTED, nothing asked of custody yet). */
export interface OperationRecord {
  id: string
  tokenId: string
  kind: TokenOperationKind
  investorId?: string | null
  toInvestorId?: string | null
  toAddress?: string | null
  /** Base units, as a decimal string. */
  quantity?: string | null
  agreementRef?: string | null
  idempotencyKey?: string | null
  requestHash: string
  externalTxId: string
  createdBy: string
  at: Date
}

/**
 * Records an operation inside the caller's transaction, SUBMITTED. createOperation
 * uses it with its own workflow; a batch mint records each chunk with it and
 * sends the chunks itself.
 */
export async function insertOperation(tx: Kysely<PlatformDB>, r: OperationRecord): Promise<void> {
  await serialiseWithMigration(tx, r.tokenId, r.kind)
  await tx
    .insertInto('token_operations')
    .values({
      id: r.id,
      token_id: r.tokenId,
      kind: r.kind,
      investor_id: r.investorId ?? null,
      to_investor_id: r.toInvestorId ?? null,
      to_address: r.toAddress ?? null,
      quantity: r.quantity ?? null,
      agreement_ref: r.agreementRef ?? null,
      idempotency_key: r.idempotencyKey ?? null,
      request_hash: r.requestHash,
      external_tx_id: r.externalTxId,
      status: 'SUBMITTED',
      created_by: r.createdBy,
      created_at: r.at,
      updated_at: r.at,
    })
    .execute()
}

function sameOrConflict(existing: OperationRow, hash: string): OperationRow {
  if (existing.request_hash === hash) return existing
  throw new ConflictError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${existing.idempotency_key} was used for another request`, { operationId: existing.id })
}
