import { getAddress, keccak256, serializeTransaction, type Address, type Hex, type TransactionSerializableEIP1559 } from 'viem'
import { CustosError } from '../../shared/errors.ts'
import type { TransactionRow } from '../transactions/serialize.ts'
import type { VaultRow } from '../vaults/serialize.ts'

/** Sub-status of a cold vault's transaction whose nonce and fees are reserved, waiting for its offline signature. */
export const AWAITING_OFFLINE_SIGNATURE = 'AWAITING_OFFLINE_SIGNATURE'

/**
 * What leaves custody for the offline signer: the exact EIP-1559 transaction to sign (nonce,
 * gas and fees already reserved), the key that must sign it, and the digest, so that the
 * offline machine can check it signs exactly this and nothing else. No secret is in it.
 */
export interface ColdPayload {
  format: 'custos-cold-payload'
  version: 1
  transactionId: string
  externalTxId: string
  vaultId: string
  keyBackend: string
  /** The vault key's BIP-32 path in the keystore (not secret). */
  keyRef: string
  from: Address
  transaction: {
    type: 'eip1559'
    chainId: number
    nonce: string
    to: Address
    data: Hex
    value: string
    gas: string
    maxFeePerGas: string
    maxPriorityFeePerGas: string
  }
  /** keccak256 of the unsigned serialized transaction: the digest the key signs. */
  signingHash: Hex
  /** What custody decoded the call to do, for the person signing to read. */
  summary: { operation: string; asset: string | null; amount: string | null; destination: string | null; note: string | null }
}

/** The payload for a cold vault transaction that is waiting for its offline signature. */
export function coldPayloadOf(t: TransactionRow, vault: VaultRow): ColdPayload {
  if (t.nonce === null || t.gas_limit === null || t.max_fee_per_gas === null || t.max_priority_fee_per_gas === null) {
    throw new CustosError('COLD_PAYLOAD_NOT_READY', `transaction ${t.id} has no reserved nonce and fees yet`, { status: 409 })
  }
  const transaction: ColdPayload['transaction'] = {
    type: 'eip1559',
    chainId: t.chain_id,
    nonce: t.nonce.toString(),
    to: getAddress(t.to_address),
    data: t.data as Hex,
    value: t.value,
    gas: t.gas_limit,
    maxFeePerGas: t.max_fee_per_gas,
    maxPriorityFeePerGas: t.max_priority_fee_per_gas,
  }
  return {
    format: 'custos-cold-payload',
    version: 1,
    transactionId: t.id,
    externalTxId: t.external_tx_id,
    vaultId: vault.id,
    keyBackend: vault.key_backend,
    keyRef: vault.key_ref,
    from: getAddress(t.from_address),
    transaction,
    signingHash: keccak256(serializeTransaction(unsignedOf(transaction))),
    summary: { operation: t.operation, asset: t.asset, amount: t.amount, destination: t.destination, note: t.note },
  }
}

/** The viem transaction a payload describes (bigints from its decimal strings). */
export function unsignedOf(tx: ColdPayload['transaction']): TransactionSerializableEIP1559 {
  return {
    type: 'eip1559',
    chainId: tx.chainId,
    nonce: Number(tx.nonce),
    to: getAddress(tx.to),
    data: tx.data,
    value: BigInt(tx.value),
    gas: BigInt(tx.gas),
    maxFeePerGas: BigInt(tx.maxFeePerGas),
    maxPriorityFeePerGas: BigInt(tx.maxPriorityFeePerGas),
  }
}
