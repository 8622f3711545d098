import { keccak256, type Address, type Hex } from 'viem'
import type { CustodyContext } from '../context.ts'
import { signTransaction } from '../keys/sign-transaction.ts'
import type { TransactionRow } from '../transactions/serialize.ts'
import { vaultOf } from './chain-cache.ts'
import { CustosError } from '../../shared/errors.ts'

export interface Fees {
  maxFeePerGas: bigint
  maxPriorityFeePerGas: bigint
}

/** Signs the transaction at its reserved nonce with the vault's key; returns raw bytes and hash. */
export async function signAt(ctx: CustodyContext, t: TransactionRow, fees: Fees): Promise<{ raw: Hex; hash: Hex }> {
  const vault = await vaultOf(ctx, t.source_vault_id)
  // Cold vaults are signed offline only, even when a transaction of theirs is stuck.
  if (vault.tier === 'cold') throw new CustosError('COLD_VAULT_SIGNS_OFFLINE', `vault ${vault.id} is cold: it is never signed online`, { status: 409 })
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
