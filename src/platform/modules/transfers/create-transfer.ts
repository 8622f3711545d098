import { CustosError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { checkTransfer, type TransferCheck, type TransferCheckInput } from './check-transfer.ts'
import { withHolderLock } from './holder-lock.ts'
import { findOperationByKey } from '../tokens/read-operations.ts'
import { createOperation } from '../tokens/public.ts'

export interface TransferInput extends TransferCheckInput {
  idempotencyKey: string
}

/** The transfer check refused: 422 with the restriction code and message. */
export class TransferRestrictedError extends CustosError {
  override readonly name = 'TransferRestrictedError'
  constructor(check: TransferCheck) {
    super(`TRANSFER_${check.name}`, check.message, { status: 422, details: { restrictionCode: check.code, restriction: check.name } })
  }
}

/**
 * Runs the transfer check (one at a time per holder, counting its pending transfers), then asks custody to send `transfer(to, quantity)`
 * from the sender's custodial vault (externalTxId `xfer:<idempotencyKey>`).
 * The same key with the same body returns the same transfer; with another, 409.
 */
export async function createTransfer(ctx: PlatformContext, input: TransferInput, actor: string, correlationId?: string) {
  const request = { tokenId: input.tokenId, fromInvestorId: input.fromInvestorId, toInvestorId: input.toInvestorId ?? null, toAddress: input.toAddress?.toLowerCase() ?? null, quantity: input.quantity }
  const op = { tokenId: input.tokenId, kind: 'TRANSFER' as const, request, idempotencyKey: input.idempotencyKey, externalTxId: () => `xfer:${input.idempotencyKey}` }
  const existing = await findOperationByKey(ctx, 'TRANSFER', input.idempotencyKey)
  if (existing) return createOperation(ctx, op, actor, correlationId)
  // The check counts the holder's pending transfers; checking and recording this one is one step per holder.
  return withHolderLock(ctx, input.tokenId, input.fromInvestorId, async () => {
    const again = await findOperationByKey(ctx, 'TRANSFER', input.idempotencyKey)
    if (again) return createOperation(ctx, op, actor, correlationId)
    const check = await checkTransfer(ctx, input)
    if (check.code !== 0) throw new TransferRestrictedError(check)
    return createOperation(ctx, { ...op, investorId: input.fromInvestorId, toInvestorId: input.toInvestorId ?? null, toAddress: check.to, quantity: BigInt(check.quantity) }, actor, correlationId)
  })
}
