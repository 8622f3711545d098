import type { Selectable } from 'kysely'
import { NotFoundError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import type { TokenOperationKind, TokenOperationsTable } from './tables.ts'

type Db = Pick<PlatformContext, 'db'>

export type OperationRow = Selectable<TokenOperationsTable>

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

/** One operation by id (404 `token operation` when there is none). */
export async function getOperationRow(ctx: Db, id: string): Promise<OperationRow> {
  const row = await ctx.db.selectFrom('token_operations').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('token operation', id)
  return row
}

/** One operation of a kind by id, under the name the API gives that kind (`issuance`, `transfer`, …): 404 otherwise. */
export async function getOperationOfKind(ctx: Db, id: string, kind: TokenOperationKind, what: string) {
  const row = await ctx.db.selectFrom('token_operations').selectAll().where('id', '=', id).where('kind', '=', kind).executeTakeFirst()
  if (!row) throw new NotFoundError(what, id)
  return serializeOperation(row)
}

/** One operation of a token (404 when the token has no such operation). */
export async function getTokenOperation(ctx: Db, tokenId: string, operationId: string) {
  const row = await ctx.db.selectFrom('token_operations').selectAll().where('token_id', '=', tokenId).where('id', '=', operationId).executeTakeFirst()
  if (!row) throw new NotFoundError('token operation', operationId)
  return serializeOperation(row)
}

/** A token's operations, newest first (the latest 200). */
export async function listTokenOperations(ctx: Db, tokenId: string) {
  const rows = await ctx.db.selectFrom('token_operations').selectAll().where('token_id', '=', tokenId).orderBy('created_at', 'desc').limit(200).execute()
  return { items: rows.map(serializeOperation) }
}

/** The operation a caller created under an idempotency key, if any. */
export async function findOperationByKey(ctx: Db, kind: TokenOperationKind, idempotencyKey: string): Promise<OperationRow | undefined> {
  return ctx.db.selectFrom('token_operations').selectAll().where('kind', '=', kind).where('idempotency_key', '=', idempotencyKey).executeTakeFirst()
}

/** Operations of one kind created under any of these idempotency keys. */
export async function operationsByKeys(ctx: Db, kind: TokenOperationKind, idempotencyKeys: readonly string[]): Promise<OperationRow[]> {
  if (idempotencyKeys.length === 0) return []
  return ctx.db.selectFrom('token_operations').selectAll().where('kind', '=', kind).where('idempotency_key', 'in', [...idempotencyKeys]).execute()
}

/** Operations by id (those that exist), in no particular order. */
export async function operationsByIds(ctx: Db, ids: readonly string[]): Promise<OperationRow[]> {
  if (ids.length === 0) return []
  return ctx.db.selectFrom('token_operations').selectAll().where('id', 'in', [...ids]).execute()
}

/** A token's operations still waiting for custody (submitted, or awaiting approval). */
export async function operationsInFlight(ctx: Db, tokenId: string): Promise<Array<Pick<OperationRow, 'external_tx_id' | 'tx_hash'>>> {
  return ctx.db.selectFrom('token_operations').select(['external_tx_id', 'tx_hash']).where('token_id', '=', tokenId).where('status', 'in', ['SUBMITTED', 'PENDING_AUTHORIZATION']).execute()
}

/**
 * Base units an investor's own transfers of a token will still take out of its balance:
 * those asked of custody and not yet mined (a mined one — custody CONFIRMING — is in the
 * balance already). The transfer check counts them, so concurrent requests never promise
 * more than the investor may spend.
 */
export async function pendingTransferQuantity(ctx: Db, tokenId: string, investorId: string): Promise<bigint> {
  const rows = await ctx.db
    .selectFrom('token_operations')
    .select(['quantity', 'custody_status'])
    .where('token_id', '=', tokenId)
    .where('kind', '=', 'TRANSFER')
    .where('investor_id', '=', investorId)
    .where('status', 'in', ['SUBMITTED', 'PENDING_AUTHORIZATION'])
    .execute()
  return rows.filter((r) => r.custody_status !== 'CONFIRMING' && r.custody_status !== 'COMPLETED').reduce((s, r) => s + BigInt(r.quantity ?? '0'), 0n)
}

/**
 * One investor's mints and next-mint lock-ups on a token that may still change what its next
 * mint records on-chain: those not final, and lock-ups recorded whose own mint (same key)
 * is not final or not asked yet.
 */
export async function outstandingMintLockups(ctx: Db, tokenId: string, investorId: string): Promise<OperationRow[]> {
  const rows = await ctx.db
    .selectFrom('token_operations')
    .selectAll()
    .where('token_id', '=', tokenId)
    .where('investor_id', '=', investorId)
    .where('kind', 'in', ['MINT', 'SET_MINT_LOCKUP'])
    .where((eb) => eb.or([eb('status', 'not in', ['COMPLETED', 'FAILED']), eb('kind', '=', 'SET_MINT_LOCKUP')]))
    .execute()
  const lockups = rows.filter((r) => r.kind === 'SET_MINT_LOCKUP' && r.status === 'COMPLETED')
  const mints = await operationsByKeys(ctx, 'MINT', lockups.map((l) => l.idempotency_key!).filter(Boolean))
  const finalMint = new Set(mints.filter((m) => m.status === 'COMPLETED' || m.status === 'FAILED').map((m) => m.idempotency_key))
  return rows.filter((r) => (r.status !== 'COMPLETED' && r.status !== 'FAILED') || (r.kind === 'SET_MINT_LOCKUP' && r.status === 'COMPLETED' && !finalMint.has(r.idempotency_key)))
}
