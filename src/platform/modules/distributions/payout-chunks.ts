import { encodeFunctionData, keccak256, stringToHex, type Address, type Hex } from 'viem'
import { payoutBatchAbi } from '../../../chain/generated/abis.ts'

/**
 * Recipients per payout chunk. A first-time holder of the development
 * stablecoin (with its blocklist check) costs about 29,500 gas in PayoutBatch
 * (bench/distributions), so 400 of them estimate about 11.8 M gas: custody's
 * limit (estimate × 1.2 + 10,000) is 14.2 M, under the 16,777,216 cap.
 */
export const PAYOUT_CHUNK_SIZE = 400

/** One transfer of a payout. */
export interface PayoutItem {
  to: Address
  amount: bigint
}

/** Cuts the payout into chunks of at most `size` recipients, in order. */
export function planPayoutChunks<T extends PayoutItem>(items: readonly T[], size = PAYOUT_CHUNK_SIZE): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** The on-chain chunk id: the contract pays each id once per payer, whatever custody does. */
export const payoutChunkId = (distributionId: string, chunkIndex: number, attempt: number): Hex =>
  keccak256(stringToHex(`custos:distribution:${distributionId}:chunk:${chunkIndex}:attempt:${attempt}`))

/** Calldata of PayoutBatch.pay for one chunk. */
export const payoutCalldata = (asset: Address, chunkId: Hex, items: readonly PayoutItem[]): Hex =>
  encodeFunctionData({ abi: payoutBatchAbi, functionName: 'pay', args: [asset, chunkId, items.map((i) => i.to), items.map((i) => i.amount)] })
