import { TransactionReceiptNotFoundError, type Chain, type Hash, type PublicClient, type TransactionReceipt, type Transport } from 'viem'
import { ChainError } from '../shared/errors.ts'

/**
 * A transaction's receipt, asked of the node every `pollMs` until it is there
 * or `timeoutMs` has passed. viem's `waitForTransactionReceipt` instead looks
 * each time its block watcher reports a new block number; on a loaded machine
 * it has missed an already-mined transaction until its timeout (on anvil no
 * later block comes when nothing else is sent), failing CI twice.
 *
 * @example
 * const receipt = await waitForReceipt(publicClient, hash)
 */
export async function waitForReceipt(client: PublicClient<Transport, Chain>, hash: Hash, opts: { timeoutMs?: number; pollMs?: number } = {}): Promise<TransactionReceipt> {
  const timeoutMs = opts.timeoutMs ?? 120_000
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await client.getTransactionReceipt({ hash })
    } catch (err) {
      if (!(err instanceof TransactionReceiptNotFoundError)) throw err
    }
    if (Date.now() > deadline) throw new ChainError('RECEIPT_TIMEOUT', `no receipt for transaction ${hash} after ${Math.round(timeoutMs / 1000)} s`, { details: { txHash: hash } })
    await new Promise((resolve) => setTimeout(resolve, opts.pollMs ?? 50))
  }
}
