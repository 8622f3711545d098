import { keccak256, type Address, type Hex } from 'viem'
import type { CustodyContext } from '../context.ts'
import { signTransaction } from '../keys/sign-transaction.ts'
import { transition } from '../transactions/transition.ts'
import type { TransactionRow } from '../transactions/serialize.ts'

const SYSTEM = 'system:pipeline'

export interface Fees {
  maxFeePerGas: bigint
  maxPriorityFeePerGas: bigint
}

/** Signs the transaction at its reserved nonce with the vault's key; returns raw bytes and hash. */
export async function signAt(ctx: CustodyContext, t: TransactionRow, fees: Fees): Promise<{ raw: Hex; hash: Hex }> {
  const vault = await ctx.db.selectFrom('vaults').select(['key_ref']).where('id', '=', t.source_vault_id).executeTakeFirstOrThrow()
  const signer = await ctx.keys.signer(vault.key_ref)
  if (signer.address.toLowerCase() !== t.from_address.toLowerCase()) {
    throw new Error(`key of vault ${t.source_vault_id} does not match its address`)
  }
  const raw = await signTransaction(signer, {
    type: 'eip1559',
    chainId: t.chain_id,
    nonce: Number(t.nonce),
    to: t.to_address as Address,
    data: t.data as Hex,
    value: BigInt(t.value),
    gas: BigInt(t.gas_limit!),
    maxFeePerGas: fees.maxFeePerGas,
    maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
  })
  return { raw, hash: keccak256(raw) }
}

/**
 * PENDING_SIGNATURE → BROADCASTING: sign, and store the signed bytes in the
 * same database transaction as the status change, before anything is sent:
 * after a crash the same bytes are broadcast again.
 */
export async function signTransactionStep(ctx: CustodyContext, t: TransactionRow): Promise<TransactionRow> {
  const fees = { maxFeePerGas: BigInt(t.max_fee_per_gas!), maxPriorityFeePerGas: BigInt(t.max_priority_fee_per_gas!) }
  const { raw, hash } = await signAt(ctx, t, fees)
  ctx.failpoint?.('after-signing')
  const now = ctx.clock.now()
  return transition(ctx, t, 'BROADCASTING', {
    actor: SYSTEM,
    patch: { tx_hash: hash, signed_at: now },
    alsoInTx: async (tx) => {
      await tx
        .insertInto('tx_broadcasts')
        .values({ transaction_id: t.id, nonce: t.nonce!, tx_hash: hash, raw, max_fee_per_gas: fees.maxFeePerGas.toString(), max_priority_fee_per_gas: fees.maxPriorityFeePerGas.toString(), created_at: now })
        .execute()
    },
  })
}
