import { getAddress, isAddressEqual, keccak256, parseTransaction, recoverTransactionAddress, type Hex, type TransactionSerializedEIP1559 } from 'viem'
import type { CustodyContext } from '../context.ts'
import { recordChange } from '../events.ts'
import { ConflictError, CustosError, NotFoundError } from '../../shared/errors.ts'
import { transition } from '../transactions/transition.ts'
import type { TransactionRow } from '../transactions/serialize.ts'
import { AWAITING_OFFLINE_SIGNATURE, coldPayloadOf, unsignedOf, type ColdPayload } from './cold-payload.ts'

const SYSTEM = 'system:pipeline'
// An import wakes the pipeline at once; this is only the backstop if that wake is lost.
const RECHECK_MS = 10_000
// secp256k1 group order / 2: an s above it is malleable and nodes refuse it (EIP-2).
const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n

/**
 * PENDING_SIGNATURE of a cold vault (nonce, gas and fees already reserved): marks it
 * AWAITING_OFFLINE_SIGNATURE and gives it back to wait for the signed import instead of
 * signing. The import wakes the pipeline; `wait` is only a backstop.
 *
 * @throws StaleTransitionError when it moved meanwhile (e.g. the import came first).
 */
export async function awaitOfflineSignatureStep(ctx: CustodyContext, t: TransactionRow): Promise<{ row: TransactionRow; wait: Date }> {
  const wait = new Date(ctx.clock.now().getTime() + RECHECK_MS)
  if (t.sub_status === AWAITING_OFFLINE_SIGNATURE) return { row: t, wait }
  const row = await transition(ctx, t, 'PENDING_SIGNATURE', {
    actor: SYSTEM,
    subStatus: AWAITING_OFFLINE_SIGNATURE,
    reason: `cold vault: export the payload (GET /v1/transactions/${t.id}/cold-payload), sign it offline (custos custody cold-sign), import it (POST /v1/transactions/${t.id}/cold-signature)`,
  })
  return { row, wait }
}

async function awaitingRow(ctx: CustodyContext, id: string) {
  const t = await ctx.db.selectFrom('transactions').selectAll().where('id', '=', id).executeTakeFirst()
  if (!t) throw new NotFoundError('transaction', id)
  const vault = await ctx.db.selectFrom('vaults').selectAll().where('id', '=', t.source_vault_id).executeTakeFirstOrThrow()
  return { t, vault }
}

/**
 * The unsigned payload of a cold vault transaction waiting for its offline signature. The
 * export is audited (who took it out, when).
 *
 * @throws ConflictError `NOT_AWAITING_OFFLINE_SIGNATURE`
 */
export async function exportColdPayload(ctx: CustodyContext, id: string, by: { actor: string; correlationId?: string }): Promise<ColdPayload> {
  const { t, vault } = await awaitingRow(ctx, id)
  if (vault.tier !== 'cold' || t.status !== 'PENDING_SIGNATURE' || t.sub_status !== AWAITING_OFFLINE_SIGNATURE) {
    throw new ConflictError('NOT_AWAITING_OFFLINE_SIGNATURE', `transaction ${id} is ${t.status}${t.sub_status ? `/${t.sub_status}` : ''}, not waiting for an offline signature`, { status: t.status, subStatus: t.sub_status })
  }
  const payload = coldPayloadOf(t, vault)
  await ctx.db.transaction().execute((tx) =>
    recordChange(tx, ctx.events, {
      at: ctx.clock.now(),
      actor: by.actor,
      action: 'transaction.cold_payload_exported',
      targetType: 'transaction',
      targetId: id,
      after: { signingHash: payload.signingHash, nonce: payload.transaction.nonce, from: payload.from },
      correlationId: by.correlationId ?? t.correlation_id,
    }),
  )
  return payload
}

/** The signed transaction does not match what custody reserved and exported. */
export class ColdSignatureRejectedError extends CustosError {
  override readonly name = 'ColdSignatureRejectedError'
  constructor(code: 'COLD_SIGNATURE_MISMATCH' | 'COLD_SIGNATURE_WRONG_SIGNER' | 'COLD_SIGNATURE_INVALID', message: string, details?: Record<string, unknown>) {
    super(code, message, { status: 422, details })
  }
}

/**
 * Imports the offline-signed raw transaction of a cold vault and sends it on to
 * broadcasting. It must be exactly the exported transaction (same chain, nonce, recipient,
 * data, value, gas and fees) signed by the vault's own address with a low-s signature;
 * anything else is refused and changes nothing. Importing the same bytes again answers
 * with the transaction as it is.
 *
 * @throws ColdSignatureRejectedError (422), ConflictError `NOT_AWAITING_OFFLINE_SIGNATURE`
 */
