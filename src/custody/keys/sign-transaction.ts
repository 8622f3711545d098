import { keccak256, serializeTransaction, type TransactionSerializable, type TransactionSerialized } from 'viem'
import type { Signer } from './signer.ts'

/**
 * Signs a transaction with a custody Signer and returns the raw signed
 * transaction, ready for `eth_sendRawTransaction`. Works for every type viem
 * serialises (legacy with EIP-155, 2930, 1559, 4844, 7702).
 *
 * @example
 * const raw = await signTransaction(signer, { chainId: 31337, type: 'eip1559', nonce: 0, to, value: 1n, gas: 21000n, maxFeePerGas, maxPriorityFeePerGas })
 */
export async function signTransaction(signer: Signer, tx: TransactionSerializable): Promise<TransactionSerialized> {
  const digest = keccak256(serializeTransaction(tx))
  const { r, s, yParity } = await signer.signDigest(digest)
  // Legacy transactions take `v`; viem turns it into the EIP-155 value from chainId.
  return serializeTransaction(tx, { r, s, yParity, v: 27n + BigInt(yParity) })
}
