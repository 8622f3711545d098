import { TransactionReceiptNotFoundError, zeroAddress, type Hash } from 'viem'
import type { PlatformContext } from '../../context.ts'
import type { Drift } from './raise-alert.ts'
import { transfersInTransaction } from '../indexer/read-sources.ts'

const ZERO = zeroAddress.toLowerCase()

interface Move {
  from: string
  to: string
  amount: string
}

export interface CheckOperationsReturnType {
  /** Operations compared with the chain this run (matched or drifted). */
  checked: string[]
  matched: Array<{ operationId: string; blockNumber: bigint; blockHash: string }>
  /** Completed, but their block is not indexed yet: not drift, checked next time. */
  pending: string[]
  drifts: Drift[]
}

const key = (m: Move) => `${m.from}|${m.to}|${m.amount}`
const sameMoves = (a: Move[], b: Move[]) => a.map(key).sort().join(',') === b.map(key).sort().join(',')

async function receiptOf(ctx: PlatformContext, hash: string) {
  try {
    return await ctx.chain.publicClient.getTransactionReceipt({ hash: hash as Hash })
  } catch (err) {
    if (err instanceof TransactionReceiptNotFoundError) return null
    throw err
  }
}

/**
 * Every COMPLETED mint, transfer and batch mint with a transaction hash, not
 * yet found on-chain as instructed, against the Transfer events indexed in
 * that transaction: a mint is exactly one Transfer from 0x0 to the
 * investor's wallet of the quantity; a transfer one from the sender's
 * wallet to the receiver; a batch mint any number from 0x0 adding up to its
 * quantity. An operation whose block the index has not reached is left for
 * later; one whose transaction the chain does not know (dropped by a reorg)
 * is drift.
 */
export async function checkOperations(ctx: PlatformContext): Promise<CheckOperationsReturnType> {
  const ops = await ctx.db
    .selectFrom('token_operations as o')
    .innerJoin('indexer_sources as s', 's.token_id', 'o.token_id')
    .leftJoin('investors as sender', 'sender.id', 'o.investor_id')
    .select(['o.id', 'o.token_id', 'o.kind', 'o.to_address', 'o.quantity', 'o.tx_hash', 's.synced_to', 'sender.wallet_address as sender_wallet'])
    .where('o.status', '=', 'COMPLETED')
    .where('o.kind', 'in', ['MINT', 'TRANSFER', 'BATCH_MINT'])
    .where('o.tx_hash', 'is not', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('reconciled_operations as r').select('r.operation_id').whereRef('r.operation_id', '=', 'o.id'))))
    .orderBy('o.created_at')
    .execute()

  const out: CheckOperationsReturnType = { checked: [], matched: [], pending: [], drifts: [] }
  for (const op of ops) {
    const txHash = op.tx_hash!.toLowerCase()
    const events = await transfersInTransaction(ctx, op.token_id, txHash)
    let block: { number: bigint; hash: string }
    if (events.length > 0) {
      block = { number: events[0]!.block_number, hash: events[0]!.block_hash }
    } else {
      const receipt = await receiptOf(ctx, txHash)
      if (!receipt) {
        out.checked.push(op.id)
        out.drifts.push({
          kind: 'OPERATION_TX_MISSING',
          key: `OPERATION_TX_MISSING:${op.id}`,
          tokenId: op.token_id,
          operationId: op.id,
          txHash,
          details: { operationKind: op.kind, quantity: op.quantity, toAddress: op.to_address, message: 'the platform recorded this operation COMPLETED but the chain does not know its transaction (dropped in a reorg?)' },
        })
        continue
      }
      if (receipt.blockNumber > op.synced_to) {
        out.pending.push(op.id)
        continue
      }
      block = { number: receipt.blockNumber, hash: receipt.blockHash.toLowerCase() }
    }

    out.checked.push(op.id)
    const found: Move[] = events.map((e) => ({ from: e.from_address!, to: e.to_address!, amount: BigInt(e.amount!).toString() }))
    const quantity = op.quantity === null ? null : BigInt(op.quantity).toString()
    let ok: boolean
    let expected: unknown
    if (op.kind === 'BATCH_MINT') {
      const total = found.reduce((s, m) => s + BigInt(m.amount), 0n).toString()
      expected = { from: ZERO, total: quantity }
      ok = found.length > 0 && found.every((m) => m.from === ZERO) && (quantity === null || total === quantity)
    } else {
      const from = op.kind === 'MINT' ? ZERO : (op.sender_wallet?.toLowerCase() ?? null)
      const want: Move[] = [{ from: from ?? '(unknown sender wallet)', to: op.to_address?.toLowerCase() ?? '', amount: quantity ?? '' }]
      expected = want
      ok = sameMoves(found, want)
    }
    if (ok) {
      out.matched.push({ operationId: op.id, blockNumber: block.number, blockHash: block.hash })
    } else {
      out.drifts.push({
        kind: 'OPERATION_MISMATCH',
        key: `OPERATION_MISMATCH:${op.id}`,
        tokenId: op.token_id,
        operationId: op.id,
        txHash,
        blockNumber: block.number,
        details: { operationKind: op.kind, expected, found, message: 'the Transfer events of the operation’s transaction differ from what the platform instructed' },
      })
    }
  }
  return out
}
