import { getAddress, type Hex } from 'viem'
import type { CustodyContext } from '../context.ts'
import type { TransactionRow } from '../transactions/serialize.ts'
import { pipelineClient } from './chain-cache.ts'
import { sendBack } from './send-back.ts'
import { haltSigning } from './signing-halts.ts'

export interface NonceDriftResult {
  /** Transactions sent again because the chain is behind the ledger. */
  sentBack: TransactionRow[]
  /** Addresses whose nonce the chain has ahead of the ledger (now halted). */
  halted: string[]
}

/**
 * Compares, per (chain, address) in the nonce ledger, the chain's nonces with custody's
 * (decision 0043). The chain is read before the ledger, so without outside use the chain
 * can never be ahead.
 * - Behind (the chain forgot): every transaction of the address from the chain's nonce
 *   upward that custody counted as mined goes back to BROADCASTING, and its stored bytes are
 *   sent again in nonce order. This also fills a gap in the gas station's nonces before
 *   anything waits on it. A transaction sent and never mined is no drift: its nonce is not
 *   below the chain's yet, and the confirm stage owns it (replacement after `stuckAfterMs`,
 *   the highest-fee bytes again at the ceiling). Nor is one the node still holds in its pool
 *   under any of its hashes: it is left alone.
 * - Ahead (a nonce used outside custody): the address is halted — custody signs nothing
 *   more for it — and an alert says its key may have been used elsewhere.
 */
export async function checkNonceDrift(ctx: CustodyContext): Promise<NonceDriftResult> {
  const chainId = ctx.chain.chainId
  const addresses = (await ctx.db.selectFrom('nonces').select('address').where('chain_id', '=', chainId).execute()).map((r) => r.address)
  if (addresses.length === 0) return { sentBack: [], halted: [] }
  const client = pipelineClient(ctx)
  const readAt = ctx.clock.now()
  const counts = await Promise.all(
    addresses.map((a) =>
      Promise.all([client.getTransactionCount({ address: a as Hex, blockTag: 'latest' }), client.getTransactionCount({ address: a as Hex, blockTag: 'pending' })]).then(([l, p]) => ({ latest: BigInt(l), pending: BigInt(p) })),
    ),
  )
  const ledger = new Map((await ctx.db.selectFrom('nonces').select(['address', 'next_nonce']).where('chain_id', '=', chainId).where('address', 'in', addresses).execute()).map((r) => [r.address, BigInt(r.next_nonce)]))
  const halted: string[] = []
  const forgotten: TransactionRow[] = []
  for (const [i, address] of addresses.entries()) {
    const { latest, pending } = counts[i]!
    const next = ledger.get(address)
    if (next === undefined) continue
    if (pending > next) {
      if (await haltSigning(ctx, { address, chainNonce: pending, ledgerNonce: next })) halted.push(address)
      continue
    }
    if (latest >= next) continue
    const rows = await ctx.db
      .selectFrom('transactions')
      .selectAll()
      .where('chain_id', '=', chainId)
      .where('from_address', 'in', [address, getAddress(address)])
      .where('nonce', '>=', latest)
      // Only what custody knew before it read the chain (a later change is no drift).
      .where('updated_at', '<', readAt)
      .where((eb) =>
        eb.or([
          eb('status', '=', 'COMPLETED'),
          eb.and([eb('status', '=', 'FAILED'), eb('sub_status', '=', 'ONCHAIN_REVERTED')]),
          // Mined (not final yet) and gone. Sent and never mined is the confirm stage's (see above).
          eb.and([eb('status', '=', 'CONFIRMING'), eb('block_hash', 'is not', null)]),
        ]),
      )
      .orderBy('nonce')
      .execute()
    // Not final and back in the node's pool under one of its hashes (a reorg returns a block's
    // transactions there): the node holds it, the confirm stage sees it mined again or reorged.
    const confirming = rows.filter((r) => r.status === 'CONFIRMING').map((r) => r.id)
    const hashes = confirming.length ? await ctx.db.selectFrom('tx_broadcasts').select(['transaction_id', 'tx_hash']).where('transaction_id', 'in', confirming).execute() : []
    const held = new Set<string>()
    await Promise.all(hashes.map((h) => client.getTransaction({ hash: h.tx_hash as Hex }).then(() => held.add(h.transaction_id), () => undefined)))
    forgotten.push(...rows.filter((r) => !held.has(r.id)))
  }
  const sentBack = await sendBack(ctx, { rows: forgotten, why: "the chain's nonce of the address is behind custody's ledger" })
  return { sentBack, halted }
}