export async function importColdSignature(ctx: CustodyContext, id: string, raw: Hex, by: { actor: string; correlationId?: string }): Promise<TransactionRow> {
  const { t, vault } = await awaitingRow(ctx, id)
  const hash = keccak256(raw)
  if (t.status !== 'PENDING_SIGNATURE' || t.sub_status !== AWAITING_OFFLINE_SIGNATURE || vault.tier !== 'cold') {
    const known = await ctx.db.selectFrom('tx_broadcasts').select('id').where('transaction_id', '=', id).where('tx_hash', '=', hash).executeTakeFirst()
    if (known) return t
    throw new ConflictError('NOT_AWAITING_OFFLINE_SIGNATURE', `transaction ${id} is ${t.status}${t.sub_status ? `/${t.sub_status}` : ''}, not waiting for an offline signature`, { status: t.status, subStatus: t.sub_status })
  }
  const expected = unsignedOf(coldPayloadOf(t, vault).transaction)
  let parsed: ReturnType<typeof parseTransaction>
  let signer: string
  try {
    parsed = parseTransaction(raw)
    signer = await recoverTransactionAddress({ serializedTransaction: raw as TransactionSerializedEIP1559 })
  } catch (err) {
    throw new ColdSignatureRejectedError('COLD_SIGNATURE_INVALID', `not a signed transaction: ${(err as Error).message.split('\n')[0]}`)
  }
  if (parsed.type !== 'eip1559') throw new ColdSignatureRejectedError('COLD_SIGNATURE_MISMATCH', `expected an EIP-1559 transaction, got ${parsed.type}`)
  const differs: string[] = []
  const same = (a: unknown, b: unknown) => String(a ?? '').toLowerCase() === String(b ?? '').toLowerCase()
  if (!same(parsed.chainId, expected.chainId)) differs.push('chainId')
  if (!same(parsed.nonce ?? 0, expected.nonce)) differs.push('nonce')
  if (!parsed.to || !isAddressEqual(parsed.to, expected.to!)) differs.push('to')
  if (!same(parsed.data ?? '0x', expected.data)) differs.push('data')
  if (!same(parsed.value ?? 0n, expected.value)) differs.push('value')
  if (!same(parsed.gas, expected.gas)) differs.push('gas')
  if (!same(parsed.maxFeePerGas, expected.maxFeePerGas)) differs.push('maxFeePerGas')
  if (!same(parsed.maxPriorityFeePerGas, expected.maxPriorityFeePerGas)) differs.push('maxPriorityFeePerGas')
  if ((parsed.accessList ?? []).length > 0) differs.push('accessList')
  if (differs.length > 0) {
    throw new ColdSignatureRejectedError('COLD_SIGNATURE_MISMATCH', `the signed transaction differs from the exported one in ${differs.join(', ')}`, { fields: differs })
  }
  if (!isAddressEqual(getAddress(signer), getAddress(t.from_address))) {
    throw new ColdSignatureRejectedError('COLD_SIGNATURE_WRONG_SIGNER', `signed by ${getAddress(signer)}, not by the vault's address ${getAddress(t.from_address)}`)
  }
  if (parsed.s === undefined || BigInt(parsed.s) > HALF_N) throw new ColdSignatureRejectedError('COLD_SIGNATURE_INVALID', 'the signature has a high s value (EIP-2); nodes refuse it')

  const now = ctx.clock.now()
  const row = await transition(ctx, t, 'BROADCASTING', {
    actor: by.actor,
    reason: 'signed offline and imported',
    patch: { tx_hash: hash, signed_at: now, next_action_at: now },
    alsoInTx: async (tx) => {
      await tx
        .insertInto('tx_broadcasts')
        .values({ transaction_id: t.id, nonce: t.nonce!, tx_hash: hash, raw, max_fee_per_gas: t.max_fee_per_gas!, max_priority_fee_per_gas: t.max_priority_fee_per_gas!, created_at: now })
        .execute()
      await recordChange(tx, ctx.events, {
        at: now,
        actor: by.actor,
        action: 'transaction.cold_signature_imported',
        targetType: 'transaction',
        targetId: t.id,
        after: { txHash: hash, nonce: t.nonce!.toString(), signer: getAddress(signer) },
        correlationId: by.correlationId ?? t.correlation_id,
      })
    },
  })
  ctx.wake()
  return row
}
